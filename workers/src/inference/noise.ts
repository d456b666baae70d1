/**
 * Seeded, platform-independent pseudo-random numbers for diffusion noise.
 * xoshiro128** seeded through splitmix64, Gaussian samples by Box–Muller.
 * Same seed ⇒ same Float32 noise on every machine (pure integer/IEEE maths, no Math.random).
 */

export type Seed = bigint | number | string;

export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  nextU32(): number;
  /** Uniform double in [0, 1) with 53 bits of precision. */
  nextFloat(): number;
  /** Standard normal sample. */
  nextGaussian(): number;
}

const MASK64 = (1n << 64n) - 1n;

function toSeed64(seed: Seed): bigint {
  if (typeof seed === "bigint") return BigInt.asUintN(64, seed);
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    return BigInt.asUintN(64, BigInt(seed));
  }
  if (!/^\d+$/.test(seed)) throw new RangeError(`seed string must be decimal digits, got ${JSON.stringify(seed)}`);
  return BigInt.asUintN(64, BigInt(seed));
}

function splitmix64(state: { s: bigint }): bigint {
  state.s = (state.s + 0x9e3779b97f4a7c15n) & MASK64;
  let z = state.s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

export function createRng({ seed }: { seed: Seed }): Rng {
  const sm = { s: toSeed64(seed) };
  const a = splitmix64(sm);
  const b = splitmix64(sm);
  const s = new Uint32Array([Number(a & 0xffffffffn), Number(a >> 32n), Number(b & 0xffffffffn), Number(b >> 32n)]);
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
  let spare: number | undefined;

  const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  };
  const nextFloat = (): number => ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) / 9007199254740992;
  const nextGaussian = (): number => {
    if (spare !== undefined) {
      const v = spare;
      spare = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = nextFloat();
    const v = nextFloat();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { nextU32, nextFloat, nextGaussian };
}

/** `length` standard-normal float32 samples for `seed` (the initial latent noise). */
export function gaussianNoise({ seed, length }: { seed: Seed; length: number }): Float32Array {
  const rng = createRng({ seed });
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.nextGaussian();
  return out;
}

/** Fill an existing buffer with standard-normal samples from an existing stream. */
export function fillGaussian({ rng, out }: { rng: Rng; out: Float32Array }): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = rng.nextGaussian();
  return out;
}
