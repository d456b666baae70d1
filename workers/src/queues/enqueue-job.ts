/**
 * Idempotent enqueue: the job data is validated against its queue's schema and the BullMQ jobId is
 * derived from the on-chain identity, so adding the same on-chain job twice (watcher and reconciler,
 * two watchers, a restart) leaves exactly one BullMQ job. BullMQ enforces the uniqueness atomically;
 * `added` in the result is informational (checked just before the add).
 */
import type { JobsOptions } from "bullmq";
import { ZodError } from "zod";
import type { Queues } from "./create-queues.js";
import { type JobData, type JobDataInput, jobDataSchemas, jobIdFor } from "./job-data.js";
import type { QueueName } from "./queue-names.js";
import { describeZodError } from "./unrecoverable.js";

/** Thrown for job data that fails its queue's schema (a caller bug: nothing is enqueued). */
export class EnqueueError extends Error {
  readonly code = "INVALID_JOB_DATA" as const;

  constructor({ queue, detail, cause }: { queue: string; detail: string; cause?: unknown }) {
    super(`cannot enqueue on "${queue}": ${detail}`, cause === undefined ? undefined : { cause });
    this.name = "EnqueueError";
  }
}

/** What {@link enqueueJob} did. */
export interface EnqueueResult {
  readonly jobId: string;
  /** False when a job with this id already existed (in any state); nothing was added then. */
  readonly added: boolean;
  /** The existing job's state when `added` is false. */
  readonly existingState?: string;
}

/** Validate `data` and add it under its derived jobId; a second call with the same identity is a no-op. */
export async function enqueueJob<Q extends QueueName>({
  queues,
  queue,
  data,
  options,
}: {
  queues: Queues;
  queue: Q;
  data: JobDataInput<Q>;
  /** Per-job overrides of the queue's default options (never `jobId`: it is derived). */
  options?: Omit<JobsOptions, "jobId">;
}): Promise<EnqueueResult> {
  let parsed: JobData<Q>;
  try {
    parsed = jobDataSchemas[queue].parse(data) as JobData<Q>;
  } catch (error) {
    if (error instanceof ZodError) throw new EnqueueError({ queue, detail: describeZodError({ error }), cause: error });
    throw error;
  }
  if (parsed.checkpoints !== undefined) throw new EnqueueError({ queue, detail: "checkpoints: a new job cannot carry checkpoints" });
  const jobId = jobIdFor({ queue, data: parsed });
  const target = queues.byName[queue];
  const existing = await target.getJobState(jobId);
  if (existing !== "unknown") return { jobId, added: false, existingState: existing };
  const name = "action" in parsed ? String(parsed.action) : queue;
  await target.add(name, parsed, { ...options, jobId });
  return { jobId, added: true };
}
