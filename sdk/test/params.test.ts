import { describe, expect, it } from "vitest";
import { ArgumentError, MINT_AUDIT_DEFAULTS, ROYALTY_ENFORCEMENT, toProtocolParams, type ProtocolParamsInput } from "../src/index.js";

const BASE: ProtocolParamsInput = {
  protocolFeeBps: 500,
  verifierFeeBps: 300,
  minWorkerStake: 1_000_000_000,
  unbondingPeriod: 604_800,
  claimTimeout: 600,
  verificationWindow: 3_600,
  commitWindow: 60,
  verifierQuorum: 2,
  verifierCommittee: 3,
  verifierOversample: 2,
  verifierTolerance: 300,
  verifierSlashBps: 1_000,
  clipScoreFloor: 2_000,
  slashBps: 1_000,
  latePenaltyBps: 100,
};

describe("toProtocolParams", () => {
  it("fills the minting and audit fields with the documented defaults", () => {
    const encoded = toProtocolParams({ params: BASE });
    expect(encoded.royaltyBps).toBe(MINT_AUDIT_DEFAULTS.royaltyBps);
    expect(encoded.royaltyEnforcement).toEqual({ none: {} });
    expect(encoded.mintDeposit.toString()).toBe("20000000");
    expect([encoded.auditMinJobs, encoded.auditThresholdX100, encoded.auditSlashBps]).toEqual([
      MINT_AUDIT_DEFAULTS.auditMinJobs,
      MINT_AUDIT_DEFAULTS.auditThresholdX100,
      MINT_AUDIT_DEFAULTS.auditSlashBps,
    ]);
  });

  it("encodes the verification game's fields as given", () => {
    const encoded = toProtocolParams({ params: BASE });
    expect(encoded.commitWindow.toString()).toBe("60");
    expect([encoded.verifierQuorum, encoded.verifierCommittee, encoded.verifierOversample, encoded.verifierTolerance, encoded.verifierSlashBps]).toEqual([
      2, 3, 2, 300, 1_000,
    ]);
    expect(() => toProtocolParams({ params: { ...BASE, commitWindow: 0.5 } })).toThrow(ArgumentError);
  });

  it("encodes given values and the enforcement enum as Anchor expects", () => {
    const encoded = toProtocolParams({
      params: { ...BASE, royaltyBps: 750, royaltyEnforcement: ROYALTY_ENFORCEMENT.programAllowList, mintDeposit: 25_000_000n, auditMinJobs: 2 },
    });
    expect(encoded.royaltyBps).toBe(750);
    expect(encoded.royaltyEnforcement).toEqual({ programAllowList: {} });
    expect(encoded.mintDeposit.toString()).toBe("25000000");
    expect(encoded.auditMinJobs).toBe(2);
    expect(() => toProtocolParams({ params: { ...BASE, mintDeposit: 1.5 } })).toThrow(ArgumentError);
  });
});
