/**
 * Pipeline benchmark (not a test): the whole pipeline on this machine with the tiny models, on a
 * real localnet, redis-server and the bundler stand-in, one generator node and two verifier nodes
 * (one also cranks), all in this process.
 *   npm run bench:pipeline -w @atelier/workers  [-- --jobs 8 --throughput-jobs 40 --concurrency 4 --slot-ms 400 --quick]
 * Prints:
 *  1. per-stage latency p50/p95 over `--jobs` jobs run one after another (queue wait, claim,
 *     inference, scoring, encode, upload, submit, draw, verify, commit, reveal, finalize) and end-to-end seconds
 *     from create_job to the accepted job's minted Core asset;
 *  2. orchestration throughput: `--throughput-jobs` jobs through the real generate processor (chain
 *     claim + submit, real uploads) with a NO-OP model, next to raw BullMQ no-op throughput on the
 *     same Redis, as a ratio. `npm run bench:queue` isolates the queue layer alone.
 */
import { cpus } from "node:os";
import type { PublicKey } from "@solana/web3.js";
import { Queue, Worker } from "bullmq";
import { createAtelierClient, fetchJob, fetchProvenance } from "@atelier/sdk";
import type { Raster } from "../src/image/raster.js";
import type { InferenceEngine } from "../src/processors/inference-engine.js";
import type { Checkpoint } from "../src/queues/job-data.js";
import { enqueueJob } from "../src/queues/enqueue-job.js";
import { ConnectionRole, connectionOptions } from "../src/redis.js";
import type { AtelierNode } from "../src/roles/start-node.js";
import { type PipelineWorld, fundedWallet, newOperator, payForJob, startTestNode, startWorld } from "../test/pipeline/fixtures/pipeline-harness.js";

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
};
const quick = process.argv.includes("--quick");
const JOBS = arg("jobs", quick ? 3 : 8);
const THROUGHPUT_JOBS = arg("throughput-jobs", quick ? 12 : 40);
const CONCURRENCY = arg("concurrency", 4);
const SLOT_MS = arg("slot-ms", 400);
/** Seeds the toy CLIP scores ≥ 600 for this prompt (distinct seeds: no duplicates); a survey of seeds 1–60. */
const PROMPT = "two lanterns over a canal";
const HONEST_SEEDS = [1, 2, 4, 6, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24, 25, 26, 28, 29, 30, 31, 32, 33, 34, 35, 36, 38, 39, 40];
if (JOBS > HONEST_SEEDS.length) throw new Error(`--jobs is at most ${HONEST_SEEDS.length}`);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number) => (Number.isNaN(x) ? "—" : (x * 1000).toFixed(1).padStart(8));

async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function finishedJob(node: AtelierNode, queue: "generate" | "verify" | "crank", id: string) {
  return waitFor(async () => {
    const j = await node.service.queues.byName[queue].getJob(id);
    const state = await j?.getState();
    if (state === "failed") throw new Error(`${queue} job ${id} failed: ${j?.failedReason}`);
    // Read it again: the object fetched before it completed lacks finishedOn and the last checkpoint.
    return state === "completed" ? await node.service.queues.byName[queue].getJob(id) : undefined;
  }, `${queue} job ${id}`);
}

/** Part 1: latency per stage and end to end, jobs one after another. */
async function latency(world: PipelineWorld): Promise<void> {
  const generator = await newOperator({ world });
  const nodes = [
    await startTestNode({ world, operator: generator, prefix: "bgen", roles: "watcher,generator", extra: { ATELIER_WATCH_INTERVAL_MS: "100" } }),
    await startTestNode({ world, operator: await newOperator({ world }), prefix: "bv1", roles: "watcher,verifier,crank", extra: { ATELIER_WATCH_INTERVAL_MS: "100" } }),
    await startTestNode({ world, operator: await newOperator({ world }), prefix: "bv2", roles: "watcher,verifier", extra: { ATELIER_WATCH_INTERVAL_MS: "100" } }),
  ];
  const [gen, v1, v2] = nodes as [AtelierNode, AtelierNode, AtelierNode];
  const client = await fundedWallet({ world, sol: 50 });
  const reader = createAtelierClient({ connection: world.connection });
  const samples: Record<string, number[]> = {};
  const add = (k: string, s: number) => (samples[k] ??= []).push(s);
  for (let i = 0; i < JOBS; i++) {
    const t0 = performance.now();
    const job = await payForJob({ world, client: client.client, prompt: PROMPT, seed: HONEST_SEEDS[i]! });
    await waitFor(async () => ((await fetchJob({ client: reader, job })) === null ? true : undefined), `job ${i} to settle`);
    add("end to end (create_job → accepted, Core asset minted)", (performance.now() - t0) / 1000);
    const g = await finishedJob(gen, "generate", job.toBase58());
    const minted = await fetchProvenance({ client: reader, contentHash: Buffer.from((g.returnvalue as { contentHash: string }).contentHash, "hex") });
    if (minted === null || !("accepted" in minted.status)) throw new Error(`job ${i} settled without a minted asset (rejected?)`);
    add("queue wait (generate)", (g.processedOn! - g.timestamp) / 1000);
    const cps = (g.data as { checkpoints: Record<string, Checkpoint> }).checkpoints;
    for (const [stage, label] of [["claim", "claim"], ["generate", "inference"], ["score", "scoring (CLIP + influence)"], ["encode", "encode"], ["upload", "upload (image + metadata)"], ["submit", "submit"]] as const) add(label, cps[stage]!.seconds);
    for (const v of [v1, v2]) {
      const vj = await finishedJob(v, "verify", job.toBase58());
      const vc = (vj.data as { checkpoints: Record<string, Checkpoint> }).checkpoints;
      add("verify (fetch + checks + spot check)", vc.check!.seconds);
      add("draw (simulated commit)", vc.draw!.seconds);
      add("commit", vc.commit!.seconds);
      // The reveal's last attempt (after any wait for the commit phase to end).
      add("reveal", vc.reveal!.seconds);
    }
    const c = await finishedJob(v1, "crank", `finalize-${job.toBase58()}`);
    add("finalize (settle + mint)", (c.finishedOn! - c.processedOn!) / 1000);
  }
  for (const node of nodes) await node.close();
  console.log(`## Per-stage latency, tiny models, ${JOBS} jobs one after another (ms)\n`);
  console.log("| stage | p50 | p95 |\n|---|---:|---:|");
  for (const [k, xs] of Object.entries(samples)) console.log(`| ${k} | ${ms(pct(xs, 50))} | ${ms(pct(xs, 95))} |`);
}

