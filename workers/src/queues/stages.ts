/**
 * The resumable stage runner for processors. A processor is a chain of named stages; each stage's
 * JSON output is checkpointed into the BullMQ job data (`job.updateData`) before the next stage
 * starts. When the job is retried or picked up after a stall (a crashed worker), stages with a
 * checkpoint are skipped and their recorded output is handed on: a crash after the upload does not
 * upload again, and the claim is not sent twice.
 *
 * Guarantees and their limits:
 * - A stage whose checkpoint was written never runs again for that job.
 * - A crash between a stage's side effect and its checkpoint re-runs that one stage, so each stage
 *   must also be idempotent against the outside world (look before acting: is the job already
 *   claimed by us? is this data item already stored?). The checkpoint shrinks that window to one
 *   Redis round trip.
 * - Before the first stage it runs and before each checkpoint write the runner re-checks the job's
 *   lock with its token (`extendLock`, which also renews it): a worker that lost the job to another
 *   (a stall) stops instead of running the next stage or writing.
 */
import type { Job } from "bullmq";
import type { z } from "zod";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { Checkpoint } from "./job-data.js";
import { UnrecoverableReason, unrecoverable } from "./unrecoverable.js";

/** What a stage gets: the job, its data, and the outputs of the stages before it. */
export interface StageContext<D, O> {
  readonly job: Job;
  readonly data: D;
  readonly outputs: Readonly<O>;
  readonly logger: Logger;
  readonly signal: AbortSignal | undefined;
  /** The worker's lock token (for `job.moveToDelayed` when a stage must come back later). */
  readonly token: string | undefined;
}

interface StageDefinition {
  readonly name: string;
  readonly metric: string;
  readonly run: (ctx: StageContext<unknown, Record<string, unknown>>) => Promise<unknown>;
  readonly output?: z.ZodType;
}

/** Thrown when the job's lock is no longer ours: another worker owns the job now. */
export class LockLostError extends Error {
  readonly code = "LOCK_LOST" as const;

  constructor({ jobId, stage }: { jobId: string | undefined; stage: string }) {
    super(`lost the lock of job ${jobId} before stage "${stage}"; another worker owns it now`);
    this.name = "LockLostError";
  }
}

/** Arguments of {@link StagePipeline.run}. */
export interface RunStagesArgs<D> {
  readonly job: Job;
  readonly data: D;
  /** The worker's lock token (from the processor); without one the lock fence is skipped. */
  readonly token: string | undefined;
  readonly lockDurationMs: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly signal?: AbortSignal | undefined;
}

/** An ordered, typed chain of stages; build with {@link stagePipeline}. */
export class StagePipeline<D, O extends Record<string, unknown>> {
  readonly #stages: readonly StageDefinition[];

  constructor(stages: readonly StageDefinition[]) {
    this.#stages = stages;
  }

  /** Stage names in order. */
  get names(): readonly string[] {
    return this.#stages.map((s) => s.name);
  }

  /**
   * Append a stage. `run` returns a JSON value (it is stored in Redis); `metric` names its latency
   * histogram label (default: the stage name); `output` validates a checkpoint read back on resume.
   */
  stage<N extends string, R>({
    name,
    run,
    metric,
    output,
  }: {
    name: N extends keyof O ? never : N;
    run: (ctx: StageContext<D, O>) => Promise<R>;
    metric?: string;
    output?: z.ZodType<R>;
  }): StagePipeline<D, O & { [K in N]: R }> {
    if (this.#stages.some((s) => s.name === name)) throw new Error(`duplicate stage "${name}"`);
    const definition: StageDefinition = {
      name,
      metric: metric ?? name,
      run: run as StageDefinition["run"],
      ...(output === undefined ? {} : { output }),
    };
    return new StagePipeline<D, O & { [K in N]: R }>([...this.#stages, definition]);
  }

  /** Run the stages in order, skipping checkpointed ones; resolves with every stage's output. */
  async run({ job, data, token, lockDurationMs, logger, metrics, signal }: RunStagesArgs<D>): Promise<O> {
    const queue = job.queueName;
    const outputs: Record<string, unknown> = {};
    let fenced = false;
    let checkpoints: Record<string, Checkpoint> = { ...((job.data as { checkpoints?: Record<string, Checkpoint> }).checkpoints ?? {}) };

    for (const stage of this.#stages) {
      const existing = checkpoints[stage.name];
      if (existing !== undefined) {
        outputs[stage.name] = readCheckpoint({ stage, checkpoint: existing });
        metrics.stagesSkipped.inc({ queue, stage: stage.name });
        logger.info({ stage: stage.name, finishedAt: existing.finishedAt }, "stage skipped: checkpoint found");
        continue;
      }
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(`aborted before stage "${stage.name}"`);
      // The previous stage's checkpoint write was fenced just now; only the first stage run needs its own.
      if (!fenced) await fence({ job, token, lockDurationMs, stage: stage.name });

      const started = performance.now();
      const result = await stage.run({ job, data, outputs, logger, signal, token });
      const seconds = (performance.now() - started) / 1000;
      const output = toJson({ stage: stage.name, value: result });

      await fence({ job, token, lockDurationMs, stage: stage.name });
      fenced = true;
      checkpoints = { ...checkpoints, [stage.name]: { output, finishedAt: Date.now(), seconds } };
      await job.updateData({ ...(job.data as object), checkpoints });
      outputs[stage.name] = output;
      metrics.observeStage({ queue, stage: stage.metric, seconds });
      logger.info({ stage: stage.name, seconds }, "stage done");
    }
    return outputs as O;
  }
}

/** Start a pipeline for job data of type `D`. */
export function stagePipeline<D>(): StagePipeline<D, Record<never, never>> {
  return new StagePipeline<D, Record<never, never>>([]);
}

async function fence({ job, token, lockDurationMs, stage }: { job: Job; token: string | undefined; lockDurationMs: number; stage: string }) {
  if (token === undefined) return;
  const held = await job.extendLock(token, lockDurationMs);
  if (held !== 1) throw new LockLostError({ jobId: job.id, stage });
}

function readCheckpoint({ stage, checkpoint }: { stage: StageDefinition; checkpoint: Checkpoint }): unknown {
  if (stage.output === undefined) return checkpoint.output;
  const parsed = stage.output.safeParse(checkpoint.output);
  if (!parsed.success) {
    throw unrecoverable({ reason: UnrecoverableReason.corruptCheckpoint, detail: `stage "${stage.name}" checkpoint does not match its schema` });
  }
  return parsed.data;
}

/** Outputs must survive JSON (they are stored in Redis): `undefined` becomes null. */
function toJson({ stage, value }: { stage: string; value: unknown }): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch (cause) {
    throw new Error(`stage "${stage}" returned a value that is not JSON`, { cause });
  }
}
