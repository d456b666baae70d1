/**
 * The verifier's store of perceptual hashes of every image it has checked, in Redis (one hash per
 * queue prefix, so per verifier node). An image whose pHash is within a few bits of an earlier image
 * generated for a different prompt or parameters is a replay or a copy, not a new generation.
 * The same prompt and parameters legitimately give the same pixels (generation is seeded), so
 * those are not duplicates.
 */
import type { Redis } from "ioredis";
import { hammingDistance } from "../inference/integrity.js";

/** One image seen by the verifier. */
export interface SeenImage {
  readonly contentHash: string;
  readonly phash: string;
  /** sha256 of the prompt + the generation parameters: what makes two generations "the same". */
  readonly generationKey: string;
  readonly job: string;
}

/** A near-duplicate found for an image. */
export interface DuplicateOf {
  readonly contentHash: string;
  readonly job: string;
  readonly distance: number;
}

/** The store. */
export interface PhashStore {
  /** Images within `maxDistance` bits of `image` from a different generation (not the same content hash). */
  findDuplicates(args: { image: SeenImage; maxDistance: number }): Promise<DuplicateOf[]>;
  /** Record `image` (idempotent by content hash). */
  record(args: { image: SeenImage }): Promise<void>;
}

/** The store at `<prefix>:phash` in `redis`. */
export function createPhashStore({ redis, prefix }: { redis: Redis; prefix: string }): PhashStore {
  const key = `${prefix}:phash`;
  return {
    async findDuplicates({ image, maxDistance }) {
      const all = await redis.hgetall(key);
      const hits: DuplicateOf[] = [];
      for (const [contentHash, json] of Object.entries(all)) {
        if (contentHash === image.contentHash) continue;
        const seen = JSON.parse(json) as SeenImage;
        if (seen.generationKey === image.generationKey) continue;
        const distance = hammingDistance({ a: seen.phash, b: image.phash });
        if (distance <= maxDistance) hits.push({ contentHash, job: seen.job, distance });
      }
      return hits.sort((a, b) => a.distance - b.distance);
    },
    async record({ image }) {
      await redis.hsetnx(key, image.contentHash, JSON.stringify(image));
    },
  };
}
