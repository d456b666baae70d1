/**
 * Stage runner across a real crash: a BullMQ worker in a child process exits mid-job (process.exit,
 * no cleanup, lock left behind); a second worker picks the stalled job up and skips the stages whose
 * checkpoints were written. Side-effect counters in Redis prove each stage ran exactly once.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/metrics.js";
import { createQueues } from "../../src/queues/create-queues.js";
import { enqueueJob } from "../../src/queues/enqueue-job.js";
import { createWorkerManager } from "../../src/queues/worker-manager.js";
import { createRedis } from "../../src/redis.js";
import { countingPipeline } from "./fixtures/counting-pipeline.js";
import { type TestRedis, startRedis } from "./redis-server.js";
import { FAST_SETTINGS, address, silentLogger, waitFor } from "./test-kit.js";

const CHILD = fileURLToPath(new URL("./fixtures/crash-worker.ts", import.meta.url));

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

/** Run the crash worker until it exits; resolves with its exit code. */
function runCrashingChild({ prefix, crashIn }: { prefix: string; crashIn: string }): Promise<number | null> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env: { ...process.env, REDIS_URL: redis.url, PREFIX: prefix, CRASH_IN: crashIn },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("stage runner resumes after a crash", () => {
  it("a worker killed in submit: the next worker skips claim and upload and submits once", async () => {
    const prefix = "crash-submit";
    const queues = createQueues({ redisUrl: redis.url, prefix, attempts: 3, backoffMs: 10 });
    const jobAddress = address(1);
    await enqueueJob({ queues, queue: "generate", data: { jobAddress, source: "test" } });

    const code = await runCrashingChild({ prefix, crashIn: "submit" });
    expect(code).toBe(17);
    const afterCrash = await queues.byName.generate.getJob(jobAddress);
    expect(await afterCrash?.getState()).toBe("active"); // the dead worker still "holds" it
    expect(Object.keys(afterCrash?.data.checkpoints ?? {})).toEqual(["claim", "upload"]);
    const counts = async () => (await redis.client.mget(`${prefix}:count:claim`, `${prefix}:count:upload`, `${prefix}:count:submit`)).map(Number);
    expect(await counts()).toEqual([1, 1, 0]);

    const worker = createRedis({ url: redis.url, role: "worker" });
    const metrics = createMetrics();
    const pipeline = countingPipeline({ redis: worker, prefix });
    const manager = createWorkerManager({ redisUrl: redis.url, prefix, logger: silentLogger, metrics, settings: FAST_SETTINGS });
    manager.register({
      queue: "generate",
      concurrency: 1,
      processor: (ctx) => pipeline.run({ ...ctx }),
    });
    const job = await waitFor({
      what: "the stalled job to complete on the second worker",
      check: async () => {
        const state = await queues.byName.generate.getJobState(jobAddress);
        return state === "completed" ? queues.byName.generate.getJob(jobAddress) : undefined;
      },
    });
    expect(await counts()).toEqual([1, 1, 1]);
    expect(job?.stalledCounter).toBe(1);
    const result = job?.returnvalue as { claim: { claimedBy: number }; upload: { uploadedBy: number }; submit: { submittedBy: number; submitted: string } };
    expect(result.claim.claimedBy).not.toBe(process.pid); // handed on from the dead worker's checkpoint
    expect(result.upload.uploadedBy).toBe(result.claim.claimedBy);
    expect(result.submit.submittedBy).toBe(process.pid);
    expect(result.submit.submitted).toBe(`item-of-${jobAddress.slice(0, 8)}`);
    const skipped = await metrics.stagesSkipped.get();
    expect(skipped.values.map((v) => v.labels.stage).sort()).toEqual(["claim", "upload"]);
    expect((await metrics.jobsStalled.get()).values[0]?.value).toBe(1);

    await manager.close({ deadlineMs: 2_000 });
    await queues.close();
    worker.disconnect();
  });

  it("a worker killed in claim: the retry claims once and runs every stage", async () => {
    const prefix = "crash-claim";
    const queues = createQueues({ redisUrl: redis.url, prefix, attempts: 3, backoffMs: 10 });
    const jobAddress = address(2);
    await enqueueJob({ queues, queue: "generate", data: { jobAddress, source: "test" } });
    expect(await runCrashingChild({ prefix, crashIn: "claim" })).toBe(17);
    expect((await queues.byName.generate.getJob(jobAddress))?.data.checkpoints).toBeUndefined();

    const worker = createRedis({ url: redis.url, role: "worker" });
    const metrics = createMetrics();
    const pipeline = countingPipeline({ redis: worker, prefix });
    const manager = createWorkerManager({ redisUrl: redis.url, prefix, logger: silentLogger, metrics, settings: FAST_SETTINGS });
    manager.register({ queue: "generate", concurrency: 1, processor: (ctx) => pipeline.run({ ...ctx }) });
    await waitFor({
      what: "completion",
      check: async () => ((await queues.byName.generate.getJobState(jobAddress)) === "completed" ? true : undefined),
    });
    const counts = (await redis.client.mget(`${prefix}:count:claim`, `${prefix}:count:upload`, `${prefix}:count:submit`)).map(Number);
    expect(counts).toEqual([1, 1, 1]);
    await manager.close({ deadlineMs: 2_000 });
    await queues.close();
    worker.disconnect();
  });
});
