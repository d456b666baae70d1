/**
 * Invalid input fails a job at once with `UnrecoverableError` (no retries, no backoff) and a reason
 * code at the start of its message, so `job.failedReason` can be matched on. Everything else is left
 * as is and retried with backoff: a transient RPC, Redis or bundler error must not lose the job.
 */
import { UnrecoverableError } from "bullmq";
import { ZodError } from "zod";
import { InferenceError, InferenceErrorCode } from "../inference/errors.js";

/** Why a job can never succeed. */
export const UnrecoverableReason = {
  /** Job data failed its queue's schema. */
  invalidJobData: "INVALID_JOB_DATA",
  /** The on-chain job's parameters cannot be run (prompt, size, steps...). */
  invalidJobParams: "INVALID_JOB_PARAMS",
  /** The on-chain account is missing or not in a state this queue can act on. */
  jobNotActionable: "JOB_NOT_ACTIONABLE",
  /** A stage's checkpoint in the job data is corrupt (e.g. edited by hand). */
  corruptCheckpoint: "CORRUPT_CHECKPOINT",
} as const;
export type UnrecoverableReason = (typeof UnrecoverableReason)[keyof typeof UnrecoverableReason];

/** Inference errors caused by the job's own parameters: retrying cannot help. */
const INVALID_INFERENCE_INPUT: ReadonlySet<string> = new Set([
  InferenceErrorCode.InvalidPrompt,
  InferenceErrorCode.PromptTooLong,
  InferenceErrorCode.UnsupportedSize,
  InferenceErrorCode.InvalidParameter,
]);

/** An `UnrecoverableError` whose message is `<REASON>: <detail>`. */
export function unrecoverable({ reason, detail, cause }: { reason: UnrecoverableReason; detail: string; cause?: unknown }): UnrecoverableError {
  const error = new UnrecoverableError(`${reason}: ${detail}`);
  if (cause !== undefined) (error as Error & { cause?: unknown }).cause = cause;
  return error;
}

/** The reason code of a failed job (`job.failedReason`), or undefined for other failures. */
export function unrecoverableReasonOf({ failedReason }: { failedReason: string | undefined }): UnrecoverableReason | undefined {
  const code = failedReason?.split(":", 1)[0];
  return (Object.values(UnrecoverableReason) as string[]).includes(code ?? "") ? (code as UnrecoverableReason) : undefined;
}

/** One line naming each bad field of a zod error (`jobAddress: must be ...; action: ...`). */
export function describeZodError({ error }: { error: ZodError }): string {
  return error.issues.map((i) => `${i.path.join(".") || "data"}: ${i.message}`).join("; ");
}

/**
 * Map an error thrown by a processor: invalid input becomes an `UnrecoverableError` with a reason;
 * `UnrecoverableError`s and every other error are returned unchanged (others are retried).
 */
export function classifyError({ error }: { error: unknown }): unknown {
  if (error instanceof UnrecoverableError) return error;
  if (error instanceof ZodError) {
    return unrecoverable({ reason: UnrecoverableReason.invalidJobData, detail: describeZodError({ error }), cause: error });
  }
  if (error instanceof InferenceError && INVALID_INFERENCE_INPUT.has(error.code)) {
    return unrecoverable({ reason: UnrecoverableReason.invalidJobParams, detail: `${error.code} ${error.message}`, cause: error });
  }
  return error;
}

/** True when BullMQ will not retry this error. */
export function isUnrecoverable({ error }: { error: unknown }): boolean {
  return error instanceof UnrecoverableError || (error instanceof Error && error.name === "UnrecoverableError");
}
