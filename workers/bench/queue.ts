/**
 * Queue benchmark (not a test): raw BullMQ throughput (add + process no-op jobs) next to our
 * orchestration (enqueueJob + worker manager + the stage runner with no-op stages, each stage
 * checkpointed) on the same Redis, printing jobs/s for each and the ratio.
 *   npm run bench:queue -w @atelier/workers  [-- --jobs 2000 --concurrency 8 --stages 3 --rounds 3 --quick]
 * Starts its own redis-server through scripts/redis.sh (or uses ATELIER_REDIS_URL when set).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Queue, Worker } from "bullmq";
import { createLogger } from "../src/logger.js";
import { createMetrics } from "../src/metrics.js";
import { createQueues } from "../src/queues/create-queues.js";
import { enqueueJob } from "../src/queues/enqueue-job.js";
import { defaultJobOptions } from "../src/queues/job-options.js";
import type { JobData } from "../src/queues/job-data.js";
import { type StagePipeline, stagePipeline } from "../src/queues/stages.js";
import { createWorkerManager } from "../src/queues/worker-manager.js";
import { ConnectionRole, connectionOptions } from "../src/redis.js";
import { freePort } from "../src/free-port.js";

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
};
const quick = process.argv.includes("--quick");
const JOBS = arg("jobs", quick ? 300 : 2_000);
const CONCURRENCY = arg("concurrency", 8);
const STAGES = arg("stages", 3);
const ROUNDS = Math.max(1, arg("rounds", quick ? 1 : 3));
const REDIS_SH = fileURLToPath(new URL("../../scripts/redis.sh", import.meta.url));

/** A base58 32-byte address per index (the generate queue's jobId). */
function address(i: number): string {
  const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  let value = 2n ** 255n + BigInt(i);
  let out = "";
  while (value > 0n) {
    out = alphabet[Number(value % 58n)] + out;
    value /= 58n;
  }
  return out;
}

/** Resolve once `count` jobs completed on `worker`. */
function completions(worker: Worker, count: number): Promise<void> {
  let done = 0;
  return new Promise((resolve) => {
    worker.on("completed", () => {
      if (++done === count) resolve();
    });
  });
}

interface Result {
  readonly addPerSec: number;
  readonly processPerSec: number;
  readonly totalPerSec: number;
}

function median(results: Result[]): Result {
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return {
    addPerSec: mid(results.map((r) => r.addPerSec)),
    processPerSec: mid(results.map((r) => r.processPerSec)),
    totalPerSec: mid(results.map((r) => r.totalPerSec)),
  };
}

async function rawBullmq({ redisUrl, prefix }: { redisUrl: string; prefix: string }): Promise<Result> {
  const connection = connectionOptions({ url: redisUrl, role: ConnectionRole.worker });
  const queue = new Queue("generate", { connection, prefix, defaultJobOptions: defaultJobOptions({ attempts: 3, backoffMs: 1_000 }) });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: JOBS }, (_, i) => queue.add("generate", { jobAddress: address(i) }, { jobId: address(i) })));
  const t1 = performance.now();
  const worker = new Worker("generate", async () => null, { connection, prefix, concurrency: CONCURRENCY, autorun: false });
  const finished = completions(worker, JOBS);
  void worker.run();
  await finished;
  const t2 = performance.now();
  await worker.close();
  await queue.close();
  return { addPerSec: JOBS / ((t1 - t0) / 1000), processPerSec: JOBS / ((t2 - t1) / 1000), totalPerSec: JOBS / ((t2 - t0) / 1000) };
}

function noopPipeline(stages: number): StagePipeline<JobData<"generate">, Record<string, unknown>> {
  let pipeline: StagePipeline<JobData<"generate">, Record<string, unknown>> = stagePipeline<JobData<"generate">>();
  for (let s = 0; s < stages; s++) pipeline = pipeline.stage({ name: `stage${s}` as never, run: async () => ({ s }) });
  return pipeline;
}

async function ours({ redisUrl, prefix, stages }: { redisUrl: string; prefix: string; stages: number }): Promise<Result> {
  const queues = createQueues({ redisUrl, prefix, attempts: 3, backoffMs: 1_000 });
  const metrics = createMetrics();
  const logger = createLogger({ level: "silent" });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: JOBS }, (_, i) => enqueueJob({ queues, queue: "generate", data: { jobAddress: address(i) } })));
  const t1 = performance.now();
  const manager = createWorkerManager({
    redisUrl,
    prefix,
    logger,
    metrics,
    settings: { lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 2 },
  });
  const pipeline = noopPipeline(stages);
  const worker = manager.register({ queue: "generate", concurrency: CONCURRENCY, processor: (ctx) => pipeline.run(ctx) });
  await completions(worker, JOBS);
  const t2 = performance.now();
  await manager.close({ deadlineMs: 5_000 });
  await queues.close();
  return { addPerSec: JOBS / ((t1 - t0) / 1000), processPerSec: JOBS / ((t2 - t1) / 1000), totalPerSec: JOBS / ((t2 - t0) / 1000) };
}

let redisUrl = process.env.ATELIER_REDIS_URL ?? "";
let stopRedis = () => undefined as void;
if (redisUrl === "") {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "atelier-bench-redis-"));
  execFileSync("bash", [REDIS_SH, "start", "--port", String(port), "--dir", dir], { stdio: "ignore" });
  redisUrl = `redis://127.0.0.1:${port}`;
  stopRedis = () => {
    execFileSync("bash", [REDIS_SH, "stop", "--port", String(port), "--dir", dir], { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
}

try {
  const fmt = (n: number) => n.toFixed(0).padStart(7);
  console.log(`# Atelier queue benchmark — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}`);
  console.log(`${JOBS} no-op jobs, concurrency ${CONCURRENCY}, median of ${ROUNDS} round(s), redis ${redisUrl}\n`);
  // Warm up both paths (script loading, JIT) on a throwaway prefix.
  await rawBullmq({ redisUrl, prefix: "bench-warm-raw" });
  await ours({ redisUrl, prefix: "bench-warm-ours", stages: STAGES });

  // Rounds interleave the three paths so background load hits them alike; each figure is the median.
  const runs: Result[][] = [[], [], []];
  for (let round = 0; round < ROUNDS; round++) {
    runs[0]?.push(await rawBullmq({ redisUrl, prefix: `bench-raw-${round}` }));
    runs[1]?.push(await ours({ redisUrl, prefix: `bench-ours-1-${round}`, stages: 1 }));
    runs[2]?.push(await ours({ redisUrl, prefix: `bench-ours-${STAGES}-${round}`, stages: STAGES }));
  }
  const [raw, one, many] = runs.map(median) as [Result, Result, Result];
  const rows: [string, Result][] = [
    ["raw BullMQ (Queue.add + Worker, no-op)", raw],
    ["ours: enqueueJob + manager + 1 checkpointed stage", one],
    [`ours: enqueueJob + manager + ${STAGES} checkpointed stages`, many],
  ];
  console.log("| path | add jobs/s | process jobs/s | add+process jobs/s | process ratio vs raw |");
  console.log("|---|---|---|---|---|");
  for (const [label, r] of rows) {
    console.log(`| ${label} | ${fmt(r.addPerSec)} | ${fmt(r.processPerSec)} | ${fmt(r.totalPerSec)} | ${(r.processPerSec / raw.processPerSec).toFixed(2)} |`);
  }
  console.log(
    `\nPer job, the stage runner adds one lock check (EVAL) plus, per stage, one lock check and one job-data write; enqueueJob adds one state read per add.`,
  );
} finally {
  stopRedis();
}
