/**
 * pino JSON logs: one root logger per process, a child per BullMQ job carrying jobId, queue and attempt
 * so every line a processor writes can be joined to its job.
 */
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

/** The root logger for a service role. `destination` defaults to stdout (tests pass a stream). */
export function createLogger({
  level = "info",
  role,
  destination,
}: {
  level?: string;
  role?: string;
  destination?: DestinationStream;
}): Logger {
  const options = {
    level,
    base: { pid: process.pid, ...(role === undefined ? {} : { role }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** The fields of a BullMQ job the job logger needs. */
export interface LoggableJob {
  readonly id?: string | undefined;
  readonly queueName: string;
  readonly attemptsMade: number;
  readonly name?: string;
}

/** A child logger for one job: `jobId`, `queue` and `attempt` (1-based) on every line. */
export function jobLogger({ logger, job }: { logger: Logger; job: LoggableJob }): Logger {
  return logger.child({ jobId: job.id, queue: job.queueName, attempt: job.attemptsMade + 1 });
}
