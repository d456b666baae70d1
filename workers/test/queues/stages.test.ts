/**
 * Stage runner on a real Redis, in process: checkpoints are written before the next stage starts,
 * a checkpoint that fails its schema fails the job as CORRUPT_CHECKPOINT, and a worker that lost
 * the job's lock stops before running or checkpointing anything.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createMetrics } from "../../src/metrics.js";
import { createQueues } from "../../src/queues/create-queues.js";
import { enqueueJob } from "../../src/queues/enqueue-job.js";
import type { JobData } from "../../src/queues/job-data.js";
import { LockLostError, stagePipeline } from "../../src/queues/stages.js";
import { unrecoverableReasonOf } from "../../src/queues/unrecoverable.js";
import { createWorkerManager } from "../../src/queues/worker-manager.js";
import { type TestRedis, startRedis } from "./redis-server.js";
import { FAST_SETTINGS, address, silentLogger, waitFor } from "./test-kit.js";

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

type Data = JobData<"generate">;

describe("stage runner", () => {
  it("checkpoints each stage before the next starts and records its latency", async () => {
    const prefix = "st-order";
    const queues = createQueues({ redisUrl: redis.url, prefix, attempts: 1, backoffMs: 10 });
    const metrics = createMetrics();
    const seen: unknown[] = [];
    const pipeline = stagePipeline<Data>()
      .stage({ name: "claim", metric: "claim", run: async () => ({ slot: 7n.toString(), at: new Date(0) }) })
      .stage({
        name: "upload",
        metric: "upload",
        run: async ({ job, outputs }) => {
          seen.push((await queues.byName.generate.getJob(job.id ?? ""))?.data.checkpoints);
          seen.push(outputs.claim);
          return undefined;
        },
      });
    const manager = createWorkerManager({ redisUrl: redis.url, prefix, logger: silentLogger, metrics, settings: FAST_SETTINGS });
    manager.register({ queue: "generate", concurrency: 1, processor: (ctx) => pipeline.run(ctx) });
    const jobAddress = address(60);
    await enqueueJob({ queues, queue: "generate", data: { jobAddress } });
    await waitFor({ what: "done", check: async () => ((await queues.byName.generate.getJobState(jobAddress)) === "completed" ? true : undefined) });

    // While "upload" ran, Redis already held claim's checkpoint, and upload got claim's JSON output.
    expect(seen[0]).toEqual({ claim: { output: { slot: "7", at: "1970-01-01T00:00:00.000Z" }, finishedAt: expect.any(Number), seconds: expect.any(Number) } });
    expect(seen[1]).toEqual({ slot: "7", at: "1970-01-01T00:00:00.000Z" });
    const job = await queues.byName.generate.getJob(jobAddress);
    expect(job?.returnvalue).toEqual({ claim: { slot: "7", at: "1970-01-01T00:00:00.000Z" }, upload: null });
    const counts = (await metrics.stageDuration.get()).values.filter((v) => v.metricName?.endsWith("_count"));
    expect(counts.map((v) => [v.labels.stage, v.value]).sort()).toEqual([
      ["claim", 1],
      ["queue_wait", 1],
      ["upload", 1],
    ]);
    expect(pipeline.names).toEqual(["claim", "upload"]);
    await manager.close({ deadlineMs: 1_000 });
    await queues.close();
  });

  it("a checkpoint that fails its stage's schema fails the job as CORRUPT_CHECKPOINT", async () => {
    const prefix = "st-corrupt";
    const queues = createQueues({ redisUrl: redis.url, prefix, attempts: 3, backoffMs: 10 });
    let uploads = 0;
    const pipeline = stagePipeline<Data>()
      .stage({ name: "claim", run: async () => ({ signature: "sig" }), output: z.object({ signature: z.string() }) })
      .stage({ name: "upload", run: async () => ++uploads });
    const manager = createWorkerManager({ redisUrl: redis.url, prefix, logger: silentLogger, metrics: createMetrics(), settings: FAST_SETTINGS });
    const jobAddress = address(61);
    // A job whose stored checkpoint was tampered with (written directly, around enqueueJob).
    await queues.byName.generate.add("generate", { jobAddress, source: "test", checkpoints: { claim: { output: { signature: 42 }, finishedAt: 1, seconds: 0 } } }, { jobId: jobAddress });
    manager.register({ queue: "generate", concurrency: 1, processor: (ctx) => pipeline.run(ctx) });
    await waitFor({ what: "failed", check: async () => ((await queues.byName.generate.getJobState(jobAddress)) === "failed" ? true : undefined) });
    const job = await queues.byName.generate.getJob(jobAddress);
    expect(unrecoverableReasonOf({ failedReason: job?.failedReason })).toBe("CORRUPT_CHECKPOINT");
    expect(uploads).toBe(0);
    await manager.close({ deadlineMs: 1_000 });
    await queues.close();
  });

  it("a worker that lost the lock stops before the next stage and writes no checkpoint", async () => {
    const prefix = "st-lock";
    const queues = createQueues({ redisUrl: redis.url, prefix, attempts: 1, backoffMs: 10 });
    const jobAddress = address(62);
    await enqueueJob({ queues, queue: "generate", data: { jobAddress } });
    const worker = createWorkerManager({ redisUrl: redis.url, prefix, logger: silentLogger, metrics: createMetrics(), settings: FAST_SETTINGS });
    let secondRan = false;
    let thrown: unknown;
    const pipeline = stagePipeline<Data>()
      .stage({
        name: "claim",
        run: async ({ job }) => {
          // Another worker took the job over: its lock key now holds a different token.
          await redis.client.set(`${prefix}:generate:${job.id}:lock`, "someone-else");
          return "claimed";
        },
      })
      .stage({
        name: "upload",
        run: async () => {
          secondRan = true;
        },
      });
    worker.register({
      queue: "generate",
      concurrency: 1,
      processor: async (ctx) => {
        try {
          return await pipeline.run(ctx);
        } catch (error) {
          thrown = error;
          throw error;
        }
      },
    });
    await waitFor({ what: "the pipeline to stop", check: async () => thrown });
    expect(thrown).toBeInstanceOf(LockLostError);
    expect((thrown as LockLostError).code).toBe("LOCK_LOST");
    expect(secondRan).toBe(false);
    expect((await queues.byName.generate.getJob(jobAddress))?.data.checkpoints).toBeUndefined();
    await redis.client.del(`${prefix}:generate:${jobAddress}:lock`);
    await worker.close({ deadlineMs: 500 });
    await queues.close();
  });

  it("refuses duplicate stage names", () => {
    const p = stagePipeline<Data>().stage({ name: "claim", run: async () => 1 });
    expect(() => p.stage({ name: "claim" as never, run: async () => 2 })).toThrow(/duplicate stage/);
  });
});
