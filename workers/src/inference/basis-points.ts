/** Largest-remainder apportionment of 10 000 basis points: exact sum, deterministic tie-breaks. */

export const TOTAL_BPS = 10_000;

export function toBasisPoints<K extends string>({ weights, total = TOTAL_BPS }: { weights: readonly { key: K; weight: number }[]; total?: number }): { key: K; bps: number }[] {
  if (weights.length === 0) return [];
  for (const w of weights) if (!Number.isFinite(w.weight) || w.weight < 0) throw new RangeError(`weight for ${w.key} must be finite and >= 0`);
  const sum = weights.reduce((s, w) => s + w.weight, 0);
  if (sum <= 0) throw new RangeError("weights must not all be zero");
  const rows = weights.map((w, index) => {
    const exact = (w.weight / sum) * total;
    const base = Math.floor(exact);
    return { key: w.key, index, base, frac: exact - base };
  });
  let left = total - rows.reduce((s, r) => s + r.base, 0);
  const order = [...rows].sort((a, b) => b.frac - a.frac || (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  for (const r of order) {
    if (left <= 0) break;
    r.base += 1;
    left -= 1;
  }
  return rows.map((r) => ({ key: r.key, bps: r.base }));
}
