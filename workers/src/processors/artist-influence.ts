/**
 * Influence weights for a generated image against the artist index, as `submit_result` takes them.
 * The index's artist ids are the artists' registry accounts (base58) on chain. Artists that are not
 * registered or have opted out since the index was built are dropped and the rest re-apportioned
 * (the program refuses an opted-out artist), so the weights always sum to 10 000 bps or are empty.
 * Verifiers recompute the weights with the same function and compare (`influence-check.ts`).
 */
import { PublicKey } from "@solana/web3.js";
import type { ChainContext } from "../chain/chain-context.js";
import { toBasisPoints } from "../inference/basis-points.js";
import { type InfluenceIndex, influenceWeights, loadInfluenceIndex } from "../inference/influence-index.js";

/** One artist's share, JSON-safe (checkpointed). */
export interface InfluenceShare {
  /** The artist's registry account (base58). */
  readonly artist: string;
  readonly bps: number;
}

/** Settings of the influence computation. */
export interface InfluenceSettings {
  /** The index, or undefined for a node without one (no influences recorded). */
  readonly index: InfluenceIndex | undefined;
  /** Most artists named per image (a legacy transaction fits 11). */
  readonly topK: number;
  /** Similarity below which an artist gets nothing. */
  readonly floor: number;
}

/** Load the index at `path` (built with the CLIP model `clipModelId`), or none without a path. */
export async function loadArtistIndex({ path, clipModelId }: { path: string | undefined; clipModelId: string }): Promise<InfluenceIndex | undefined> {
  if (path === undefined) return undefined;
  return loadInfluenceIndex({ path, expectedModelId: clipModelId });
}

/**
 * Weights of the opted-in artists the image resembles, best first. The generator's weights and the
 * verifier's recomputation (`verify-processor`) both come from here: one rule, one place.
 * `optedInAtSubmission` (the verifier: the artists the submission named, which the program checked
 * were opted in when it was submitted) count as opted in, so an artist opting out between the
 * submission and the check does not turn an honest result into a mismatch.
 */
export async function influencesFor({
  chain,
  settings,
  embedding,
  optedInAtSubmission = [],
}: {
  chain: ChainContext;
  settings: InfluenceSettings;
  embedding: Float32Array;
  optedInAtSubmission?: readonly string[];
}): Promise<InfluenceShare[]> {
  if (settings.index === undefined) return [];
  const weights = influenceWeights({ index: settings.index, embedding, topK: settings.topK, floor: settings.floor });
  if (weights.length === 0) return [];
  const accounts = await chain.client.program.account.artist.fetchMultiple(
    weights.map((w) => new PublicKey(w.artistId)),
    chain.client.commitment,
  );
  const named = new Set(optedInAtSubmission);
  const eligible = weights.filter((w, i) => accounts[i]?.optedIn === true || named.has(w.artistId));
  if (eligible.length === weights.length) return weights.filter((w) => w.bps > 0).map((w) => ({ artist: w.artistId, bps: w.bps }));
  if (eligible.length === 0) return [];
  const shares = toBasisPoints({ weights: eligible.map((w) => ({ key: w.artistId, weight: Math.max(w.similarity - settings.floor, 1e-9) })) });
  // A zero share is refused on chain (InfluenceZeroWeight); dropping it keeps the 10 000 bps sum.
  return shares.filter((r) => r.bps > 0).map((r) => ({ artist: r.key, bps: r.bps }));
}
