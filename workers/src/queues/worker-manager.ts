/**
 * The one place BullMQ Workers are created: explicit concurrency per queue, shared connection options
 * (`maxRetriesPerRequest: null`), the same lock/stall settings everywhere, job data validated before
 * the processor sees it, a child logger per job, outcome metrics, event logging, and a `close()` that
 * stops taking jobs, lets in-flight jobs finish up to a deadline, then force-closes (a force-closed
 * job's lock expires and another worker resumes it from its last stage checkpoint).
 */
import { type Job, WaitingError, Worker } from "bullmq";
import { type Logger, jobLogger } from "../logger.js";
import { FailureKind, type Metrics, Stage } from "../metrics.js";
import { ConnectionRole, connectionOptions } from "../redis.js";
import { type JobData, jobDataSchemas } from "./job-data.js";
import type { QueueName } from "./queue-names.js";
import { classifyError, isUnrecoverable } from "./unrecoverable.js";

/** Everything a processor gets for one job attempt. */
export interface ProcessorContext<Q extends QueueName> {
  readonly job: Job<JobData<Q>>;
  /** The job data, validated against the queue's schema. */
  readonly data: JobData<Q>;
  /** Child logger with jobId, queue and attempt. */
  readonly logger: Logger;
  /** The worker's lock token for this job (the stage runner uses it as a fence). */
  readonly token: string | undefined;
  /** The lock duration, for re-checking the lock. */
  readonly lockDurationMs: number;
  /** Aborted when shutdown's deadline passes or the job is cancelled. */
  readonly signal: AbortSignal | undefined;
  readonly metrics: Metrics;
}

/** A queue's processor: return a JSON value on success, throw to fail (invalid input: unrecoverable). */
export type QueueProcessor<Q extends QueueName> = (ctx: ProcessorContext<Q>) => Promise<unknown>;

/** Lock and stall settings shared by every worker of the process. */
export interface WorkerSettings {
  /** A job's lock lives this long without renewal (renewed every half of it while it runs). */
  readonly lockDurationMs: number;
  /** How often each worker looks for stalled jobs (expired locks) to move back to wait. */
  readonly stalledIntervalMs: number;
  /** Stalls allowed before a job fails for good. */
  readonly maxStalledCount: number;
}

/** What {@link WorkerManager.close} did. */
export interface CloseReport {
  /** True when in-flight jobs did not finish before the deadline and were left to stall. */
  readonly forced: boolean;
  /** Jobs still running when the deadline passed. */
  readonly abandonedJobIds: readonly string[];
  readonly elapsedMs: number;
}

/** Owns every BullMQ Worker of the process. */
export interface WorkerManager {
  /** Start a worker for `queue` with explicit `concurrency`. One worker per queue. */
  register<Q extends QueueName>(args: { queue: Q; concurrency: number; processor: QueueProcessor<Q> }): Worker;
  /** The workers by queue. */
  readonly workers: ReadonlyMap<QueueName, Worker>;
  /** Job ids currently inside a processor. */
  inFlight(): readonly string[];
  /** Stop taking jobs, wait for in-flight ones up to `deadlineMs`, then close (forcing if needed). */
  close(args: { deadlineMs: number }): Promise<CloseReport>;
}

