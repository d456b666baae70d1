/**
 * The producer side: one BullMQ `Queue` per queue name, sharing the prefix and default job options.
 */
import { Queue } from "bullmq";
import { ConnectionRole, connectionOptions } from "../redis.js";
import { defaultJobOptions } from "./job-options.js";
import { QUEUE_NAMES, type QueueName } from "./queue-names.js";

/** The pipeline's queues by name, and one `close()` for all of them. */
export interface Queues {
  readonly byName: Readonly<Record<QueueName, Queue>>;
  readonly prefix: string;
  close(): Promise<void>;
}

/** Open every queue on `redisUrl` under `prefix`; jobs get `attempts` tries with exponential backoff. */
export function createQueues({
  redisUrl,
  prefix,
  attempts,
  backoffMs,
}: {
  redisUrl: string;
  prefix: string;
  attempts: number;
  backoffMs: number;
}): Queues {
  const connection = connectionOptions({ url: redisUrl, role: ConnectionRole.producer });
  const defaults = defaultJobOptions({ attempts, backoffMs });
  const entries = QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix, defaultJobOptions: defaults })] as const);
  const byName = Object.fromEntries(entries) as Record<QueueName, Queue>;
  return {
    byName,
    prefix,
    async close() {
      await Promise.all(Object.values(byName).map((queue) => queue.close()));
    },
  };
}
