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

/** An open job past its deadline, which `refund_expired_job` would refund (a read helper; the chain decides). */
export function isOpenJobExpired({ job, now }: { job: JobAccount; now: number }): boolean {
  return jobStatus({ job }) === JOB_STATUS.open && now >= num(job.deadline);
}

/** When an expired claim is cranked at `now`: does the job reopen, or is the client refunded? */
export function expiryOutcome({ job, now }: { job: JobAccount; now: number }): "reopen" | "refund" {
  return now < num(job.deadline) ? "reopen" : "refund";
}

// ---- Verification read helpers ----
// The program decides every phase and verdict (`Job::commit_open`, `Job::reveal`, `Job::verdict`);
// these helpers only read a fetched job the same way, to schedule work and show progress. Callers
// that act (commit, reveal, finalize) send the instruction and treat the program's error
// (`CommitClosed`, `RevealNotOpen`, `VerificationPending`) as "not now". Who is drawn to verify is
// not readable here: ask the chain (`simulateCommitAttestation`).

/** Unix time the verification window of a submitted job closes (no reveals from then on). */
export function verificationClosesAt({ job, config }: { job: JobAccount; config: ConfigAccount }): number {
  return num(job.submittedAt) + num(config.params.verificationWindow);
}

/** Unix time the commit window of a submitted job closes (the commit phase may end earlier: committee full). */
export function commitClosesAt({ job, config }: { job: JobAccount; config: ConfigAccount }): number {
  return num(job.submittedAt) + num(config.params.commitWindow);
}

/** Commitments, reveals and revealed votes on a job so far. */
export function attestationCounts({ job }: { job: Pick<JobAccount, "attestations"> }): {
  committed: number;
  revealed: number;
  agree: number;
  disagree: number;
} {
  const revealed = job.attestations.filter((a) => a.revealed);
  const agree = revealed.filter((a) => a.agree).length;
  return { committed: job.attestations.length, revealed: revealed.length, agree, disagree: revealed.length - agree };
}

/** Read helper for `Job::commit_open`: submitted, before the commit window closes and the committee is not full. */
export function isCommitOpen({ job, config, now }: { job: JobAccount; config: ConfigAccount; now: number }): boolean {
  return (
    jobStatus({ job }) === JOB_STATUS.submitted &&
    now < commitClosesAt({ job, config }) &&
    job.attestations.length < config.params.verifierCommittee
  );
}

/** Read helper for `reveal_attestation`'s timing: the commit phase is over and the verification window still open. */
export function isRevealOpen({ job, config, now }: { job: JobAccount; config: ConfigAccount; now: number }): boolean {
  return jobStatus({ job }) === JOB_STATUS.submitted && !isCommitOpen({ job, config, now }) && now < verificationClosesAt({ job, config });
}

/** What `finalize_job` would do now. */
export const SETTLEMENT = {
  /** Not submitted yet: nothing to settle. */
  notSubmitted: "not-submitted",
  /** Commit phase open, or reveals outstanding within the window: `finalize_job` fails with `VerificationPending`. */
  pending: "pending",
  /** Would pay worker, agreeing verifiers and treasury. */
  accept: "accept",
  /** Would refund the client and slash the worker. */
  reject: "reject",
  /** Neither side reached its quorum: would refund the client; the worker is neither paid nor slashed. */
  unverified: "unverified",
} as const;
export type Settlement = (typeof SETTLEMENT)[keyof typeof SETTLEMENT];

/**
 * Read helper for the program's `Job::verdict` (the program decides; `finalize_job` never needs
 * this). A worker's own score below the floor rejects at once. Otherwise the job waits until the
 * commit phase is over and every commitment is revealed, or the window closes; then a quorum of
 * revealed agreeing votes accepts, a quorum of revealed disagreeing votes rejects, anything else
 * is unverified. Unrevealed commitments count for neither side.
 */
export function settlementState({ job, config, now }: { job: JobAccount; config: ConfigAccount; now: number }): Settlement {
  if (jobStatus({ job }) !== JOB_STATUS.submitted) return SETTLEMENT.notSubmitted;
  const { verifierQuorum: quorum, clipScoreFloor: floor } = config.params;
  if (job.clipScore < floor) return SETTLEMENT.reject;
  const windowClosed = now >= verificationClosesAt({ job, config });
  const { committed, revealed, agree, disagree } = attestationCounts({ job });
  if (!windowClosed && (isCommitOpen({ job, config, now }) || revealed < committed)) return SETTLEMENT.pending;
  if (agree >= quorum) return SETTLEMENT.accept;
  if (disagree >= quorum) return SETTLEMENT.reject;
  return SETTLEMENT.unverified;
}

/** Whether `finalize_job` would settle the job now (any verdict but pending). */
export function isSettleable({ settlement }: { settlement: Settlement }): boolean {
  return settlement !== SETTLEMENT.pending && settlement !== SETTLEMENT.notSubmitted;
}

/** Where a job is in the verification game. */
export const VERIFICATION_PHASE = {
  /** Not submitted: no verification yet. */
  notSubmitted: "not-submitted",
  /** Drawn verifiers may commit. */
  commit: "commit",
  /** The commit phase is over; committed verifiers reveal. */
  reveal: "reveal",
  /** `finalize_job` would decide the job now. */
  settleable: "settleable",
} as const;
export type VerificationPhase = (typeof VERIFICATION_PHASE)[keyof typeof VERIFICATION_PHASE];

/** Read helper: the job's verification phase at `now` (settleable wins over the others). */
export function verificationPhase({ job, config, now }: { job: JobAccount; config: ConfigAccount; now: number }): VerificationPhase {
  const settlement = settlementState({ job, config, now });
  if (settlement === SETTLEMENT.notSubmitted) return VERIFICATION_PHASE.notSubmitted;
  if (isSettleable({ settlement })) return VERIFICATION_PHASE.settleable;
  return isCommitOpen({ job, config, now }) ? VERIFICATION_PHASE.commit : VERIFICATION_PHASE.reveal;
}

/**
 * Read helper for the program's `Job::verified_score`: the median (the floor of the mean of the
 * two middle values for an even count) of the deciding side's revealed scores — agreeing ones
 * when accepted, disagreeing ones when rejected; null otherwise.
 */
export function verifiedScore({ job, settlement }: { job: JobAccount; settlement: Settlement }): number | null {
  if (settlement !== SETTLEMENT.accept && settlement !== SETTLEMENT.reject) return null;
  const side = job.attestations
    .filter((a) => a.revealed && a.agree === (settlement === SETTLEMENT.accept))
    .map((a) => a.score)
    .sort((a, b) => a - b);
  if (side.length === 0) return null;
  const lo = side[Math.floor((side.length - 1) / 2)]!;
  const hi = side[Math.floor(side.length / 2)]!;
  return Math.floor((lo + hi) / 2);
}

/** Can the worker withdraw its stake at `now`? (Unbonding or deactivated, unbonded, no job or verification in flight.) */
export function canWithdraw({ worker, now }: { worker: WorkerAccount; now: number }): boolean {
  const status = workerStatus({ worker });
  return (
    status !== WORKER_STATUS.active &&
    worker.withdrawableAt !== null &&
    now >= num(worker.withdrawableAt) &&
    worker.jobsInFlight === 0 &&
    worker.verificationsInFlight === 0
  );
}
