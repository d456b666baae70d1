/**
 * Job data per queue (zod schemas, validated when a job is enqueued and again when it is processed)
 * and the rule that derives each job's BullMQ id from its on-chain identity, which is what makes
 * enqueueing idempotent: the same on-chain job can only ever be one BullMQ job per queue.
 */
import { z } from "zod";
import { addressSchema } from "./job-address.js";
import { QueueName } from "./queue-names.js";

/** Who put the job in the queue (for logs and metrics only). */
export const EnqueueSource = { watcher: "watcher", reconciler: "reconciler", operator: "operator", test: "test" } as const;
export type EnqueueSource = (typeof EnqueueSource)[keyof typeof EnqueueSource];

/** One completed stage, stored in the job data by the stage runner (`stages.ts`). */
export const checkpointSchema = z.object({
  /** The stage's JSON output, handed to later stages. */
  output: z.unknown(),
  /** Epoch ms when the stage finished. */
  finishedAt: z.number(),
  seconds: z.number(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

const base = {
  source: z.enum(Object.values(EnqueueSource) as [EnqueueSource, ...EnqueueSource[]]).default(EnqueueSource.watcher),
  /** Stage checkpoints by stage name; written by the stage runner, absent on a fresh job. */
  checkpoints: z.record(z.string(), checkpointSchema).optional(),
};

/** The crank's instructions. */
export const CrankAction = { finalize: "finalize", expire: "expire", refund: "refund", audit: "audit", auditVerifier: "audit-verifier" } as const;
export type CrankAction = (typeof CrankAction)[keyof typeof CrankAction];

/** Job data schemas by queue. */
export const jobDataSchemas = {
  [QueueName.generate]: z.object({
    /** The on-chain Job account (base58); also the BullMQ jobId. */
    jobAddress: addressSchema,
    ...base,
  }),
  [QueueName.verify]: z.object({
    /** The on-chain Job account whose submitted result is verified; also the BullMQ jobId. */
    jobAddress: addressSchema,
    ...base,
  }),
  [QueueName.crank]: z.object({
    action: z.enum(Object.values(CrankAction) as [CrankAction, ...CrankAction[]]),
    /** The account the instruction acts on (a Job for finalize/expire, a Worker for audit). */
    address: addressSchema,
    ...base,
  }),
} as const;

/** Parsed job data of a queue. */
export type JobData<Q extends QueueName> = z.infer<(typeof jobDataSchemas)[Q]>;
/** Job data as callers write it (defaults may be left out). */
export type JobDataInput<Q extends QueueName> = z.input<(typeof jobDataSchemas)[Q]>;

/** The BullMQ jobId: the on-chain address (generate, verify) or `<action>-<address>` (crank). */
export function jobIdFor<Q extends QueueName>({ queue, data }: { queue: Q; data: JobData<Q> }): string {
  if (queue === QueueName.crank) {
    const crank = data as JobData<typeof QueueName.crank>;
    return `${crank.action}-${crank.address}`;
  }
  return (data as JobData<typeof QueueName.generate>).jobAddress;
}