/** Create the process's worker manager. */
export function createWorkerManager({
  redisUrl,
  prefix,
  logger,
  metrics,
  settings,
}: {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  metrics: Metrics;
  settings: WorkerSettings;
}): WorkerManager {
  const connection = connectionOptions({ url: redisUrl, role: ConnectionRole.worker });
  const workers = new Map<QueueName, Worker>();
  const running = new Map<string, Promise<unknown>>();
  let closing: Promise<CloseReport> | undefined;

  function register<Q extends QueueName>({ queue, concurrency, processor }: { queue: Q; concurrency: number; processor: QueueProcessor<Q> }): Worker {
    if (closing !== undefined) throw new Error(`worker manager is closing; cannot register "${queue}"`);
    if (workers.has(queue)) throw new Error(`a worker for "${queue}" is already registered`);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency for "${queue}" must be a positive integer, got ${concurrency}`);

    const wrapped = async (job: Job<JobData<Q>>, token?: string, signal?: AbortSignal): Promise<unknown> => {
      const log = jobLogger({ logger, job });
      if (closing !== undefined) {
        // Fetched by a blocking call that was already waiting when shutdown began: hand it back
        // untouched (no attempt is used) for the next worker.
        await job.moveToWait(token);
        log.info("job handed back to wait: shutting down");
        throw new WaitingError();
      }
      if (job.attemptsStarted <= 1 && job.processedOn !== undefined) {
        const waitedMs = Math.max(0, job.processedOn - job.timestamp - (job.delay ?? 0));
        metrics.observeStage({ queue, stage: Stage.queueWait, seconds: waitedMs / 1000 });
      }
      const key = `${queue}/${job.id}`;
      const work = (async () => {
        try {
          const data = jobDataSchemas[queue].parse(job.data) as JobData<Q>;
          log.debug({ stalls: job.stalledCounter }, "job started");
          return await processor({ job, data, logger: log, token, lockDurationMs: settings.lockDurationMs, signal, metrics });
        } catch (error) {
          throw classifyError({ error });
        }
      })();
      running.set(key, work);
      try {
        return await work;
      } finally {
        running.delete(key);
      }
    };

    const worker = new Worker<JobData<Q>>(queue, wrapped, {
      connection,
      prefix,
      concurrency,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      maxStalledCount: settings.maxStalledCount,
      autorun: true,
    });
    worker.on("completed", (job) => {
      metrics.jobsCompleted.inc({ queue });
      jobLogger({ logger, job }).info({ durationMs: durationOf(job) }, "job completed");
    });
    worker.on("failed", (job, error) => {
      if (job === undefined) {
        metrics.jobsFailed.inc({ queue, reason: FailureKind.exhausted });
        logger.error({ queue, err: error }, "stalled job failed and was removed");
        return;
      }
      const log = jobLogger({ logger, job });
      const unrecoverable = isUnrecoverable({ error });
      const maxAttempts = job.opts.attempts ?? 1;
      // A final failure sets finishedOn; a retried attempt goes to delayed without it.
      if (!unrecoverable && job.finishedOn === undefined && job.attemptsMade < maxAttempts) {
        metrics.jobsRetried.inc({ queue });
        log.warn({ err: error, attemptsMade: job.attemptsMade, maxAttempts }, "job attempt failed; retrying with backoff");
        return;
      }
      const reason = unrecoverable ? FailureKind.unrecoverable : FailureKind.exhausted;
      metrics.jobsFailed.inc({ queue, reason });
      log.error({ err: error, reason, attemptsMade: job.attemptsMade }, "job failed");
    });
    worker.on("stalled", (jobId) => {
      metrics.jobsStalled.inc({ queue });
      logger.warn({ queue, jobId }, "job stalled (lock expired); moved back to wait");
    });
    worker.on("error", (error) => {
      logger.error({ queue, err: error }, "worker error");
    });
    workers.set(queue, worker as unknown as Worker);
    logger.info({ queue, concurrency, ...settings }, "worker started");
    return worker as unknown as Worker;
  }

  async function closeAll({ deadlineMs }: { deadlineMs: number }): Promise<CloseReport> {
    const started = Date.now();
    logger.info({ inFlight: running.size, deadlineMs }, "workers: stop taking jobs");
    await Promise.all([...workers.values()].map((worker) => worker.pause(true)));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"deadline">((resolve) => {
      timer = setTimeout(() => resolve("deadline"), deadlineMs);
    });
    const drained = Promise.allSettled([...running.values()]).then(() => "drained" as const);
    const outcome = await Promise.race([drained, deadline]);
    clearTimeout(timer);
    const abandonedJobIds = outcome === "deadline" ? [...running.keys()] : [];
    if (outcome === "deadline") {
      logger.warn({ abandoned: abandonedJobIds }, "shutdown deadline passed; aborting in-flight jobs (they will stall and resume elsewhere)");
      for (const worker of workers.values()) worker.cancelAllJobs("shutdown deadline");
    } else {
      logger.info("workers: in-flight jobs finished");
    }
    await Promise.all([...workers.values()].map((worker) => worker.close(outcome === "deadline")));
    const report = { forced: outcome === "deadline", abandonedJobIds, elapsedMs: Date.now() - started };
    logger.info(report, "workers closed");
    return report;
  }

  return {
    register,
    workers,
    inFlight: () => [...running.keys()],
    close({ deadlineMs }) {
      closing ??= closeAll({ deadlineMs });
      return closing;
    },
  };
}

function durationOf(job: Job): number | undefined {
  return job.finishedOn !== undefined && job.processedOn !== undefined ? job.finishedOn - job.processedOn : undefined;
}
