/**
 * Cheap integrity signals for verifiers: a DCT perceptual hash, near-uniform / noise detection from pixel
 * statistics, and near-duplicate search by embedding. Signals, not proofs: verifiers combine them.
 */
import { type Raster, assertRaster, toGray } from "../image/raster.js";
import { resizeBicubic } from "./clip-preprocess.js";
import { dotRow, l2Normalize } from "./embedding-math.js";
import type { InfluenceIndex } from "./influence-index.js";

/** 64-bit pHash as 16 hex chars: 32×32 grey → 2-D DCT-II → 8×8 low frequencies (no DC) vs their median. */
export function perceptualHash({ image }: { image: Raster }): string {
  assertRaster({ image });
  const gray = toGray({ image });
  const N = 32;
  const small = resizeBicubic({ data: gray, width: image.width, height: image.height, channels: 1, outWidth: N, outHeight: N });
  const cos = new Float64Array(N * N);
  for (let k = 0; k < N; k++) for (let n = 0; n < N; n++) cos[k * N + n] = Math.cos((Math.PI / N) * (n + 0.5) * k);
  const coeffs: number[] = [];
  for (let u = 0; u < 8; u++) {
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) s += small[y * N + x]! * cos[u * N + y]! * cos[v * N + x]!;
      coeffs.push(s);
    }
  }
  const ac = coeffs.slice(1);
  const median = [...ac].sort((a, b) => a - b)[Math.floor(ac.length / 2)]!;
  let bits = 0n;
  for (let i = 0; i < 64; i++) bits = (bits << 1n) | (coeffs[i]! > median ? 1n : 0n);
  return bits.toString(16).padStart(16, "0");
}

export function hammingDistance({ a, b }: { a: string; b: string }): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}

export interface PixelStats {
  /** Luma mean and standard deviation, 0..255. */
  readonly mean: number;
  readonly std: number;
  /** Correlation of horizontally and vertically adjacent luma values (≈1 natural images, ≈0 i.i.d. noise). */
  readonly neighbourCorrelation: number;
  readonly nearUniform: boolean;
  readonly noiseLike: boolean;
}

export function pixelStats({ image, uniformStd = 3, noiseCorrelation = 0.3 }: { image: Raster; uniformStd?: number; noiseCorrelation?: number }): PixelStats {
  assertRaster({ image });
  const g = toGray({ image });
  const { width: W, height: H } = image;
  let sum = 0;
  for (const v of g) sum += v;
  const mean = sum / g.length;
  let varSum = 0;
  for (const v of g) varSum += (v - mean) ** 2;
  const variance = varSum / g.length;
  const std = Math.sqrt(variance);
  let cov = 0;
  let pairs = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const d = g[y * W + x]! - mean;
      if (x + 1 < W) {
        cov += d * (g[y * W + x + 1]! - mean);
        pairs++;
      }
      if (y + 1 < H) {
        cov += d * (g[(y + 1) * W + x]! - mean);
        pairs++;
      }
    }
  }
  const neighbourCorrelation = variance > 0 && pairs > 0 ? cov / pairs / variance : 1;
  const nearUniform = std < uniformStd;
  return { mean, std, neighbourCorrelation, nearUniform, noiseLike: !nearUniform && neighbourCorrelation < noiseCorrelation };
}

export interface DuplicateHit {
  readonly workId: string;
  readonly artistId: string;
  readonly similarity: number;
}

/** Catalog works whose embedding cosine with `embedding` is at least `threshold`, best first. */
export function findNearDuplicates({ index, embedding, threshold = 0.95, limit = 10 }: { index: InfluenceIndex; embedding: Float32Array; threshold?: number; limit?: number }): DuplicateHit[] {
  const q = l2Normalize({ vector: embedding });
  const hits: DuplicateHit[] = [];
  let a = 0;
  for (let w = 0; w < index.workIds.length; w++) {
    while (w >= index.workOffsets[a + 1]!) a++;
    const s = dotRow({ a: q, m: index.works, row: w });
    if (s >= threshold) hits.push({ workId: index.workIds[w]!, artistId: index.artistIds[a]!, similarity: s });
  }
  return hits.sort((x, y) => y.similarity - x.similarity || (x.workId < y.workId ? -1 : 1)).slice(0, limit);
}
