/**
 * The verifier's rule for a result's influence weights (pure): the weights the worker submitted
 * against the weights the verifier recomputed from the stored image with the same function the
 * generator uses (`influencesFor`, on the verifier's own index).
 *
 * - distance: L1 over the union of artists, in bps (an artist missing on one side counts as 0
 *   there). The unattributed share (10 000 − the submitted sum, allowed by the program) is not an
 *   artist: leaving 2 000 bps unattributed where the verifier attributes everything is 2 000 away.
 * - every submitted artist must be one the verifier's index could name (an artist outside it cannot
 *   be checked, and a front artist outside the network's index is the attack).
 * - the weights match when no artist is unknown and the distance is at most the tolerance.
 *
 * Empty against empty matches (distance 0); empty against any non-empty vector is that vector's sum
 * away, so naming artists where the verifier finds none, and naming none where it finds some, are
 * both judged by the same tolerance.
 */
import type { InfluenceShare } from "./artist-influence.js";

/** Largest L1 distance possible between two weight vectors summing to at most 10 000 each. */
export const MAX_INFLUENCE_DISTANCE = 20_000;

/** The verifier's default tolerance (bps of L1 distance); `ATELIER_VERIFY_INFLUENCE_TOLERANCE`. */
export const DEFAULT_INFLUENCE_TOLERANCE = 1_500;

/** What the comparison found (JSON-safe: logged and checkpointed). */
export interface InfluenceComparison {
  /** L1 distance between the submitted and recomputed weights, bps. */
  readonly distance: number;
  readonly tolerance: number;
  /** Submitted artists the verifier's index does not hold. */
  readonly unknownArtists: readonly string[];
  /** Within the tolerance and no unknown artist. */
  readonly matches: boolean;
}

/** L1 distance in bps between two weight vectors, over the union of their artists. */
export function influenceDistance({ a, b }: { a: readonly InfluenceShare[]; b: readonly InfluenceShare[] }): number {
  const diff = new Map<string, number>();
  for (const s of a) diff.set(s.artist, (diff.get(s.artist) ?? 0) + s.bps);
  for (const s of b) diff.set(s.artist, (diff.get(s.artist) ?? 0) - s.bps);
  let sum = 0;
  for (const d of diff.values()) sum += Math.abs(d);
  return sum;
}

/** Compare the submitted weights with the recomputed ones (`indexArtists`: the verifier's index). */
export function compareInfluences({
  submitted,
  recomputed,
  indexArtists,
  tolerance,
}: {
  submitted: readonly InfluenceShare[];
  recomputed: readonly InfluenceShare[];
  indexArtists: ReadonlySet<string> | readonly string[];
  tolerance: number;
}): InfluenceComparison {
  if (!Number.isInteger(tolerance) || tolerance < 0) throw new RangeError("tolerance must be a whole number of bps >= 0");
  const known = indexArtists instanceof Set ? indexArtists : new Set(indexArtists as readonly string[]);
  const unknownArtists = [...new Set(submitted.map((s) => s.artist).filter((artist) => !known.has(artist)))];
  const distance = influenceDistance({ a: submitted, b: recomputed });
  return { distance, tolerance, unknownArtists, matches: unknownArtists.length === 0 && distance <= tolerance };
}
