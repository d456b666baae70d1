/**
 * Default BullMQ job options: a few attempts with exponential backoff, completed jobs kept for an
 * hour (their ids keep deduplicating re-adds by the watcher and reconciler during that window),
 * failed jobs kept a week for inspection on the dashboard.
 */
import type { JobsOptions } from "bullmq";

/** Seconds a completed job stays in Redis (and keeps its jobId taken). */
export const KEEP_COMPLETED_SECONDS = 3_600;
/** Seconds a failed job stays in Redis. */
export const KEEP_FAILED_SECONDS = 7 * 24 * 3_600;

/** Job options for `attempts` tries with exponential backoff from `backoffMs`. */
export function defaultJobOptions({ attempts, backoffMs }: { attempts: number; backoffMs: number }): JobsOptions {
  return {
    attempts,
    backoff: { type: "exponential", delay: backoffMs },
    removeOnComplete: { age: KEEP_COMPLETED_SECONDS, count: 10_000 },
    removeOnFail: { age: KEEP_FAILED_SECONDS, count: 50_000 },
  };
}
