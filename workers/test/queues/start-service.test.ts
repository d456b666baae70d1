/** The wired service: reconciler → queue → processor, metrics served, ordered shutdown, Redis checks. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../../src/env.js";
import { startService } from "../../src/queues/start-service.js";
import { type TestRedis, startRedis } from "./redis-server.js";
import { address, silentLogger, waitFor } from "./test-kit.js";

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe("startService", () => {
  it("reconciles open work into the queue, processes it, serves metrics and shuts down in order", async () => {
    const env = parseEnv({
      source: { ATELIER_REDIS_URL: redis.url, ATELIER_METRICS_PORT: "0", ATELIER_QUEUE_PREFIX: "svc", ATELIER_CONCURRENCY_PER_DEVICE: "2", ATELIER_SHUTDOWN_DEADLINE_MS: "3000" },
    });
    const processed: string[] = [];
    const open = [address(80), address(81)];
    const service = await startService({
      env,
      logger: silentLogger,
      listenSignals: false,
      parts: {
        processors: { generate: { processor: async ({ data }) => processed.push(data.jobAddress) } },
        reconcile: { generate: async () => open.map((jobAddress) => ({ jobAddress })) },
      },
    });
    expect(service.manager.workers.get("generate")?.concurrency).toBe(2);
    await waitFor({ what: "both processed", check: async () => (processed.length === 2 ? true : undefined) });
    expect([...processed].sort()).toEqual([...open].sort());
    const body = await (await fetch(`${service.admin.url}/metrics`)).text();
    expect(body).toContain('atelier_jobs_completed_total{queue="generate"} 2');
    expect(body).toContain('atelier_reconciler_enqueued_total{queue="generate"} 2');

    const report = await service.shutdown.run({ signal: "SIGTERM" });
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.name)).toEqual(["reconcilers", "workers", "queues", "admin server"]);
    await expect(fetch(`${service.admin.url}/healthz`)).rejects.toThrow();
  });

  it("fails fast when Redis is unreachable", async () => {
    const env = parseEnv({ source: { ATELIER_REDIS_URL: "redis://127.0.0.1:1", ATELIER_METRICS_PORT: "0" } });
    await expect(startService({ env, logger: silentLogger, listenSignals: false, parts: {} })).rejects.toMatchObject({ code: "REDIS_UNAVAILABLE" });
  });

  it("refuses to start on a Redis that may evict keys", async () => {
    await redis.client.config("SET", "maxmemory-policy", "allkeys-lru");
    try {
      const env = parseEnv({ source: { ATELIER_REDIS_URL: redis.url, ATELIER_METRICS_PORT: "0" } });
      await expect(startService({ env, logger: silentLogger, listenSignals: false, parts: {} })).rejects.toMatchObject({ code: "REDIS_EVICTION_POLICY" });
    } finally {
      await redis.client.config("SET", "maxmemory-policy", "noeviction");
    }
  });
});
