/**
 * Offering on-chain work to a queue: enqueue it when Redis does not know it, and recycle it when the
 * chain says it is due again although its BullMQ job already finished (a claim that expired and
 * reopened the job, an expiry that became due again). Jobs failed for bad input stay failed.
 */
import type { Queues } from "../queues/create-queues.js";
import { enqueueJob } from "../queues/enqueue-job.js";
import { type JobDataInput, jobDataSchemas, jobIdFor, type JobData } from "../queues/job-data.js";
import type { QueueName } from "../queues/queue-names.js";
import { UnrecoverableReason, unrecoverableReasonOf } from "../queues/unrecoverable.js";

/** What {@link offerJob} did. */
export type OfferOutcome = "enqueued" | "recycled" | "present";

/** Offer `data` (due on chain now) to `queue`. */
export async function offerJob<Q extends QueueName>({ queues, queue, data }: { queues: Queues; queue: Q; data: JobDataInput<Q> }): Promise<OfferOutcome> {
  const parsed = jobDataSchemas[queue].parse(data) as JobData<Q>;
  const jobId = jobIdFor({ queue, data: parsed });
  const target = queues.byName[queue];
  const state = await target.getJobState(jobId);
  if (state === "unknown") {
    return (await enqueueJob({ queues, queue, data })).added ? "enqueued" : "present";
  }
  if (state === "completed" || state === "failed") {
    const existing = await target.getJob(jobId);
    const reason = unrecoverableReasonOf({ failedReason: existing?.failedReason });
    const recyclable = state === "completed" || reason === UnrecoverableReason.jobNotActionable;
    if (existing !== undefined && recyclable) {
      await existing.remove();
      return (await enqueueJob({ queues, queue, data })).added ? "recycled" : "present";
    }
  }
  return "present";
}
