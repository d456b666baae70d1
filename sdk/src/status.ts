import type { BN } from "./bn.js";
import type { ConfigAccount, JobAccount, WorkerAccount } from "./types.js";

/** A job's on-chain status. Settled and cancelled jobs are closed and have none. */
export const JOB_STATUS = { open: "open", claimed: "claimed", submitted: "submitted" } as const;
export type JobStatus = (typeof JOB_STATUS)[keyof typeof JOB_STATUS];

/** A worker's stake lifecycle. */
export const WORKER_STATUS = { active: "active", unbonding: "unbonding", deactivated: "deactivated" } as const;
export type WorkerStatus = (typeof WORKER_STATUS)[keyof typeof WORKER_STATUS];

/** The variant name of an Anchor-decoded enum (`{ open: {} }` → `"open"`). */
function variant<T extends string>(value: object, allowed: readonly T[]): T {
  const key = Object.keys(value)[0];
  if (key === undefined || !(allowed as readonly string[]).includes(key)) throw new Error(`unknown enum variant ${JSON.stringify(value)}`);
  return key as T;
}

const num = (v: BN | number): number => (typeof v === "number" ? v : v.toNumber());

/** The job's status as a string. */
export function jobStatus({ job }: { job: Pick<JobAccount, "status"> }): JobStatus {
  return variant(job.status, Object.values(JOB_STATUS));
}

/** The worker's status as a string. */
export function workerStatus({ worker }: { worker: Pick<WorkerAccount, "status"> }): WorkerStatus {
  return variant(worker.status, Object.values(WORKER_STATUS));
}

/** Can a worker claim this job at unix time `now`? (Open, and before the client's deadline.) */
export function isClaimable({ job, now }: { job: JobAccount; now: number }): boolean {
  return jobStatus({ job }) === JOB_STATUS.open && now < num(job.deadline);
}

/** Can anyone crank `expire_claim` at `now`? (Claimed, and past the claim deadline.) */
export function isClaimExpired({ job, now }: { job: JobAccount; now: number }): boolean {
  return jobStatus({ job }) === JOB_STATUS.claimed && now > num(job.claimDeadline);
}

/** When an expired claim is cranked at `now`: does the job reopen, or is the client refunded? */
export function expiryOutcome({ job, now }: { job: JobAccount; now: number }): "reopen" | "refund" {
  return now < num(job.deadline) ? "reopen" : "refund";
}

/** Unix time the verification window of a submitted job closes. */
export function verificationClosesAt({ job, config }: { job: JobAccount; config: ConfigAccount }): number {
  return num(job.submittedAt) + num(config.params.verificationWindow);
}

/** What `finalize_job` would do now. */
export const SETTLEMENT = {
  /** Not submitted yet: nothing to settle. */
  notSubmitted: "not-submitted",
  /** No quorum and the window is open: `finalize_job` fails with `VerificationPending`. */
  pending: "pending",
  /** Would pay worker, agreeing verifiers and treasury. */
  accept: "accept",
  /** Would refund the client and slash the worker. */
  reject: "reject",
  /** The window closed without a quorum on either side: would refund the client; nobody is paid or slashed. */
  unverified: "unverified",
} as const;
export type Settlement = (typeof SETTLEMENT)[keyof typeof SETTLEMENT];

/**
 * Read helper for the program's `Job::verified_score`: the mean CLIP score (floor) of the deciding
 * side's attestations (agreeing ones when accepted, disagreeing ones when rejected); null otherwise.
 */
export function verifiedScore({ job, settlement }: { job: JobAccount; settlement: Settlement }): number | null {
  if (settlement !== SETTLEMENT.accept && settlement !== SETTLEMENT.reject) return null;
  const side = job.attestations.filter((a) => a.agree === (settlement === SETTLEMENT.accept));
  if (side.length === 0) return null;
  return Math.floor(side.reduce((s, a) => s + a.score, 0) / side.length);
}

/**
 * Read helper for the program's `Job::verdict` (the program decides; `finalize_job` never needs
 * this): a quorum of agreeing votes accepts, a quorum of disagreeing votes (or the worker's own
 * score below the floor) rejects, and a window that closes without either is unverified.
 */
export function settlementState({ job, config, now }: { job: JobAccount; config: ConfigAccount; now: number }): Settlement {
  if (jobStatus({ job }) !== JOB_STATUS.submitted) return SETTLEMENT.notSubmitted;
  const { verifierQuorum: quorum, clipScoreFloor: floor } = config.params;
  const agree = job.attestations.filter((a) => a.agree).length;
  const disagree = job.attestations.length - agree;
  if (job.clipScore < floor || disagree >= quorum) return SETTLEMENT.reject;
  if (agree >= quorum) return SETTLEMENT.accept;
  if (now < verificationClosesAt({ job, config })) return SETTLEMENT.pending;
  return SETTLEMENT.unverified;
}

/**
 * Whether `attest_result` still takes votes on the job (ignoring the window and who votes):
 * attestations close once either side holds the quorum (`AttestationClosed`).
 */
export function isAttestationOpen({ job, config }: { job: JobAccount; config: ConfigAccount }): boolean {
  const quorum = config.params.verifierQuorum;
  const agree = job.attestations.filter((a) => a.agree).length;
  return agree < quorum && job.attestations.length - agree < quorum;
}

/** Whether `finalize_job` would settle the job now (any verdict but pending). */
export function isSettleable({ settlement }: { settlement: Settlement }): boolean {
  return settlement !== SETTLEMENT.pending && settlement !== SETTLEMENT.notSubmitted;
}

/** Can the worker withdraw its stake at `now`? (Unbonding or deactivated, unbonded, nothing in flight.) */
export function canWithdraw({ worker, now }: { worker: WorkerAccount; now: number }): boolean {
  const status = workerStatus({ worker });
  return (
    status !== WORKER_STATUS.active &&
    worker.withdrawableAt !== null &&
    now >= num(worker.withdrawableAt) &&
    worker.jobsInFlight === 0
  );
}
