/** Idempotent enqueue on a real Redis: the on-chain address is the jobId, so re-adds are no-ops. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueues, type Queues } from "../../src/queues/create-queues.js";
import { EnqueueError, enqueueJob } from "../../src/queues/enqueue-job.js";
import { isAddress } from "../../src/queues/job-address.js";
import { type TestRedis, startRedis } from "./redis-server.js";
import { address } from "./test-kit.js";

let redis: TestRedis;
let queues: Queues;
beforeAll(async () => {
  redis = await startRedis();
  queues = createQueues({ redisUrl: redis.url, prefix: "enqueue", attempts: 4, backoffMs: 1_000 });
});
afterAll(async () => {
  await queues.close();
  await redis.stop();
});

describe("enqueueJob", () => {
  it("adds a generate job under its on-chain address, and the same address twice is one job", async () => {
    const jobAddress = address(10);
    const first = await enqueueJob({ queues, queue: "generate", data: { jobAddress } });
    const second = await enqueueJob({ queues, queue: "generate", data: { jobAddress, source: "reconciler" } });
    expect(first).toEqual({ jobId: jobAddress, added: true });
    expect(second).toEqual({ jobId: jobAddress, added: false, existingState: "waiting" });
    expect(await queues.byName.generate.getJobCountByTypes("waiting", "active", "delayed", "completed", "failed")).toBe(1);
    const job = await queues.byName.generate.getJob(jobAddress);
    expect(job?.data).toEqual({ jobAddress, source: "watcher" }); // the first write wins
    expect(job?.opts.attempts).toBe(4);
    expect(job?.opts.backoff).toEqual({ type: "exponential", delay: 1_000 });
    expect(job?.opts.removeOnComplete).toMatchObject({ age: 3_600 });
  });

  it("concurrent adds of one address race to a single job", async () => {
    const jobAddress = address(11);
    await Promise.all(Array.from({ length: 8 }, () => enqueueJob({ queues, queue: "verify", data: { jobAddress } })));
    expect(await queues.byName.verify.getJobCountByTypes("waiting", "active", "delayed")).toBe(1);
  });

  it("the same address on two queues is two jobs; crank ids carry the action", async () => {
    const jobAddress = address(12);
    await enqueueJob({ queues, queue: "generate", data: { jobAddress } });
    await enqueueJob({ queues, queue: "verify", data: { jobAddress } });
    const finalize = await enqueueJob({ queues, queue: "crank", data: { action: "finalize", address: jobAddress } });
    const expire = await enqueueJob({ queues, queue: "crank", data: { action: "expire", address: jobAddress } });
    const again = await enqueueJob({ queues, queue: "crank", data: { action: "finalize", address: jobAddress } });
    expect(finalize.jobId).toBe(`finalize-${jobAddress}`);
    expect(expire.jobId).toBe(`expire-${jobAddress}`);
    expect(again.added).toBe(false);
    expect((await queues.byName.crank.getJob(finalize.jobId))?.name).toBe("finalize");
  });

  it("refuses bad job data with INVALID_JOB_DATA and adds nothing", async () => {
    const before = await queues.byName.generate.count();
    const bad = [
      { jobAddress: "not-an-address" },
      { jobAddress: "1".repeat(44) }, // base58 alphabet but 44 zero bytes
      { jobAddress: address(13), source: "nobody" },
      { jobAddress: address(14), checkpoints: { claim: { output: 1, finishedAt: 1, seconds: 1 } } },
    ];
    for (const data of bad) {
      await expect(enqueueJob({ queues, queue: "generate", data: data as never })).rejects.toMatchObject({ code: "INVALID_JOB_DATA" });
    }
    await expect(enqueueJob({ queues, queue: "crank", data: { action: "pay" as never, address: address(15) } })).rejects.toBeInstanceOf(EnqueueError);
    expect(await queues.byName.generate.count()).toBe(before);
  });

  it("recognises 32-byte base58 addresses only", () => {
    expect(isAddress({ text: address(1) })).toBe(true);
    expect(isAddress({ text: "11111111111111111111111111111111" })).toBe(true); // the system program: 32 zero bytes
    expect(isAddress({ text: "1111111111111111111111111111111" })).toBe(false); // 31 bytes
    expect(isAddress({ text: `${address(1).slice(0, -1)}0` })).toBe(false); // 0 is not base58
  });
});
