/**
 * The main job (`npm start`): the whole Atelier pipeline on one machine with embedded defaults —
 * localnet (fresh chain), Redis, the local Irys bundler STAND-IN, migrations, demo artists with an
 * influence index, a generator node (watcher + generator + crank) and two verifier nodes on CPU with
 * the tiny models — then a client pays for a prompt and the job is followed to settlement.
 * Everything started is stopped on exit, on error and on Ctrl-C; `--keep` leaves it running.
 *   npx tsx workers/scripts/main-job.ts ["prompt"] [--keep] [--seed N] [--timeout-s N]
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import {
  ATELIER_PROGRAM_ID,
  assetPda,
  attestationCounts,
  createAtelierClient,
  fetchCoreAsset,
  fetchJob,
  fetchProvenance,
  fetchRoyaltySplitter,
  fetchWorker,
  jobStatus,
  parseEvents,
  splitterPda,
  toAtelierError,
  waitForSignature,
  type AtelierClient,
  type ProtocolParamsInput,
} from "@atelier/sdk";
import { DEFAULT_PROTOCOL_PARAMS } from "../../migrations/params.js";
import { runMigrations } from "../../migrations/run.js";
import { runCli } from "../src/cli/run-cli.js";
import type { CliIo } from "../src/cli/output.js";
import { parseEnv } from "../src/env.js";
import { encodePng } from "../src/image/png.js";
import { createLogger } from "../src/logger.js";
import { createInferenceEngine } from "../src/processors/inference-engine.js";
import { parsePipelineEnv } from "../src/roles/pipeline-env.js";
import { type AtelierNode, startNode } from "../src/roles/start-node.js";
import { startLocalBundler } from "../src/storage/local-bundler/index.js";
import { gatewayUri } from "../src/storage/gateway.js";
import { makeTinyModels } from "../src/inference/tiny/tiny-models.js";
import { createCleanup, startLocalnet, startRedis } from "./main-job/services.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TINY_DIR = fileURLToPath(new URL("../.models/tiny", import.meta.url));
const LOCALNET_BIN = process.env.ATELIER_LOCALNET_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "debug", "localnet");

/**
 * The migration defaults, with a CLIP floor the tiny demo models can reach (3.00), and a verifier
 * committee sized to the demo's two verifier nodes: committee 2 (= quorum 2) and oversampling 8,
 * i.e. 16 verifiers wanted per draw against two of equal stake, so the chain draws both every time
 * and the job settles on the fast path — once both revealed — instead of waiting out the
 * 60-second commit window for a third seat nobody can fill.
 */
const DEMO_PARAMS: ProtocolParamsInput = { ...DEFAULT_PROTOCOL_PARAMS, clipScoreFloor: 300, verifierCommittee: 2, verifierOversample: 8 };
const DEMO_ARTISTS = [
  { name: "Ines Warmtone", tint: [1.25, 0.9, 0.65] },
  { name: "Kai Coldwater", tint: [0.65, 0.9, 1.25] },
  { name: "Mona Graphite", tint: [1, 1, 1] },
] as const;

