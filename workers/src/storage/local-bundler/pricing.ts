/** LOCAL BUNDLER STAND-IN: storage price in lamports, a flat fee plus a per-byte rate (both 0 in zero-price mode). */

/** Price settings in lamports. */
export interface Pricing {
  /** Lamports charged per byte of signed data item. */
  lamportsPerByte: bigint;
  /** Lamports charged per item on top of the bytes. */
  baseFeeLamports: bigint;
}

/** The zero-price mode: uploads cost nothing and need no funding. */
export const ZERO_PRICING: Pricing = { lamportsPerByte: 0n, baseFeeLamports: 0n };

/** Lamports for storing an item of `bytes` bytes. */
export function priceFor({ pricing, bytes }: { pricing: Pricing; bytes: number }): bigint {
  return pricing.baseFeeLamports + pricing.lamportsPerByte * BigInt(bytes);
}
