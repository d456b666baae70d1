/**
 * The reconciler: the chain is the source of truth, Redis is a cache of work to do. Each pass asks a
 * chain-side lister what is open (the SDK provides it: program accounts by status), and re-enqueues
 * anything missing from Redis, by its on-chain jobId (so it never duplicates). Jobs that failed after
 * exhausting their attempts on transient errors but are still open on chain are retried; jobs that
 * failed as unrecoverable stay failed. Wiping Redis loses nothing: the next pass restores the queue.
 */
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { Queues } from "./create-queues.js";
import { EnqueueSource, type JobData, type JobDataInput, jobDataSchemas, jobIdFor } from "./job-data.js";
import type { QueueName } from "./queue-names.js";
import { unrecoverableReasonOf } from "./unrecoverable.js";

/** Counts from one reconciler pass. */
export interface ReconcileReport {
  /** Work items the chain says are open. */
  readonly open: number;
  /** Already in Redis (waiting, active, delayed, completed...), left alone. */
  readonly present: number;
  /** Missing from Redis and added back. */
  readonly enqueued: number;
  /** Failed after exhausting attempts on transient errors, still open on chain: retried. */
  readonly retried: number;
  /** Failed as unrecoverable: left failed (the crank expires them on chain). */
  readonly unrecoverable: number;
  /** Listed twice by the chain side (counted once). */
  readonly duplicates: number;
}

/** A running reconciler for one queue. */
export interface Reconciler {
  /** One pass now. */
  runOnce(): Promise<ReconcileReport>;
  /** Run a pass every `intervalMs` (the first immediately); passes never overlap. */
  start(): void;
  /** Stop the interval and wait for a pass in progress. */
  stop(): Promise<void>;
}

/** Build a reconciler for `queue`; `listOpen` returns the job data of every open on-chain item. */
export function createReconciler<Q extends QueueName>({
  queues,
  queue,
  listOpen,
  intervalMs,
  logger,
  metrics,
}: {
  queues: Queues;
  queue: Q;
  listOpen: () => Promise<readonly JobDataInput<Q>[]>;
  intervalMs: number;
  logger: Logger;
  metrics: Metrics;
}): Reconciler {
  const target = queues.byName[queue];
  const log = logger.child({ component: "reconciler", queue });
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> | undefined;
  let stopped = true;

  async function runOnce(): Promise<ReconcileReport> {
    const listed = await listOpen();
    const byId = new Map<string, JobData<Q>>();
    for (const item of listed) {
      const data = jobDataSchemas[queue].parse({ ...item, source: EnqueueSource.reconciler }) as JobData<Q>;
      byId.set(jobIdFor({ queue, data }), data);
    }
    let present = 0;
    let enqueued = 0;
    let retried = 0;
    let unrecoverable = 0;
    for (const [jobId, data] of byId) {
      const state = await target.getJobState(jobId);
      if (state === "unknown") {
        await target.add("action" in data ? String(data.action) : queue, data, { jobId });
        enqueued++;
        continue;
      }
      if (state === "failed") {
        const job = await target.getJob(jobId);
        // Exhausted: every attempt was used and no unrecoverable reason was recorded.
        if (
          job !== undefined &&
          job.attemptsMade >= (job.opts.attempts ?? 1) &&
          unrecoverableReasonOf({ failedReason: job.failedReason }) === undefined
        ) {
          await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
          retried++;
          continue;
        }
        unrecoverable++;
        continue;
      }
      present++;
    }
    const report = { open: byId.size, present, enqueued, retried, unrecoverable, duplicates: listed.length - byId.size };
    if (enqueued + retried > 0) {
      metrics.reconcilerEnqueued.inc({ queue }, enqueued + retried);
      log.warn(report, "reconciler restored jobs missing from Redis");
    } else {
      log.debug(report, "reconciler pass");
    }
    return report;
  }

  async function tick(): Promise<void> {
    try {
      await runOnce();
    } catch (error) {
      // Logged and counted, retried on the next interval: the chain or Redis may be briefly away.
      metrics.reconcilerErrors.inc({ queue });
      log.error({ err: error }, "reconciler pass failed; retrying next interval");
    }
    if (!stopped) timer = setTimeout(loop, intervalMs);
  }

  function loop(): void {
    current = tick();
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
