import { BN } from "../src/index.js";
import { Keypair } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import {
  SETTLEMENT,
  canWithdraw,
  expiryOutcome,
  isAttestationOpen,
  isClaimExpired,
  isClaimable,
  isSettleable,
  jobStatus,
  settlementState,
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
      verifierQuorum: 2,
      clipScoreFloor: 2000,
      slashBps: 1000,
      latePenaltyBps: 100,
      ...change,
    },
  } as ConfigAccount;
}

type Attest = { agree: boolean; score: number };
function job(status: "open" | "claimed" | "submitted", extra: { attestations?: Attest[]; clipScore?: number } = {}): JobAccount {
  return {
    status: { [status]: {} },
    deadline: new BN(T0 + 1000),
    claimDeadline: new BN(status === "claimed" ? T0 + 600 : 0),
    submittedAt: new BN(status === "submitted" ? T0 : 0),
    clipScore: extra.clipScore ?? 3000,
    worker: status === "open" ? null : key(),
    attestations: (extra.attestations ?? []).map((a) => ({ verifier: key(), authority: key(), ...a })),
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

  it("settlementState mirrors Job::verdict", () => {
    const c = config();
    const agree = { agree: true, score: 3000 };
    const disagree = { agree: false, score: 3000 };
    const late = T0 + 3600;
    expect(settlementState({ job: job("claimed"), config: c, now: T0 })).toBe(SETTLEMENT.notSubmitted);
    expect(settlementState({ job: job("submitted"), config: c, now: T0 + 3599 })).toBe(SETTLEMENT.pending);
    // Only a full quorum decides, at any time.
    expect(settlementState({ job: job("submitted", { attestations: [agree, agree] }), config: c, now: T0 })).toBe(SETTLEMENT.accept);
    expect(settlementState({ job: job("submitted", { attestations: [disagree, disagree] }), config: c, now: T0 })).toBe(SETTLEMENT.reject);
    expect(settlementState({ job: job("submitted", { attestations: [agree, disagree] }), config: c, now: T0 })).toBe(SETTLEMENT.pending);
    expect(settlementState({ job: job("submitted", { attestations: [agree, agree, disagree] }), config: c, now: late })).toBe(SETTLEMENT.accept);
    // After the window without either quorum: unverified, whatever the majority (silence included).
    expect(settlementState({ job: job("submitted"), config: c, now: late })).toBe(SETTLEMENT.unverified);
    expect(settlementState({ job: job("submitted", { attestations: [disagree] }), config: c, now: late })).toBe(SETTLEMENT.unverified);
    expect(settlementState({ job: job("submitted", { attestations: [agree] }), config: c, now: late })).toBe(SETTLEMENT.unverified);
    expect(settlementState({ job: job("submitted", { attestations: [agree, disagree] }), config: config({ verifierQuorum: 3 }), now: late })).toBe(SETTLEMENT.unverified);
    // The worker's own score below the floor rejects at once; the verifiers' mean no longer does.
    expect(settlementState({ job: job("submitted", { clipScore: 1999 }), config: c, now: T0 })).toBe(SETTLEMENT.reject);
    const lowMean = job("submitted", { attestations: [{ agree: true, score: 2000 }, { agree: true, score: 2001 }] });
    expect(settlementState({ job: lowMean, config: c, now: T0 })).toBe(SETTLEMENT.accept);
  });

  it("isAttestationOpen: until either side holds the quorum", () => {
    const c = config();
    const agree = { agree: true, score: 3000 };
    const disagree = { agree: false, score: 1000 };
    expect(isAttestationOpen({ job: job("submitted"), config: c })).toBe(true);
    expect(isAttestationOpen({ job: job("submitted", { attestations: [agree, disagree] }), config: c })).toBe(true);
    expect(isAttestationOpen({ job: job("submitted", { attestations: [agree, agree] }), config: c })).toBe(false);
    expect(isAttestationOpen({ job: job("submitted", { attestations: [disagree, agree, disagree] }), config: c })).toBe(false);
  });

  it("isSettleable: every verdict but pending (and not submitted)", () => {
    expect(isSettleable({ settlement: SETTLEMENT.accept })).toBe(true);
    expect(isSettleable({ settlement: SETTLEMENT.reject })).toBe(true);
    expect(isSettleable({ settlement: SETTLEMENT.unverified })).toBe(true);
    expect(isSettleable({ settlement: SETTLEMENT.pending })).toBe(false);
    expect(isSettleable({ settlement: SETTLEMENT.notSubmitted })).toBe(false);
  });

  it("verifiedScore: the deciding side's mean (floor); null when unverified or pending", () => {
    const mixed = job("submitted", {
      attestations: [
        { agree: true, score: 3001 },
        { agree: false, score: 1000 },
        { agree: true, score: 3000 },
        { agree: false, score: 1501 },
      ],
    });
    expect(verifiedScore({ job: mixed, settlement: SETTLEMENT.accept })).toBe(3000);
    expect(verifiedScore({ job: mixed, settlement: SETTLEMENT.reject })).toBe(1250);
    expect(verifiedScore({ job: mixed, settlement: SETTLEMENT.unverified })).toBeNull();
    expect(verifiedScore({ job: mixed, settlement: SETTLEMENT.pending })).toBeNull();
    // Rejected on the worker's own score, with no disagreeing attestation: nothing verified.
    expect(verifiedScore({ job: job("submitted", { clipScore: 1999, attestations: [{ agree: true, score: 2500 }] }), settlement: SETTLEMENT.reject })).toBeNull();
  });

  it("canWithdraw: unbonding, unbonded, nothing in flight", () => {
    const worker = (status: string, withdrawableAt: number | null, jobsInFlight = 0) =>
      ({ status: { [status]: {} }, withdrawableAt: withdrawableAt === null ? null : new BN(withdrawableAt), jobsInFlight }) as unknown as WorkerAccount;
    expect(canWithdraw({ worker: worker("unbonding", T0), now: T0 })).toBe(true);
    expect(canWithdraw({ worker: worker("unbonding", T0), now: T0 - 1 })).toBe(false);
    expect(canWithdraw({ worker: worker("unbonding", T0, 1), now: T0 })).toBe(false);
    expect(canWithdraw({ worker: worker("deactivated", T0), now: T0 })).toBe(true);
    expect(canWithdraw({ worker: worker("active", null), now: T0 })).toBe(false);
  });
});

