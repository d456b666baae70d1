/**
 * The verifier's committed-but-unrevealed attestations, in Redis: the score, verdict and salt of
 * each commitment until it is revealed or the job settles. The salt is the only way to open a
 * commitment, and a commitment never opened is slashed at settlement, so the record is written
 * before the commit is sent and survives a restart of the node (another process with the same
 * Redis and queue prefix reveals it).
 */
import type { Redis } from "ioredis";
import { z } from "zod";

const hex32 = z.string().regex(/^[0-9a-f]{64}$/);

/** One commitment's secret. */
export const attestationSecretSchema = z.object({
  score: z.number().int().min(0).max(0xffff),
  agree: z.boolean(),
  /** The 32-byte salt, hex. */
  salt: hex32,
  /** The commitment sent to the chain, hex (to tell our commitment from a stale record). */
  commitment: hex32,
  /** Epoch ms the record was written. */
  createdAt: z.number(),
});
export type AttestationSecret = z.infer<typeof attestationSecretSchema>;

/** The store. */
export interface AttestationSecrets {
  /** The secret of `job`'s commitment, or null. */
  get(args: { job: string }): Promise<AttestationSecret | null>;
  /** Writes `secret` unless one exists for `job`; returns whichever is stored (the first write wins). */
  putIfAbsent(args: { job: string; secret: AttestationSecret }): Promise<AttestationSecret>;
  /** Forgets `job`'s secret (revealed, or the job settled or refused the commit). */
  drop(args: { job: string }): Promise<void>;
}

/** The store at `<prefix>:attestation-secrets:<worker>` (one Redis hash per verifier stake account). */
export function createAttestationSecrets({ redis, prefix, worker }: { redis: Redis; prefix: string; worker: string }): AttestationSecrets {
  const key = `${prefix}:attestation-secrets:${worker}`;
  const parse = (json: string | null): AttestationSecret | null => (json === null ? null : attestationSecretSchema.parse(JSON.parse(json)));
  return {
    async get({ job }) {
      return parse(await redis.hget(key, job));
    },
    async putIfAbsent({ job, secret }) {
      await redis.hsetnx(key, job, JSON.stringify(attestationSecretSchema.parse(secret)));
      const stored = parse(await redis.hget(key, job));
      if (stored === null) throw new Error(`attestation secret of ${job} vanished right after it was written`);
      return stored;
    },
    async drop({ job }) {
      await redis.hdel(key, job);
    },
  };
}
