/**
 * Worker manager on a real Redis: unrecoverable input fails at once, transient errors retry with
 * exponential backoff, job data is validated before the processor runs, outcomes reach the metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InferenceError } from "../../src/inference/errors.js";
import { createMetrics } from "../../src/metrics.js";
import { createQueues } from "../../src/queues/create-queues.js";
import { enqueueJob } from "../../src/queues/enqueue-job.js";
import { UnrecoverableReason, unrecoverable, unrecoverableReasonOf } from "../../src/queues/unrecoverable.js";
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

function setup({ prefix, attempts, backoffMs }: { prefix: string; attempts: number; backoffMs: number }) {
  const queues = createQueues({ redisUrl: redis.url, prefix, attempts, backoffMs });
  const metrics = createMetrics();
  const manager = createWorkerManager({ redisUrl: redis.url, prefix, logger: silentLogger, metrics, settings: FAST_SETTINGS });
  const finished = (jobId: string) =>
    waitFor({
      what: `job ${jobId} to finish`,
      check: async () => {
        // State first, then the job: a job read before its state changed would be stale.
        const state = await queues.byName.generate.getJobState(jobId);
        return state === "completed" || state === "failed" ? queues.byName.generate.getJob(jobId) : undefined;
      },
    });
  const close = async () => {
    await manager.close({ deadlineMs: 2_000 });
    await queues.close();
  };
  return { queues, metrics, manager, finished, close };
}

describe("worker manager", () => {
  it("an UnrecoverableError fails the job on its first attempt, with its reason code", async () => {
    const t = setup({ prefix: "wm-unrec", attempts: 5, backoffMs: 10 });
    let calls = 0;
    t.manager.register({
      queue: "generate",
      concurrency: 1,
      processor: async () => {
        calls++;
        throw unrecoverable({ reason: UnrecoverableReason.jobNotActionable, detail: "job is Submitted" });
      },
    });
    const jobAddress = address(30);
    await enqueueJob({ queues: t.queues, queue: "generate", data: { jobAddress } });
    const job = await t.finished(jobAddress);
    expect(await job?.getState()).toBe("failed");
    expect(calls).toBe(1);
    expect(job?.attemptsStarted).toBe(1); // one run, no retry
    expect(unrecoverableReasonOf({ failedReason: job?.failedReason })).toBe("JOB_NOT_ACTIONABLE");
    const failed = await t.metrics.jobsFailed.get();
    expect(failed.values).toEqual([expect.objectContaining({ value: 1, labels: { queue: "generate", reason: "unrecoverable" } })]);
    expect((await t.metrics.jobsRetried.get()).values).toEqual([]);
    await t.close();
  });

  it("invalid parameters from the inference engine map to INVALID_JOB_PARAMS without retries", async () => {
    const t = setup({ prefix: "wm-params", attempts: 5, backoffMs: 10 });
    let calls = 0;
    t.manager.register({
      queue: "generate",
      concurrency: 1,
      processor: async () => {
        calls++;
        throw new InferenceError({ code: "PROMPT_TOO_LONG", message: "prompt has 90 tokens" });
      },
    });
    const jobAddress = address(31);
    await enqueueJob({ queues: t.queues, queue: "generate", data: { jobAddress } });
    const job = await t.finished(jobAddress);
    expect(calls).toBe(1);
    expect(unrecoverableReasonOf({ failedReason: job?.failedReason })).toBe("INVALID_JOB_PARAMS");
    await t.close();
  });

  it("job data that fails the queue schema (written around enqueueJob) fails as INVALID_JOB_DATA", async () => {
    const t = setup({ prefix: "wm-data", attempts: 5, backoffMs: 10 });
    let calls = 0;
    t.manager.register({ queue: "generate", concurrency: 1, processor: async () => calls++ });
    await t.queues.byName.generate.add("generate", { jobAddress: "bogus" }, { jobId: "bogus-id" });
    const job = await t.finished("bogus-id");
    expect(await job?.getState()).toBe("failed");
    expect(calls).toBe(0);
    expect(job?.attemptsStarted).toBe(1); // one run, no retry
    expect(unrecoverableReasonOf({ failedReason: job?.failedReason })).toBe("INVALID_JOB_DATA");
    await t.close();
  });

  it("a transient error is retried with exponential backoff and then succeeds", async () => {
    const backoffMs = 150;
    const t = setup({ prefix: "wm-retry", attempts: 4, backoffMs });
    const startedAt: number[] = [];
    t.manager.register({
      queue: "generate",
      concurrency: 1,
      processor: async ({ job, logger }) => {
        startedAt.push(Date.now());
        logger.info("attempt");
        if (job.attemptsMade < 2) throw new Error("rpc 503");
        return { ok: true };
      },
    });
    const jobAddress = address(32);
    await enqueueJob({ queues: t.queues, queue: "generate", data: { jobAddress } });
    const job = await t.finished(jobAddress);
    expect(await job?.getState()).toBe("completed");
    expect(job?.returnvalue).toEqual({ ok: true });
    expect(startedAt).toHaveLength(3);
    const [a = 0, b = 0, c = 0] = startedAt;
    expect(b - a).toBeGreaterThanOrEqual(backoffMs); // 1st retry after delay · 2^0
    expect(c - b).toBeGreaterThanOrEqual(2 * backoffMs); // 2nd retry after delay · 2^1
    expect((await t.metrics.jobsRetried.get()).values[0]?.value).toBe(2);
    expect((await t.metrics.jobsCompleted.get()).values[0]?.value).toBe(1);
    expect((await t.metrics.jobsFailed.get()).values).toEqual([]);
    const waits = (await t.metrics.stageDuration.get()).values.filter((v) => v.labels.stage === "queue_wait" && v.metricName?.endsWith("_count"));
    expect(waits[0]?.value).toBe(1); // queue wait is recorded for the first attempt only
    await t.close();
  });

  it("a transient error that never clears fails after the last attempt as exhausted", async () => {
    const t = setup({ prefix: "wm-exhaust", attempts: 2, backoffMs: 10 });
    t.manager.register({
      queue: "generate",
      concurrency: 1,
      processor: async () => {
        throw new Error("bundler down");
      },
    });
    const jobAddress = address(33);
    await enqueueJob({ queues: t.queues, queue: "generate", data: { jobAddress } });
    const job = await t.finished(jobAddress);
    expect(await job?.getState()).toBe("failed");
    expect(job?.attemptsMade).toBe(2);
    expect(unrecoverableReasonOf({ failedReason: job?.failedReason })).toBeUndefined();
    const failed = await t.metrics.jobsFailed.get();
    expect(failed.values).toEqual([expect.objectContaining({ value: 1, labels: { queue: "generate", reason: "exhausted" } })]);
    await t.close();
  });

  it("runs up to the explicit concurrency at once, and refuses a second worker or a bad concurrency", async () => {
    const t = setup({ prefix: "wm-conc", attempts: 1, backoffMs: 10 });
    let active = 0;
    let peak = 0;
    t.manager.register({
      queue: "generate",
      concurrency: 3,
      processor: async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 100));
        active--;
      },
    });
    expect(() => t.manager.register({ queue: "generate", concurrency: 1, processor: async () => 1 })).toThrow(/already registered/);
    expect(() => t.manager.register({ queue: "verify", concurrency: 0, processor: async () => 1 })).toThrow(/positive integer/);
    const ids = [40, 41, 42, 43, 44, 45].map(address);
    for (const jobAddress of ids) await enqueueJob({ queues: t.queues, queue: "generate", data: { jobAddress } });
    for (const id of ids) await t.finished(id);
    expect(peak).toBe(3);
    await t.close();
  });
});