const { values, positionals } = parseArgs({
  options: { keep: { type: "boolean" }, seed: { type: "string", default: "1" }, "timeout-s": { type: "string", default: "90" } },
  allowPositionals: true,
});
const prompt = positionals[0] ?? "a lighthouse at dusk, oil on canvas";
const started = Date.now();
const say = (line: string) => process.stdout.write(`\x1b[1m▶ ${line}\x1b[0m\n`);
const stage = (line: string) => process.stdout.write(`  [${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);
const row = (k: string, v: string) => process.stdout.write(`  ${k.padEnd(14)} ${v}\n`);

const cleanup = createCleanup();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    process.stderr.write(`\nmain job: ${signal}, stopping everything it started\n`);
    void cleanup.run().then(() => process.exit(130));
  });
}

/** Runs one operator CLI command in-process; fails with its one-line error. */
async function cli(argv: string[]): Promise<Record<string, unknown>> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += `${t}\n`), interactive: false };
  const code = await runCli({ argv: [...argv, "--json"], env: {}, io });
  if (code !== 0) throw new Error(`atelier-worker ${argv.filter((a) => !a.includes("/")).join(" ")}: ${err.split("\n")[0]}`);
  return JSON.parse(out) as Record<string, unknown>;
}

async function keypairFile(dir: string, name: string, keypair: Keypair): Promise<string> {
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(Array.from(keypair.secretKey)), { mode: 0o600 });
  return path;
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), "atelier-main-job-"));
  if (!values.keep) cleanup.push({ what: "work dir", undo: () => rm(work, { recursive: true, force: true }) });

  say("starting localnet, Redis and the local Irys bundler STAND-IN");
  const tiny = await makeTinyModels({ outDir: TINY_DIR });
  // The admin "deploys" the program: localnet records it as the upgrade authority.
  const admin = Keypair.generate();
  const net = await startLocalnet({ bin: LOCALNET_BIN, cleanup, upgradeAuthority: admin.publicKey });
  const redisUrl = await startRedis({ root: ROOT, dir: join(work, "redis"), cleanup });
  const connection = new Connection(net.url, { commitment: "confirmed", wsEndpoint: net.wsUrl });
  const fund = async (to: PublicKey, sol: number) => waitForSignature({ connection, signature: await connection.requestAirdrop(to, sol * LAMPORTS_PER_SOL) });
  const bundler = await startLocalBundler({ rpcUrl: net.url, dataDir: join(work, "bundler") });
  cleanup.push({ what: "bundler", undo: () => bundler.close() });
  // A first transfer below the rent-exempt minimum to a new address fails: prefund the bundler.
  await fund(new PublicKey(bundler.address), 1);
  stage(`localnet ${net.url}, redis ${redisUrl}, bundler ${bundler.url}`);

  say("migrations: protocol config (quorum 2 of a committee of 2, demo CLIP floor 3.00)");
  await fund(admin.publicKey, 10);
  await runMigrations({ connection, admin, treasury: admin.publicKey, params: DEMO_PARAMS, programId: ATELIER_PROGRAM_ID, log: (l) => stage(l) });

  say("demo artists: catalogs, registration and the influence index (operator CLI)");
  const engine = await createInferenceEngine({ sdModelDir: tiny.sd, clipModelDir: tiny.clip, devices: [{ provider: "cpu", deviceId: 0 }], perDevice: 1, allowCpuFallback: false });
  cleanup.push({ what: "inference engine", undo: () => engine.close() });
  const indexPath = join(work, "artists.index");
  const artistNames = new Map<string, string>();
  for (const [k, artist] of DEMO_ARTISTS.entries()) {
    const keypair = Keypair.generate();
    await fund(keypair.publicKey, 1);
    const kp = await keypairFile(work, `artist-${k}`, keypair);
    const dir = join(work, "catalogs", `artist-${k}`);
    await mkdir(dir, { recursive: true });
    for (let w = 0; w < 3; w++) {
      const base = await engine.generate({ prompt: `${artist.name} study ${w}`, seed: String(1000 + 10 * k + w), steps: 1, width: 64, height: 64, guidanceX100: 0 });
      const data = base.data.map((v, i) => Math.min(255, Math.round(v * artist.tint[i % 3]!)));
      await writeFile(join(dir, `work-${w}.png`), encodePng({ image: { ...base, data } }));
    }
    const reg = await cli(["--url", net.url, "--keypair", kp, "artist", "register", "--name", artist.name, "--catalog", dir]);
    await cli(["--url", net.url, "--keypair", kp, "artist", "index", dir, "--out", indexPath, "--clip", tiny.clip]);
    artistNames.set(String(reg.artist), artist.name);
    stage(`artist ${artist.name} ${String(reg.artist)} (3 works indexed)`);
  }

  say("workers: a generator and two verifiers register and stake 2 SOL each (operator CLI)");
  // Each operator runs its own node with its own queue prefix: every verifier must see every job.
  const operators: { name: string; prefix: string; roles: string; keypair: Keypair }[] = [
    { name: "generator", prefix: "gen", roles: "watcher,generator,crank", keypair: Keypair.generate() },
    { name: "verifier-1", prefix: "ver1", roles: "watcher,verifier", keypair: Keypair.generate() },
    { name: "verifier-2", prefix: "ver2", roles: "watcher,verifier", keypair: Keypair.generate() },
  ];
  for (const op of operators) {
    await fund(op.keypair.publicKey, 5);
    const kp = await keypairFile(work, op.name, op.keypair);
    await cli(["--url", net.url, "--keypair", kp, "worker", "register", "--stake", "2"]);
    stage(`${op.name} ${op.keypair.publicKey.toBase58()} staked 2 SOL`);
  }

  say("worker nodes: watcher + generator + crank, and watcher + verifier ×2 (CPU, tiny models)");
  const nodes: AtelierNode[] = [];
  const urls: string[] = [];
  for (const op of operators) {
    const source = {
      ATELIER_ROLE: op.roles,
      ATELIER_REDIS_URL: redisUrl,
      ATELIER_QUEUE_PREFIX: op.prefix,
      ATELIER_RPC_URL: net.url,
      ATELIER_WS_URL: net.wsUrl,
      ATELIER_BUNDLER_URL: bundler.url,
      ATELIER_GATEWAY_URL: bundler.url,
      ATELIER_METRICS_PORT: "0",
      ATELIER_LOG_LEVEL: process.env.ATELIER_LOG_LEVEL ?? "silent",
      ATELIER_MODEL_DIR: TINY_DIR,
      ATELIER_INFLUENCE_INDEX: indexPath,
      ATELIER_SPOOL_DIR: join(work, `spool-${op.name}`),
      ATELIER_WATCH_INTERVAL_MS: "300",
      ATELIER_RECONCILE_INTERVAL_MS: "1000",
    };
    const env = parseEnv({ source: { ...source, ATELIER_ROLE: "generator" } });
    const pipeline = parsePipelineEnv({ source, modelDir: TINY_DIR });
    const node = await startNode({ env, pipeline, logger: createLogger({ level: env.logLevel, role: op.name }), listenSignals: false, overrides: { keypair: op.keypair, engine } });
    cleanup.push({ what: `node ${op.name}`, undo: () => node.close() });
    nodes.push(node);
    urls.push(`${op.name} admin ${node.service.admin.url}`);
    stage(`${op.name}: ${node.roles.join(", ")} (admin ${node.service.admin.url})`);
  }

  say(`client: create_job "${prompt}" for 0.1 SOL`);
  const clientKey = Keypair.generate();
  await fund(clientKey.publicKey, 2);
  const clientKp = await keypairFile(work, "client", clientKey);
  const created = await cli(["--url", net.url, "--keypair", clientKp, "job", "create", "--prompt", prompt, "--price", "0.1", "--seed", values.seed!, "--size", "64"]);
  const job = new PublicKey(String(created.job));
  stage(`job ${job.toBase58()} created`);

  say("following the job");
  const reader = createAtelierClient({ connection });
  const generateQueue = nodes[0]!.service.queues.byName.generate;
  const seen = new Set<string>();
  const once = (key: string, line: string) => {
    if (!seen.has(key)) {
      seen.add(key);
      stage(line);
    }
  };
  let contentHash: Uint8Array | undefined;
  const deadline = Date.now() + Number(values["timeout-s"]) * 1000;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`the job did not settle within ${values["timeout-s"]} s (last stages: ${[...seen].join(" → ")})`);
    const counts = await generateQueue.getJobCounts("waiting", "active", "completed", "delayed", "failed");
    if (Object.values(counts).some((n) => n > 0)) once("queued", "queued (BullMQ generate queue, jobId = job address)");
    const account = await fetchJob({ client: reader, job });
    if (account === null) {
      if (!contentHash) throw new Error("the job account closed before any result was submitted (cancelled or refunded)");
      once("finalized", "finalized (job account closed, escrow settled)");
      break;
    }
    const status = jobStatus({ job: account });
    if (status !== "open") once("claimed", `claimed by worker ${account.worker?.toBase58()}`);
    if (status === "submitted") {
      contentHash = Uint8Array.from(account.contentHash);
      once("generated", "generated + uploaded (image and metadata through the Irys client)");
      once("submitted", `submitted: CLIP ${(account.clipScore / 100).toFixed(2)}`);
      // Commitments hide score and verdict; both show once revealed (after the commit phase).
      const n = DEMO_PARAMS.verifierCommittee;
      const { committed, revealed, agree } = attestationCounts({ job: account });
      if (committed > 0) once(`committed-${committed}`, `committed ${committed}/${n} (drawn verifiers; votes hidden)`);
      if (revealed > 0) once(`revealed-${revealed}`, `revealed ${revealed}/${n} (${agree} agree)`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  // Only an accepted result keeps its provenance record; the outcome itself is in JobFinalized.
  const outcome = await finalizedOutcome({ connection, reader, job });
  const provenance = await fetchProvenance({ client: reader, contentHash: contentHash! });
  const generator = await fetchWorker({ client: reader, authority: operators[0]!.keypair.publicKey });
  say(`outcome: ${outcome}`);
  row("job", job.toBase58());
  row("status", outcome);
  row("content hash", Buffer.from(contentHash!).toString("hex"));
  if (!provenance) {
    row("provenance", "closed by finalize_job (only an accepted result keeps its record)");
    row("took", `${((Date.now() - started) / 1000).toFixed(1)} s`);
    throw new Error(`the job was ${outcome}, not accepted`);
  }
  row("storage id", provenance.storageId);
  row("gateway", gatewayUri({ gatewayUrl: bundler.url, id: provenance.storageId }));
  row("metadata", provenance.metadataUri);
  row("CLIP score", `${(provenance.clipScore / 100).toFixed(2)} (verified ${provenance.verifiedScore === null ? "-" : (provenance.verifiedScore / 100).toFixed(2)})`);
  for (const i of provenance.influences) row("artist", `${artistNames.get(i.artist.toBase58()) ?? i.artist.toBase58()} ${i.bps} bps`);
  if (provenance.influences.length === 0) row("artist", "none above the similarity floor");
  // The minted asset and its splitter are PDAs of the content hash (the record does not repeat them).
  const accepted = "accepted" in provenance.status;
  const assetAddress = assetPda({ contentHash: Uint8Array.from(provenance.contentHash) }).address;
  const splitterAddress = splitterPda({ asset: assetAddress }).address;
  const splitter = accepted ? await fetchRoyaltySplitter({ client: reader, splitter: splitterAddress }) : null;
  if (accepted) {
    const asset = await fetchCoreAsset({ client: reader, asset: assetAddress });
    row("minted asset", `${assetAddress.toBase58()} (Metaplex Core, via the native Core STAND-IN on localnet)`);
    if (asset) {
      row("asset owner", `${asset.owner} (the client)`);
      const royalties = asset.royalties;
      if (royalties) row("royalties", `${royalties.basisPoints} bps to ${royalties.creators.map((c) => `${c.address} (${c.percentage}%)`).join(", ")}`);
    }
  }
  if (splitter) {
    const shares = splitter.shares;
    row("splitter", `${splitterAddress.toBase58()}: ${shares.map((x: { artist: PublicKey; bps: number }) => `${artistNames.get(x.artist.toBase58()) ?? x.artist.toBase58()} ${x.bps} bps`).join(", ")}`);
  } else if (accepted) row("splitter", "none (no artist named: royalties go to the treasury)");
  row("worker earned", `${Number(generator?.totalEarned ?? 0) / LAMPORTS_PER_SOL} SOL`);
  row("took", `${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (outcome !== "accepted") throw new Error(`the job was ${outcome}, not accepted`);

  if (values.keep) {
    say("--keep: services stay up; Ctrl-C stops them");
    row("rpc", net.url);
    row("redis", redisUrl);
    row("bundler", bundler.url);
    for (const u of urls) row("node", u);
    row("keypairs", work);
    await new Promise(() => {});
  }
}

/** The settlement `finalize_job` recorded for `job`, read from its JobFinalized event. */
async function finalizedOutcome({ connection, reader, job }: { connection: Connection; reader: AtelierClient; job: PublicKey }): Promise<"accepted" | "rejected" | "unverified"> {
  for (const { signature, err } of await connection.getSignaturesForAddress(job, { limit: 20 }, "confirmed")) {
    if (err !== null) continue;
    const tx = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    const finalized = parseEvents({ client: reader, logs: tx?.meta?.logMessages ?? [] }).find((e) => e.name === "jobFinalized");
    if (!finalized) continue;
    const data = finalized.data as { accepted: boolean; unverified: boolean };
    return data.accepted ? "accepted" : data.unverified ? "unverified" : "rejected";
  }
  throw new Error(`no JobFinalized event for job ${job.toBase58()}`);
}

main().then(
  async () => {
    await cleanup.run();
    process.exit(0);
  },
  async (error: unknown) => {
    const e = error instanceof Error && !/UnknownError/.test(toAtelierError(error).name) ? toAtelierError(error) : (error as Error);
    process.stderr.write(`main job failed: ${e.name === "Error" ? "" : `${e.name}: `}${e.message.split("\n")[0]}\n`);
    await cleanup.run();
    process.exit(1);
  },
);
