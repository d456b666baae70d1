/** Small vector helpers shared by CLIP scoring, the influence index and near-duplicate search. */

export function l2Normalize({ vector }: { vector: Float32Array }): Float32Array {
  let s = 0;
  for (let i = 0; i < vector.length; i++) s += vector[i]! * vector[i]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  const out = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i]! * inv;
  return out;
}

/** Dot product of `a` with row `row` of a row-major matrix `m` of width `a.length`. */
export function dotRow({ a, m, row }: { a: Float32Array; m: Float32Array; row: number }): number {
  const d = a.length;
  const base = row * d;
  let s = 0;
  for (let i = 0; i < d; i++) s += a[i]! * m[base + i]!;
  return s;
}

export function cosine({ a, b }: { a: Float32Array; b: Float32Array }): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
