/** The reconciler restores the queue from the chain's view after Redis is wiped, never duplicating. */
import { UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/metrics.js";
import { createQueues } from "../../src/queues/create-queues.js";
import { enqueueJob } from "../../src/queues/enqueue-job.js";
import { createReconciler } from "../../src/queues/reconciler.js";
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

/** The chain side as the SDK will provide it: here a list of open job addresses (named stand-in). */
function chainStandIn(addresses: string[]) {
  return async () => addresses.map((jobAddress) => ({ jobAddress }));
}

describe("reconciler", () => {
  it("re-enqueues every open job after FLUSHALL, and a second pass adds nothing", async () => {
    const queues = createQueues({ redisUrl: redis.url, prefix: "rec-flush", attempts: 3, backoffMs: 10 });
    const open = [address(20), address(21), address(22)];
    for (const jobAddress of open) await enqueueJob({ queues, queue: "generate", data: { jobAddress } });
    const metrics = createMetrics();
    const reconciler = createReconciler({ queues, queue: "generate", listOpen: chainStandIn(open), intervalMs: 60_000, logger: silentLogger, metrics });

    expect(await reconciler.runOnce()).toMatchObject({ open: 3, present: 3, enqueued: 0 });
    await redis.client.flushall();
    expect(await queues.byName.generate.count()).toBe(0);

    expect(await reconciler.runOnce()).toEqual({ open: 3, present: 0, enqueued: 3, retried: 0, unrecoverable: 0, duplicates: 0 });
    expect(await reconciler.runOnce()).toMatchObject({ open: 3, present: 3, enqueued: 0 });
    const waiting = await queues.byName.generate.getWaiting();
    expect(waiting.map((j) => j.id).sort()).toEqual([...open].sort());
    expect(waiting.every((j) => j.data.source === "reconciler")).toBe(true);
    expect((await metrics.reconcilerEnqueued.get()).values[0]?.value).toBe(3);
    await queues.close();
  });

  it("counts an address listed twice once", async () => {
    const queues = createQueues({ redisUrl: redis.url, prefix: "rec-dup", attempts: 3, backoffMs: 10 });
    const a = address(23);
    const reconciler = createReconciler({ queues, queue: "generate", listOpen: chainStandIn([a, a]), intervalMs: 60_000, logger: silentLogger, metrics: createMetrics() });
    expect(await reconciler.runOnce()).toMatchObject({ open: 1, enqueued: 1, duplicates: 1 });
    expect(await queues.byName.generate.count()).toBe(1);
    await queues.close();
  });

  it("retries jobs that exhausted their attempts but are still open; leaves unrecoverable ones failed", async () => {
    const prefix = "rec-failed";
    const queues = createQueues({ redisUrl: redis.url, prefix, attempts: 1, backoffMs: 10 });
    const transient = address(24);
    const invalid = address(25);
    await enqueueJob({ queues, queue: "generate", data: { jobAddress: transient } });
    await enqueueJob({ queues, queue: "generate", data: { jobAddress: invalid } });
    let rpcUp = false;
    const manager = createWorkerManager({ redisUrl: redis.url, prefix, logger: silentLogger, metrics: createMetrics(), settings: FAST_SETTINGS });
    manager.register({
      queue: "generate",
      concurrency: 2,
      processor: async ({ data }) => {
        if (data.jobAddress === invalid) throw new UnrecoverableError("JOB_NOT_ACTIONABLE: not open");
        if (!rpcUp) throw new Error("rpc unavailable");
        return "done";
      },
    });
    await waitFor({ what: "both failed", check: async () => ((await queues.byName.generate.getFailedCount()) === 2 ? true : undefined) });

    rpcUp = true;
    const reconciler = createReconciler({ queues, queue: "generate", listOpen: chainStandIn([transient, invalid]), intervalMs: 60_000, logger: silentLogger, metrics: createMetrics() });
    expect(await reconciler.runOnce()).toMatchObject({ open: 2, present: 0, enqueued: 0, retried: 1, unrecoverable: 1 });
    await waitFor({ what: "retried job completes", check: async () => ((await queues.byName.generate.getJobState(transient)) === "completed" ? true : undefined) });
    expect(await queues.byName.generate.getJobState(invalid)).toBe("failed");
    await manager.close({ deadlineMs: 2_000 });
    await queues.close();
  });

  it("runs on an interval, survives a failing chain call, and stops", async () => {
    const queues = createQueues({ redisUrl: redis.url, prefix: "rec-interval", attempts: 3, backoffMs: 10 });
    let calls = 0;
    const metrics = createMetrics();
    const reconciler = createReconciler({
      queues,
      queue: "generate",
      listOpen: async () => {
        calls++;
        if (calls === 1) throw new Error("rpc timeout");
        return [{ jobAddress: address(26) }];
      },
      intervalMs: 50,
      logger: silentLogger,
      metrics,
    });
    reconciler.start();
    await waitFor({ what: "the job restored", check: async () => ((await queues.byName.generate.count()) === 1 ? true : undefined) });
    await reconciler.stop();
    const after = calls;
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(after);
    expect((await metrics.reconcilerErrors.get()).values[0]?.value).toBe(1);
    await queues.close();
  });
});