/** A model that does nothing: a fixed raster per seed, a constant score. */
function noopEngine(honest: InferenceEngine): InferenceEngine {
  return {
    ...honest,
    validate: () => undefined,
    generate: async ({ width, height, seed }): Promise<Raster> => {
      const data = new Uint8Array(width * height * 3);
      for (let i = 0; i < data.length; i++) data[i] = (i * 7 + Number(BigInt(seed) % 251n)) & 0xff;
      return { width, height, channels: 3, data };
    },
    embedImage: async () => new Float32Array(48).fill(1 / Math.sqrt(48)),
    clipCosine: async () => 0.2,
    close: async () => {},
  };
}

/** Part 2: orchestration throughput with a no-op model vs raw BullMQ on the same Redis. */
async function throughput(world: PipelineWorld): Promise<void> {
  const generator = await newOperator({ world, stakeSol: 5 });
  const client = await fundedWallet({ world, sol: 100 });
  const jobs: PublicKey[] = [];
  for (let i = 0; i < THROUGHPUT_JOBS; i++) jobs.push(await payForJob({ world, client: client.client, seed: 50_000 + i }));
  const node = await startTestNode({
    world,
    operator: generator,
    prefix: "bthr",
    roles: "generator",
    overrides: { engine: noopEngine(world.engine) },
    extra: { ATELIER_CONCURRENCY_PER_DEVICE: String(CONCURRENCY) },
  });
  const t0 = performance.now();
  for (const job of jobs) await enqueueJob({ queues: node.service.queues, queue: "generate", data: { jobAddress: job.toBase58() } });
  for (const job of jobs) await finishedJob(node, "generate", job.toBase58());
  const ours = THROUGHPUT_JOBS / ((performance.now() - t0) / 1000);
  await node.close();

  const connection = connectionOptions({ url: world.redis.url, role: ConnectionRole.worker });
  const queue = new Queue("generate", { connection, prefix: "braw" });
  const worker = new Worker("generate", async () => null, { connection, prefix: "braw", concurrency: CONCURRENCY, autorun: false });
  let done = 0;
  const all = new Promise<void>((resolve) => worker.on("completed", () => ++done === THROUGHPUT_JOBS && resolve()));
  const t1 = performance.now();
  await Promise.all(jobs.map((j) => queue.add("generate", { jobAddress: j.toBase58() }, { jobId: j.toBase58() })));
  void worker.run();
  await all;
  const raw = THROUGHPUT_JOBS / ((performance.now() - t1) / 1000);
  await worker.close();
  await queue.close();
  console.log(`\n## Orchestration throughput, no-op model, ${THROUGHPUT_JOBS} jobs, concurrency ${CONCURRENCY}\n`);
  console.log("| path | jobs/s |\n|---|---:|");
  console.log(`| raw BullMQ (add + no-op worker) | ${raw.toFixed(1)} |`);
  console.log(`| generate processor, no-op model (validate, claim tx, spool, encode, 2 uploads, submit tx) | ${ours.toFixed(2)} |`);
  console.log(`| ratio (ours / raw) | ${(ours / raw).toFixed(4)} |`);
}

console.log(`# Atelier pipeline benchmark — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}\n`);
console.log(`localnet slot ${SLOT_MS} ms (a transaction confirms within about one to two slots)\n`);
const world = await startWorld({ slotMs: SLOT_MS });
try {
  await latency(world);
  await throughput(world);
} finally {
  await world.stop();
}
process.exit(0);
