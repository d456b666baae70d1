/** The verifier's verdict rules (pure): each check can flip agreement on its own. */
import { describe, expect, it } from "vitest";
import { DisagreeReason, verdictOf, type Measurements } from "../../src/processors/verify-checks.js";
import { spotCheckDraw } from "../../src/processors/verify-processor.js";

const policy = { scoreFloor: 300, scoreTolerance: 50, spotCheckMaxDistance: 6 };
const honest: Measurements = { hashMatches: true, decoded: true, nearUniform: false, noiseLike: false, duplicates: 0, score: 1_000, spotCheckDistance: 0 };

describe("verdictOf", () => {
  it("agrees with an honest result and attests the recomputed score", () => {
    expect(verdictOf({ m: honest, claimedScore: 1_020, policy })).toEqual({ score: 1_000, agree: true, reasons: [] });
  });

  it.each([
    [{ hashMatches: false }, DisagreeReason.contentHashMismatch],
    [{ hashMatches: true, decoded: false }, DisagreeReason.undecodable],
    [{ ...honest, nearUniform: true }, DisagreeReason.nearUniform],
    [{ ...honest, noiseLike: true }, DisagreeReason.noiseLike],
    [{ ...honest, duplicates: 1 }, DisagreeReason.duplicate],
    [{ ...honest, score: 299 }, DisagreeReason.belowFloor],
    [{ ...honest, score: 1_051 }, DisagreeReason.scoreMismatch],
    [{ ...honest, spotCheckDistance: 7 }, DisagreeReason.spotCheckMismatch],
    [{ ...honest, influence: { distance: 1_501, tolerance: 1_500, unknownArtists: [], matches: false } }, DisagreeReason.influenceMismatch],
    [{ ...honest, influence: { distance: 0, tolerance: 1_500, unknownArtists: ["FRONT"], matches: false } }, DisagreeReason.unknownArtist],
  ] as [Measurements, DisagreeReason][])("disagrees for %o (%s)", (m, reason) => {
    const claimedScore = m.score === 299 ? 299 : 1_000;
    const v = verdictOf({ m, claimedScore, policy });
    expect(v.agree).toBe(false);
    expect(v.reasons).toContain(reason);
  });

  it("never agrees below the floor (the program refuses it: AgreeBelowFloor), whatever the worker claimed", () => {
    for (let score = 0; score <= 2 * policy.scoreFloor; score += 7) {
      for (const claimedScore of [0, score, policy.scoreFloor, 10_000]) {
        const v = verdictOf({ m: { ...honest, score }, claimedScore, policy });
        if (v.agree) expect(v.score).toBeGreaterThanOrEqual(policy.scoreFloor);
        if (score < policy.scoreFloor) expect(v).toMatchObject({ agree: false, score });
      }
    }
  });

  it("agrees with influence weights within the tolerance, and disagrees for both an unknown artist and a distance beyond it", () => {
    expect(verdictOf({ m: { ...honest, influence: { distance: 1_500, tolerance: 1_500, unknownArtists: [], matches: true } }, claimedScore: 1_000, policy }).agree).toBe(true);
    const both = verdictOf({ m: { ...honest, influence: { distance: 20_000, tolerance: 1_500, unknownArtists: ["FRONT"], matches: false } }, claimedScore: 1_000, policy });
    expect(both).toEqual({ score: 1_000, agree: false, reasons: [DisagreeReason.unknownArtist, DisagreeReason.influenceMismatch] });
  });

  it("records score 0 when nothing could be measured", () => {
    expect(verdictOf({ m: { hashMatches: false }, claimedScore: 5_000, policy }).score).toBe(0);
  });

  it("accepts a score exactly at the tolerance and the floor", () => {
    expect(verdictOf({ m: { ...honest, score: 300 }, claimedScore: 350, policy }).agree).toBe(true);
  });
});

describe("spotCheckDraw", () => {
  it("is deterministic per (job, verifier) and spreads over [0, 1)", () => {
    const draws = Array.from({ length: 200 }, (_, i) => spotCheckDraw({ job: `job-${i}`, verifier: "v" }));
    expect(spotCheckDraw({ job: "job-1", verifier: "v" })).toBe(draws[1]);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const share = draws.filter((d) => d < 0.25).length / draws.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.4);
  });
});
