import { BN } from "../src/index.js";
import { Keypair } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import {
  SETTLEMENT,
  VERIFICATION_PHASE,
  attestationCounts,
  canWithdraw,
  commitClosesAt,
  expiryOutcome,
  isClaimExpired,
  isClaimable,
  isCommitOpen,
  isRevealOpen,
  isSettleable,
  jobStatus,
  settlementState,
  verificationPhase,
  verifiedScore,
  type ConfigAccount,
  type JobAccount,
  type WorkerAccount,
} from "../src/index.js";

const T0 = 1_800_000_000;
const key = () => Keypair.generate().publicKey;

function config(change: Partial<ConfigAccount["params"]> = {}): ConfigAccount {
  return {
    params: {
      protocolFeeBps: 500,
      verifierFeeBps: 300,
      minWorkerStake: new BN(1e9),
      unbondingPeriod: new BN(7 * 86400),
      claimTimeout: new BN(600),
      verificationWindow: new BN(3600),
      commitWindow: new BN(600),
      verifierQuorum: 2,
      verifierCommittee: 3,
      verifierOversample: 2,
      verifierTolerance: 300,
      verifierSlashBps: 1000,
      clipScoreFloor: 2000,
      slashBps: 1000,
      latePenaltyBps: 100,
      ...change,
    },
  } as ConfigAccount;
}

/** A revealed vote, or a commitment not revealed yet (`revealed: false`). */
type Attest = { agree: boolean; score: number; revealed?: boolean };
function job(status: "open" | "claimed" | "submitted", extra: { attestations?: Attest[]; clipScore?: number } = {}): JobAccount {
  return {
    status: { [status]: {} },
    deadline: new BN(T0 + 1000),
    claimDeadline: new BN(status === "claimed" ? T0 + 600 : 0),
    submittedAt: new BN(status === "submitted" ? T0 : 0),
    clipScore: extra.clipScore ?? 3000,
    worker: status === "open" ? null : key(),
    attestations: (extra.attestations ?? []).map((a) => ({
      verifier: key(),
      authority: key(),
      commitment: new Array(32).fill(0),
      revealed: a.revealed ?? true,
      score: a.revealed === false ? 0 : a.score,
      agree: a.revealed === false ? false : a.agree,
    })),
  } as unknown as JobAccount;
}

