/**
 * Ordered shutdown: in-flight jobs finish before the deadline; past it they are abandoned (their
 * lock expires and another worker resumes them); steps run in order; a second signal exits at once.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/metrics.js";
import { createQueues } from "../../src/queues/create-queues.js";
import { enqueueJob } from "../../src/queues/enqueue-job.js";
import { createWorkerManager } from "../../src/queues/worker-manager.js";
import { ShutdownExit, createShutdown } from "../../src/shutdown.js";
import { type TestRedis, startRedis } from "./redis-server.js";
import { FAST_SETTINGS, address, silentLogger, waitFor } from "./test-kit.js";

const SIGNAL_CHILD = fileURLToPath(new URL("./fixtures/signal-child.ts", import.meta.url));

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

function slowWorker({ prefix, jobMs }: { prefix: string; jobMs: number }) {
  const queues = createQueues({ redisUrl: redis.url, prefix, attempts: 2, backoffMs: 10 });
  const manager = createWorkerManager({ redisUrl: redis.url, prefix, logger: silentLogger, metrics: createMetrics(), settings: FAST_SETTINGS });
  const events: string[] = [];
  manager.register({
    queue: "generate",
    concurrency: 2,
    processor: async ({ data, signal }) => {
      signal?.addEventListener("abort", () => events.push("aborted"));
      events.push(`start ${data.jobAddress.slice(0, 6)}`);
      await new Promise((r) => setTimeout(r, jobMs));
      events.push(`end ${data.jobAddress.slice(0, 6)}`);
      return "ok";
    },
  });
  return { queues, manager, events };
}

describe("shutdown", () => {
  it("waits for the in-flight job, takes no new one, then closes well within the deadline", async () => {
    const { queues, manager, events } = slowWorker({ prefix: "sd-drain", jobMs: 300 });
    const first = address(50);
    await enqueueJob({ queues, queue: "generate", data: { jobAddress: first } });
    await waitFor({ what: "job active", check: async () => (manager.inFlight().length === 1 ? true : undefined) });

    const shutdown = createShutdown({ logger: silentLogger, deadlineMs: 5_000, exit: () => undefined });
    const order: string[] = [];
    shutdown.add({ name: "workers", run: async ({ deadlineMs }) => order.push(`workers ${JSON.stringify(await manager.close({ deadlineMs }))}`) });
    shutdown.add({ name: "queues", run: async () => order.push(`queues ${String(await queues.close())}`) });
    const started = Date.now();
    const pending = shutdown.run({ signal: "SIGTERM" });
    const late = address(51);
    await enqueueJob({ queues, queue: "generate", data: { jobAddress: late } }); // arrives during shutdown
    const report = await pending;
    const elapsed = Date.now() - started;

    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.name)).toEqual(["workers", "queues"]);
    expect(order[0]).toMatch(/^workers \{"forced":false,"abandonedJobIds":\[\]/);
    expect(events).toEqual([`start ${first.slice(0, 6)}`, `end ${first.slice(0, 6)}`]);
    expect(elapsed).toBeLessThan(2_000);
    const check = createQueues({ redisUrl: redis.url, prefix: "sd-drain", attempts: 1, backoffMs: 1 });
    expect(await check.byName.generate.getJobState(first)).toBe("completed");
    expect(await check.byName.generate.getJobState(late)).toBe("waiting"); // left for the next worker
    await check.close();
  });

  it("past the deadline it aborts and abandons the job, which another worker then completes", async () => {
    const prefix = "sd-deadline";
    const { queues, manager, events } = slowWorker({ prefix, jobMs: 5_000 });
    const jobAddress = address(52);
    await enqueueJob({ queues, queue: "generate", data: { jobAddress } });
    await waitFor({ what: "job active", check: async () => (manager.inFlight().length === 1 ? true : undefined) });
    const started = Date.now();
    const report = await manager.close({ deadlineMs: 300 });
    const elapsed = Date.now() - started;
    expect(report.forced).toBe(true);
    expect(report.abandonedJobIds).toEqual([`generate/${jobAddress}`]);
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(1_500);
    expect(events).toContain("aborted"); // the processor's signal fired at the deadline

    const next = createWorkerManager({ redisUrl: redis.url, prefix, logger: silentLogger, metrics: createMetrics(), settings: FAST_SETTINGS });
    next.register({ queue: "generate", concurrency: 1, processor: async () => "resumed" });
    await waitFor({ what: "resumed", check: async () => ((await queues.byName.generate.getJobState(jobAddress)) === "completed" ? true : undefined) });
    await next.close({ deadlineMs: 1_000 });
    await queues.close();
  });

  it("a step that overruns the deadline fails the report and later steps are skipped", async () => {
    const shutdown = createShutdown({ logger: silentLogger, deadlineMs: 150, exit: () => undefined });
    const ran: string[] = [];
    shutdown.add({ name: "hangs", run: () => new Promise(() => undefined) });
    shutdown.add({ name: "after", run: async () => ran.push("after") });
    const report = await shutdown.run({ signal: "SIGTERM" });
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.name, s.ok])).toEqual([
      ["hangs", false],
      ["after", false],
    ]);
    expect(ran).toEqual([]);
    expect(await shutdown.run({ signal: "SIGINT" })).toBe(report); // idempotent
  });

  it("SIGTERM exits 0 after the steps; a second signal exits 130 at once", async () => {
    const run = (signals: number) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", SIGNAL_CHILD], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("ready\n") && !out.includes("signalled")) {
            out += "signalled\n";
            child.kill("SIGTERM");
            if (signals === 2) setTimeout(() => child.kill("SIGTERM"), 100);
          }
        });
        child.once("exit", (code) => resolve({ code, out }));
      });
    const once = await run(1);
    expect(once.code).toBe(ShutdownExit.clean);
    expect(once.out).toContain("step slow done");
    const twice = await run(2);
    expect(twice.code).toBe(ShutdownExit.forced);
    expect(twice.out).not.toContain("step slow done");
  });
});
