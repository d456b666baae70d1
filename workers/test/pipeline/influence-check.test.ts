/** The verifier's influence-weight rule (pure): L1 distance over the union of artists, index membership. */
import { describe, expect, it } from "vitest";
import { DEFAULT_INFLUENCE_TOLERANCE, MAX_INFLUENCE_DISTANCE, compareInfluences, influenceDistance } from "../../src/processors/influence-check.js";

const index = ["A", "B", "C"];
const tolerance = DEFAULT_INFLUENCE_TOLERANCE;
const compare = (submitted: { artist: string; bps: number }[], recomputed: { artist: string; bps: number }[], t = tolerance) =>
  compareInfluences({ submitted, recomputed, indexArtists: index, tolerance: t });

describe("influenceDistance", () => {
  it("is the L1 distance over the union of artists, symmetric, 0 for equal vectors", () => {
    const a = [{ artist: "A", bps: 6_000 }, { artist: "B", bps: 4_000 }];
    const b = [{ artist: "B", bps: 3_000 }, { artist: "C", bps: 7_000 }];
    expect(influenceDistance({ a, b })).toBe(6_000 + 1_000 + 7_000);
    expect(influenceDistance({ a: b, b: a })).toBe(14_000);
    expect(influenceDistance({ a, b: [...a].reverse() })).toBe(0);
  });

  it("is at most 20 000 for vectors summing to at most 10 000", () => {
    expect(influenceDistance({ a: [{ artist: "A", bps: 10_000 }], b: [{ artist: "B", bps: 10_000 }] })).toBe(MAX_INFLUENCE_DISTANCE);
  });
});

describe("compareInfluences", () => {
  const honest = [{ artist: "A", bps: 6_000 }, { artist: "B", bps: 4_000 }];

  it("matches an identical submission", () => {
    expect(compare(honest, honest)).toEqual({ distance: 0, tolerance, unknownArtists: [], matches: true });
  });

  it("matches within the tolerance, inclusive, and not one bps beyond it", () => {
    const shifted = (d: number) => [{ artist: "A", bps: 6_000 + d }, { artist: "B", bps: 4_000 - d }];
    expect(compare(shifted(750), honest)).toMatchObject({ distance: 1_500, matches: true });
    expect(compare(shifted(751), honest)).toMatchObject({ distance: 1_502, matches: false });
    expect(compare(shifted(100), honest, 0)).toMatchObject({ distance: 200, matches: false });
  });

  it("catches an inflated weight and a swapped artist", () => {
    expect(compare([{ artist: "A", bps: 10_000 }], honest)).toMatchObject({ distance: 8_000, matches: false });
    expect(compare([{ artist: "C", bps: 10_000 }], honest)).toMatchObject({ distance: 20_000, unknownArtists: [], matches: false });
  });

  it("refuses an artist outside the verifier's index even at a tiny weight within the tolerance", () => {
    const front = [{ artist: "A", bps: 5_900 }, { artist: "B", bps: 4_000 }, { artist: "FRONT", bps: 100 }];
    expect(compare(front, honest)).toEqual({ distance: 200, tolerance, unknownArtists: ["FRONT"], matches: false });
  });

  it("empty against empty matches; empty against non-empty is that vector's sum away", () => {
    expect(compare([], [])).toMatchObject({ distance: 0, matches: true });
    // Naming artists where the verifier finds none.
    expect(compare(honest, [])).toMatchObject({ distance: 10_000, matches: false });
    // Naming none where the verifier finds some (the artists lose their royalties).
    expect(compare([], honest)).toMatchObject({ distance: 10_000, matches: false });
    // A small attribution where the verifier finds none is within the tolerance.
    expect(compare([{ artist: "A", bps: 1_000 }], [])).toMatchObject({ distance: 1_000, matches: true });
  });

  it("counts an unattributed share as distance from a full attribution, not as an artist", () => {
    // 9 000 bps attributed in the verifier's proportions, 1 000 left unattributed.
    const partial = [{ artist: "A", bps: 5_400 }, { artist: "B", bps: 3_600 }];
    expect(compare(partial, honest)).toMatchObject({ distance: 1_000, matches: true });
    // Half left unattributed is far from the recomputation.
    expect(compare([{ artist: "A", bps: 3_000 }, { artist: "B", bps: 2_000 }], honest)).toMatchObject({ distance: 5_000, matches: false });
  });

  it("takes the index as a set too, and rejects a bad tolerance", () => {
    expect(compareInfluences({ submitted: honest, recomputed: honest, indexArtists: new Set(["A"]), tolerance }).unknownArtists).toEqual(["B"]);
    expect(() => compare(honest, honest, -1)).toThrow(RangeError);
    expect(() => compare(honest, honest, 1.5)).toThrow(RangeError);
  });
});
