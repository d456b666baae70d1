/** The BullMQ queues of the pipeline. */
export const QueueName = {
  /** Open on-chain jobs for generators: claim → inference → scoring → upload → submit. */
  generate: "generate",
  /** Submitted results for verifiers: fetch → check → attest. */
  verify: "verify",
  /** Due finalize / expire / audit instructions for the crank. */
  crank: "crank",
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Every queue, in pipeline order. */
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);
