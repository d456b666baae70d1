/**
 * Reading the SDK's typed errors in the pipeline: which program errors mean "someone already did
 * this" (success for an idempotent stage or a racing crank) and which mean "not yet".
 */
import { AtelierError } from "@atelier/sdk";

/** The typed error's name (`JobNotOpen`, `AccountNotFound`, ...), or undefined for other errors. */
export function chainErrorName({ error }: { error: unknown }): string | undefined {
  return error instanceof AtelierError ? error.name : undefined;
}

/** True when `error` is an SDK error with one of `names`. */
export function isChainError({ error, names }: { error: unknown; names: readonly string[] }): boolean {
  const name = chainErrorName({ error });
  return name !== undefined && names.includes(name);
}

/**
 * Errors of a settling instruction (`finalize_job`, `expire_claim`) that mean the job was already
 * settled or expired by someone else: the job account is closed, or no longer in that state.
 */
export const ALREADY_SETTLED = ["AccountNotFound", "AccountNotInitialized", "JobNotSubmitted", "JobNotClaimed"] as const;
