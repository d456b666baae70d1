/**
 * Keeps the worker's bundler balance able to pay for the next upload: tops up (a real SOL transfer
 * through the Irys client's `fund`, which the bundler then verifies on chain) only when the balance
 * is short of the price.
 */
import { StorageError, StorageErrorCode } from "./errors.js";
import type { IrysUploader } from "./irys-uploader.js";

/** What `ensureFunded` did. */
export interface FundingOutcome {
  /** Price of the bytes asked about, in lamports. */
  priceLamports: bigint;
  /** Balance before any top-up. */
  balanceLamports: bigint;
  /** Lamports sent (0 when the balance already covered the price). */
  fundedLamports: bigint;
  /** The funding transaction signature, when one was sent. */
  txId?: string;
}

/**
 * Funds the bundler when `balance < price(bytes)`: sends the shortfall, but at least
 * `minTopUpLamports` so that small items do not each cost a transfer.
 */
export async function ensureFunded({
  irys,
  bytes,
  minTopUpLamports = 0n,
}: {
  irys: IrysUploader;
  bytes: number;
  minTopUpLamports?: bigint;
}): Promise<FundingOutcome> {
  let priceLamports: bigint;
  let balanceLamports: bigint;
  try {
    priceLamports = BigInt((await irys.getPrice(bytes)).integerValue().toFixed());
    balanceLamports = BigInt((await irys.getBalance()).integerValue().toFixed());
  } catch (error) {
    throw new StorageError({ code: StorageErrorCode.BundlerUnreachable, message: `could not read price or balance from the bundler: ${(error as Error).message}`, cause: error });
  }
  if (balanceLamports >= priceLamports) return { priceLamports, balanceLamports, fundedLamports: 0n };
  const shortfall = priceLamports - balanceLamports;
  const amount = shortfall > minTopUpLamports ? shortfall : minTopUpLamports;
  try {
    const res = await irys.fund(amount.toString());
    return { priceLamports, balanceLamports, fundedLamports: amount, txId: res.id };
  } catch (error) {
    throw new StorageError({ code: StorageErrorCode.FundingFailed, message: `funding the bundler with ${amount} lamports failed: ${(error as Error).message}`, cause: error });
  }
}
