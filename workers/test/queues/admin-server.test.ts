/** The admin HTTP server: Prometheus metrics with the stage histograms, health, and the dashboard. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_PATH, createDashboard } from "../../src/dashboard/bull-board.js";
import { type AdminServer, startAdminServer } from "../../src/dashboard/admin-server.js";
import { Stage, createMetrics } from "../../src/metrics.js";
import { createQueues, type Queues } from "../../src/queues/create-queues.js";
import { enqueueJob } from "../../src/queues/enqueue-job.js";
import { type TestRedis, startRedis } from "./redis-server.js";
import { address, silentLogger } from "./test-kit.js";

let redis: TestRedis;
let queues: Queues;
let admin: AdminServer;
const metrics = createMetrics({ defaultMetrics: true });

beforeAll(async () => {
  redis = await startRedis();
  queues = createQueues({ redisUrl: redis.url, prefix: "admin", attempts: 1, backoffMs: 10 });
  const dashboard = createDashboard({ queues: Object.values(queues.byName) });
  admin = await startAdminServer({ host: "127.0.0.1", port: 0, metrics, dashboard, logger: silentLogger });
});
afterAll(async () => {
  await admin.close();
  await queues.close();
  await redis.stop();
});

describe("admin server", () => {
  it("/metrics exposes the per-stage histograms and job counters in Prometheus format", async () => {
    metrics.observeStage({ queue: "generate", stage: Stage.inference, seconds: 1.7 });
    metrics.jobsCompleted.inc({ queue: "generate" });
    const res = await fetch(`${admin.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const body = await res.text();
    expect(body).toContain("# TYPE atelier_stage_duration_seconds histogram");
    expect(body).toContain('atelier_stage_duration_seconds_bucket{le="2.5",queue="generate",stage="inference"} 1');
    expect(body).toContain('atelier_stage_duration_seconds_bucket{le="1",queue="generate",stage="inference"} 0');
    expect(body).toContain('atelier_jobs_completed_total{queue="generate"} 1');
    for (const name of ["jobs_failed_total", "jobs_retried_total", "jobs_stalled_total", "stages_skipped_total"]) {
      expect(body).toContain(`# TYPE atelier_${name} counter`);
    }
    expect(body).toContain("process_cpu_user_seconds_total");
  });

  it("/healthz answers and unknown paths are 404", async () => {
    expect((await fetch(`${admin.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${admin.url}/nope`)).status).toBe(404);
  });

  it("the dashboard serves its page and lists the queues with their jobs", async () => {
    const page = await fetch(`${admin.url}${DASHBOARD_PATH}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain(DASHBOARD_PATH);

    await enqueueJob({ queues, queue: "generate", data: { jobAddress: address(70) } });
    const api = await fetch(`${admin.url}${DASHBOARD_PATH}/api/queues`);
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(["crank", "generate", "verify"]);
    expect(body.queues.find((q) => q.name === "generate")?.counts.waiting).toBe(1);
  });
});
