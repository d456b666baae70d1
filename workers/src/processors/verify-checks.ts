/**
 * The verifier's verdict as a pure function of what it measured: agree only when the stored bytes
 * match the chain's content hash, the image is neither blank nor noise, it is not a near-duplicate
 * of another generation, the recomputed CLIP score clears the protocol floor and is close to the
 * worker's claim, the submitted influence weights match the verifier's recomputation
 * (`influence-check.ts`: no artist outside its index, L1 distance within the tolerance), and (when
 * run) the seeded re-generation matches.
 */
import type { InfluenceComparison } from "./influence-check.js";

/** Why a verifier disagrees (stable codes, logged and returned with the job). */
export const DisagreeReason = {
  contentHashMismatch: "CONTENT_HASH_MISMATCH",
  undecodable: "UNDECODABLE_IMAGE",
  nearUniform: "NEAR_UNIFORM",
  noiseLike: "NOISE_LIKE",
  duplicate: "NEAR_DUPLICATE",
  belowFloor: "SCORE_BELOW_FLOOR",
  scoreMismatch: "SCORE_MISMATCH",
  spotCheckMismatch: "SPOT_CHECK_MISMATCH",
  /** The submitted weights are further than the tolerance (L1, bps) from the recomputed ones. */
  influenceMismatch: "INFLUENCE_MISMATCH",
  /** The submission names an artist the verifier's influence index does not hold. */
  unknownArtist: "UNKNOWN_ARTIST",
} as const;
export type DisagreeReason = (typeof DisagreeReason)[keyof typeof DisagreeReason];

/** What the verifier measured. Absent fields were not measured (e.g. after a hash mismatch). */
export interface Measurements {
  readonly hashMatches: boolean;
  readonly decoded?: boolean;
  readonly nearUniform?: boolean;
  readonly noiseLike?: boolean;
  readonly duplicates?: number;
  /** Recomputed CLIP score (cosine × 10 000). */
  readonly score?: number;
  /** pHash distance between the stored image and a seeded re-generation, when one ran. */
  readonly spotCheckDistance?: number;
  /** Submitted influence weights against the recomputed ones, when the verifier could recompute them. */
  readonly influence?: InfluenceComparison;
}

/** Thresholds. */
export interface VerifyPolicy {
  /** The program's `clip_score_floor`. */
  readonly scoreFloor: number;
  /** Largest |recomputed − claimed| score accepted (cosine × 10 000). */
  readonly scoreTolerance: number;
  /** Largest pHash distance of a re-generation accepted. */
  readonly spotCheckMaxDistance: number;
}

/** The attestation: the score to record and whether the verifier agrees, with its reasons. */
export function verdictOf({ m, claimedScore, policy }: { m: Measurements; claimedScore: number; policy: VerifyPolicy }): { score: number; agree: boolean; reasons: DisagreeReason[] } {
  const reasons: DisagreeReason[] = [];
  if (!m.hashMatches) reasons.push(DisagreeReason.contentHashMismatch);
  else if (m.decoded === false) reasons.push(DisagreeReason.undecodable);
  if (m.nearUniform) reasons.push(DisagreeReason.nearUniform);
  if (m.noiseLike) reasons.push(DisagreeReason.noiseLike);
  if ((m.duplicates ?? 0) > 0) reasons.push(DisagreeReason.duplicate);
  const score = m.score ?? 0;
  if (m.score !== undefined && score < policy.scoreFloor) reasons.push(DisagreeReason.belowFloor);
  if (m.score !== undefined && Math.abs(score - claimedScore) > policy.scoreTolerance) reasons.push(DisagreeReason.scoreMismatch);
  if (m.spotCheckDistance !== undefined && m.spotCheckDistance > policy.spotCheckMaxDistance) reasons.push(DisagreeReason.spotCheckMismatch);
  if (m.influence !== undefined && m.influence.unknownArtists.length > 0) reasons.push(DisagreeReason.unknownArtist);
  if (m.influence !== undefined && m.influence.distance > m.influence.tolerance) reasons.push(DisagreeReason.influenceMismatch);
  return { score, agree: reasons.length === 0 && m.score !== undefined, reasons };
}
