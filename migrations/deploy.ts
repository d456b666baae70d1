// `npx tsx migrations/deploy.ts [--url URL] [--program-id ID]`: checks that the Atelier program
// is deployed and executable at the cluster (localnet by default, where it is built in). On a
// real cluster it explains how to deploy with the Anchor CLI and exits non-zero until it is.
import { ATELIER_PROGRAM_ID } from "@atelier/sdk";
import { UsageError, connectCluster, isLocal, parseClusterOptions } from "./cluster.js";
import { programPresence } from "./program-check.js";

async function main(): Promise<number> {
  const options = parseClusterOptions({ argv: process.argv.slice(2), env: process.env });
  const programId = options.programId ?? ATELIER_PROGRAM_ID;
  const connection = await connectCluster({ url: options.url });
  const presence = await programPresence({ connection, programId });
  if (presence === "executable") {
    console.log(`[deploy] program ${programId.toBase58()} is deployed and executable at ${options.url}`);
    return 0;
  }
  const what = presence === "missing" ? "is not deployed" : "exists but is not executable";
  if (isLocal({ url: options.url })) {
    console.error(`[deploy] program ${programId.toBase58()} ${what} at ${options.url}.`);
    console.error("[deploy] localnet hosts the program natively at the IDL's address: is this localnet? (`cargo run -p localnet`)");
    return 1;
  }
  console.error(`[deploy] program ${programId.toBase58()} ${what} at ${options.url}.`);
  console.error(
    [
      "[deploy] Deploy it with the Solana and Anchor CLIs (Agave 2.x, Anchor 0.31.1), where the SBF toolchain exists:",
      "  anchor keys sync                                   # your program keypair in target/deploy/",
      "  anchor build                                       # cargo build-sbf + IDL",
      `  anchor deploy --provider.cluster ${options.url}`,
      "then run `npm run migrate -- --url <URL> --treasury <PUBKEY>` in the same session (anyone can",
      "send initialize_config first on a fresh deployment). Pass --program-id when it differs from the IDL's.",
    ].join("\n"),
  );
  return 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof UsageError ? `[deploy] ${e.message}` : e);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
