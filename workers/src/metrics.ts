/**
 * Prometheus metrics on a registry of our own (never prom-client's global one, so tests and several
 * managers in one process do not collide): per-stage latency histograms, job outcome counters, and
 * the `/metrics` handler the admin HTTP server mounts.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Pipeline stages with a latency histogram (label `stage`). */
export const Stage = {
  queueWait: "queue_wait",
  claim: "claim",
  inference: "inference",
  scoring: "scoring",
  upload: "upload",
  submit: "submit",
  verify: "verify",
  finalize: "finalize",
} as const;
export type Stage = (typeof Stage)[keyof typeof Stage];

/** Why a job attempt failed (label `reason` of the failed counter). */
export const FailureKind = { unrecoverable: "unrecoverable", exhausted: "exhausted" } as const;
export type FailureKind = (typeof FailureKind)[keyof typeof FailureKind];

/** Seconds: from a few milliseconds (no-op stages) to ten minutes (big models on CPU). */
const STAGE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** The service's metrics. */
export interface Metrics {
  readonly registry: Registry;
  /** `atelier_stage_duration_seconds{queue,stage}`. */
  readonly stageDuration: Histogram<"queue" | "stage">;
  /** `atelier_jobs_completed_total{queue}`. */
  readonly jobsCompleted: Counter<"queue">;
  /** `atelier_jobs_failed_total{queue,reason}`: final failures only (no retry follows). */
  readonly jobsFailed: Counter<"queue" | "reason">;
  /** `atelier_jobs_retried_total{queue}`: failed attempts that will be retried with backoff. */
  readonly jobsRetried: Counter<"queue">;
  /** `atelier_jobs_stalled_total{queue}`: jobs whose lock expired (worker crash or blocked loop). */
  readonly jobsStalled: Counter<"queue">;
  /** `atelier_stages_skipped_total{queue,stage}`: stages skipped because a checkpoint existed. */
  readonly stagesSkipped: Counter<"queue" | "stage">;
  /** `atelier_reconciler_enqueued_total{queue}` and errors: what the reconciler restored. */
  readonly reconcilerEnqueued: Counter<"queue">;
  readonly reconcilerErrors: Counter<"queue">;
  /**
   * `atelier_verify_checks_total{outcome,reason}`: verifier checks by outcome (`agree`, `disagree`
   * — one count per reason: `SCORE_BELOW_FLOOR`, `INFLUENCE_MISMATCH`, `UNKNOWN_ARTIST`, … — or
   * `abstain` with `InfluenceUnverifiable`).
   */
  readonly verifyChecks: Counter<"outcome" | "reason">;
  /** Record one stage's duration. */
  observeStage(args: { queue: string; stage: Stage | string; seconds: number }): void;
}

/** A fresh registry with every Atelier metric; `defaultMetrics` adds process and GC metrics. */
export function createMetrics({ defaultMetrics = false, prefix = "atelier_" }: { defaultMetrics?: boolean; prefix?: string } = {}): Metrics {
  const registry = new Registry();
  if (defaultMetrics) collectDefaultMetrics({ register: registry });
  const stageDuration = new Histogram({
    name: `${prefix}stage_duration_seconds`,
    help: "Duration of each pipeline stage (queue_wait, claim, inference, scoring, upload, submit, verify, finalize) in seconds",
    labelNames: ["queue", "stage"] as const,
    buckets: STAGE_BUCKETS,
    registers: [registry],
  });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name: `${prefix}${name}`, help, labelNames, registers: [registry] });
  return {
    registry,
    stageDuration,
    jobsCompleted: counter("jobs_completed_total", "Jobs completed", ["queue"]),
    jobsFailed: counter("jobs_failed_total", "Jobs failed for good (unrecoverable input or attempts exhausted)", ["queue", "reason"]),
    jobsRetried: counter("jobs_retried_total", "Failed attempts scheduled for a retry with backoff", ["queue"]),
    jobsStalled: counter("jobs_stalled_total", "Jobs whose lock expired and were moved back to wait", ["queue"]),
    stagesSkipped: counter("stages_skipped_total", "Stages skipped on a retried job because their checkpoint existed", ["queue", "stage"]),
    reconcilerEnqueued: counter("reconciler_enqueued_total", "Jobs open on chain that the reconciler added back to Redis", ["queue"]),
    reconcilerErrors: counter("reconciler_errors_total", "Reconciler passes that failed (logged, retried next interval)", ["queue"]),
    verifyChecks: counter("verify_checks_total", "Verifier checks of drawn results by outcome (agree, disagree per reason, abstain)", ["outcome", "reason"]),
    observeStage({ queue, stage, seconds }) {
      stageDuration.observe({ queue, stage }, seconds);
    },
  };
}

/** A node/express handler serving the registry in the Prometheus text format. */
export function metricsHandler({ metrics }: { metrics: Metrics }) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const body = await metrics.registry.metrics();
      res.statusCode = 200;
      res.setHeader("Content-Type", metrics.registry.contentType);
      res.end(body);
    } catch (error) {
      res.statusCode = 500;
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      res.end(`metrics collection failed: ${(error as Error).message}\n`);
    }
  };
}
