// `npm run migrate -- [--url URL] [--admin KEYPAIR] [--treasury PUBKEY] [--params FILE] [--program-id ID]`:
// runs the numbered, idempotent setup steps (migrations/steps) against a cluster, localnet by
// default. Steps already visible on chain are skipped, so running it again changes nothing.
import { ATELIER_PROGRAM_ID, toAtelierError } from "@atelier/sdk";
import { UsageError, connectCluster, isLocal, loadAdmin, parseClusterOptions } from "./cluster.js";
import { loadParams } from "./params.js";
import { programPresence } from "./program-check.js";
import { runMigrations } from "./run.js";

async function main(): Promise<void> {
  const options = parseClusterOptions({ argv: process.argv.slice(2), env: process.env });
  const programId = options.programId ?? ATELIER_PROGRAM_ID;
  const params = loadParams({ path: options.paramsPath });
  const connection = await connectCluster({ url: options.url });
  if ((await programPresence({ connection, programId })) !== "executable") {
    throw new UsageError(`program ${programId.toBase58()} is not deployed at ${options.url}; see \`npx tsx migrations/deploy.ts --url ${options.url}\``);
  }
  const admin = await loadAdmin({ connection, path: options.adminPath, url: options.url });
  let treasury = options.treasury;
  if (!treasury) {
    if (!isLocal({ url: options.url })) throw new UsageError("--treasury <PUBKEY> (or ATELIER_TREASURY) is required outside localnet");
    treasury = admin.publicKey;
  }
  console.log(`[migrate] ${options.url} program ${programId.toBase58()} admin ${admin.publicKey.toBase58()}`);
  const reports = await runMigrations({ connection, admin, treasury, params, programId });
  const applied = reports.filter((r) => r.outcome === "applied").length;
  console.log(`[migrate] done: ${applied} applied, ${reports.length - applied} not applied`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`[migrate] ${e.message}`);
      process.exit(2);
    }
    const error = toAtelierError(e);
    console.error(`[migrate] failed: ${error.name}${error.code !== null ? ` (${error.code})` : ""}: ${error.message}`);
    if (error.logs.length > 0) console.error(error.logs.join("\n"));
    process.exit(1);
  },
);