describe("status helpers", () => {
  it("reads the job status variant", () => {
    expect(jobStatus({ job: job("open") })).toBe("open");
    expect(jobStatus({ job: job("submitted") })).toBe("submitted");
    expect(() => jobStatus({ job: { status: { settled: {} } } as unknown as JobAccount })).toThrow();
  });

  it("isClaimable: open and strictly before the deadline", () => {
    expect(isClaimable({ job: job("open"), now: T0 + 999 })).toBe(true);
    expect(isClaimable({ job: job("open"), now: T0 + 1000 })).toBe(false);
    expect(isClaimable({ job: job("claimed"), now: T0 })).toBe(false);
  });

  it("isClaimExpired: claimed and strictly after the claim deadline; outcome by the client deadline", () => {
    expect(isClaimExpired({ job: job("claimed"), now: T0 + 600 })).toBe(false);
    expect(isClaimExpired({ job: job("claimed"), now: T0 + 601 })).toBe(true);
    expect(isClaimExpired({ job: job("open"), now: T0 + 601 })).toBe(false);
    expect(expiryOutcome({ job: job("claimed"), now: T0 + 999 })).toBe("reopen");
    expect(expiryOutcome({ job: job("claimed"), now: T0 + 1000 })).toBe("refund");
  });

  it("commit and reveal phases: commits until the commit window closes or the committee (3) is full; reveals after, until the window closes", () => {
    const c = config();
    const agree = { agree: true, score: 3000 };
    const hidden = { agree: false, score: 0, revealed: false };
    expect(commitClosesAt({ job: job("submitted"), config: c })).toBe(T0 + 600);
    expect(isCommitOpen({ job: job("submitted"), config: c, now: T0 + 599 })).toBe(true);
    expect(isCommitOpen({ job: job("submitted"), config: c, now: T0 + 600 })).toBe(false);
    expect(isCommitOpen({ job: job("submitted", { attestations: [hidden, hidden] }), config: c, now: T0 })).toBe(true);
    expect(isCommitOpen({ job: job("submitted", { attestations: [hidden, hidden, hidden] }), config: c, now: T0 })).toBe(false);
    expect(isCommitOpen({ job: job("claimed"), config: c, now: T0 })).toBe(false);
    expect(isRevealOpen({ job: job("submitted", { attestations: [hidden] }), config: c, now: T0 + 599 })).toBe(false);
    expect(isRevealOpen({ job: job("submitted", { attestations: [hidden] }), config: c, now: T0 + 600 })).toBe(true);
    expect(isRevealOpen({ job: job("submitted", { attestations: [agree, hidden, hidden] }), config: c, now: T0 })).toBe(true);
    expect(isRevealOpen({ job: job("submitted", { attestations: [hidden] }), config: c, now: T0 + 3600 })).toBe(false);
    expect(attestationCounts({ job: job("submitted", { attestations: [agree, hidden, { agree: false, score: 1000 }] }) })).toEqual({
      committed: 3,
      revealed: 2,
      agree: 1,
      disagree: 1,
    });
  });

  it("settlementState mirrors Job::verdict: complete reveal sets (or a closed window) decide; unrevealed commitments count for no side", () => {
    const c = config();
    const agree = { agree: true, score: 3000 };
    const disagree = { agree: false, score: 1000 };
    const hidden = { agree: false, score: 0, revealed: false };
    const late = T0 + 3600;
    expect(settlementState({ job: job("claimed"), config: c, now: T0 })).toBe(SETTLEMENT.notSubmitted);
    // Commit phase open: pending whatever is revealed (reveals cannot happen yet on chain anyway).
    expect(settlementState({ job: job("submitted"), config: c, now: T0 + 599 })).toBe(SETTLEMENT.pending);
    expect(settlementState({ job: job("submitted", { attestations: [agree, agree] }), config: c, now: T0 })).toBe(SETTLEMENT.pending);
    // Committee full and all revealed: decided at once.
    expect(settlementState({ job: job("submitted", { attestations: [agree, agree, disagree] }), config: c, now: T0 })).toBe(SETTLEMENT.accept);
    expect(settlementState({ job: job("submitted", { attestations: [disagree, agree, disagree] }), config: c, now: T0 })).toBe(SETTLEMENT.reject);
    // Committee full, one reveal outstanding: pending until the window closes.
    expect(settlementState({ job: job("submitted", { attestations: [agree, agree, hidden] }), config: c, now: T0 + 3599 })).toBe(SETTLEMENT.pending);
    expect(settlementState({ job: job("submitted", { attestations: [agree, agree, hidden] }), config: c, now: late })).toBe(SETTLEMENT.accept);
    expect(settlementState({ job: job("submitted", { attestations: [agree, hidden, hidden] }), config: c, now: late })).toBe(SETTLEMENT.unverified);
    // Commit window over with a partial committee, all revealed: decided before the window closes.
    expect(settlementState({ job: job("submitted", { attestations: [agree, agree] }), config: c, now: T0 + 600 })).toBe(SETTLEMENT.accept);
    expect(settlementState({ job: job("submitted", { attestations: [agree] }), config: c, now: T0 + 600 })).toBe(SETTLEMENT.unverified);
    expect(settlementState({ job: job("submitted"), config: c, now: T0 + 600 })).toBe(SETTLEMENT.unverified);
    expect(settlementState({ job: job("submitted"), config: c, now: late })).toBe(SETTLEMENT.unverified);
    // The worker's own score below the floor rejects at once.
    expect(settlementState({ job: job("submitted", { clipScore: 1999 }), config: c, now: T0 })).toBe(SETTLEMENT.reject);
  });

  it("verificationPhase: commit → reveal → settleable", () => {
    const c = config();
    const hidden = { agree: false, score: 0, revealed: false };
    expect(verificationPhase({ job: job("claimed"), config: c, now: T0 })).toBe(VERIFICATION_PHASE.notSubmitted);
    expect(verificationPhase({ job: job("submitted", { attestations: [hidden] }), config: c, now: T0 })).toBe(VERIFICATION_PHASE.commit);
    expect(verificationPhase({ job: job("submitted", { attestations: [hidden] }), config: c, now: T0 + 600 })).toBe(VERIFICATION_PHASE.reveal);
    expect(verificationPhase({ job: job("submitted", { attestations: [hidden] }), config: c, now: T0 + 3600 })).toBe(VERIFICATION_PHASE.settleable);
    expect(verificationPhase({ job: job("submitted", { clipScore: 1 }), config: c, now: T0 })).toBe(VERIFICATION_PHASE.settleable);
  });

  it("isSettleable: every verdict but pending (and not submitted)", () => {
    expect(isSettleable({ settlement: SETTLEMENT.accept })).toBe(true);
    expect(isSettleable({ settlement: SETTLEMENT.reject })).toBe(true);
    expect(isSettleable({ settlement: SETTLEMENT.unverified })).toBe(true);
    expect(isSettleable({ settlement: SETTLEMENT.pending })).toBe(false);
    expect(isSettleable({ settlement: SETTLEMENT.notSubmitted })).toBe(false);
  });

  it("verifiedScore: the median of the deciding side's revealed scores", () => {
    const mixed = job("submitted", {
      attestations: [
        { agree: true, score: 3000 },
        { agree: false, score: 1000 },
        { agree: false, score: 1501 },
        { agree: true, score: 9999, revealed: false },
      ],
    });
    expect(verifiedScore({ job: mixed, settlement: SETTLEMENT.accept })).toBe(3000);
    expect(verifiedScore({ job: mixed, settlement: SETTLEMENT.reject })).toBe(1250);
    expect(verifiedScore({ job: mixed, settlement: SETTLEMENT.unverified })).toBeNull();
    expect(verifiedScore({ job: mixed, settlement: SETTLEMENT.pending })).toBeNull();
    const three = job("submitted", { attestations: [3100, 2000, 9000].map((score) => ({ agree: true, score })) });
    expect(verifiedScore({ job: three, settlement: SETTLEMENT.accept })).toBe(3100);
    // Rejected on the worker's own score, with no disagreeing attestation: nothing verified.
    expect(verifiedScore({ job: job("submitted", { clipScore: 1999, attestations: [{ agree: true, score: 2500 }] }), settlement: SETTLEMENT.reject })).toBeNull();
  });

  it("canWithdraw: unbonding, unbonded, no job or verification in flight", () => {
    const worker = (status: string, withdrawableAt: number | null, jobsInFlight = 0, verificationsInFlight = 0) =>
      ({
        status: { [status]: {} },
        withdrawableAt: withdrawableAt === null ? null : new BN(withdrawableAt),
        jobsInFlight,
        verificationsInFlight,
      }) as unknown as WorkerAccount;
    expect(canWithdraw({ worker: worker("unbonding", T0, 0, 1), now: T0 })).toBe(false);
    expect(canWithdraw({ worker: worker("unbonding", T0), now: T0 })).toBe(true);
    expect(canWithdraw({ worker: worker("unbonding", T0), now: T0 - 1 })).toBe(false);
    expect(canWithdraw({ worker: worker("unbonding", T0, 1), now: T0 })).toBe(false);
    expect(canWithdraw({ worker: worker("deactivated", T0), now: T0 })).toBe(true);
    expect(canWithdraw({ worker: worker("active", null), now: T0 })).toBe(false);
  });
});

