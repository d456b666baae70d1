/**
 * LOCAL BUNDLER STAND-IN: checks a funding transaction on the configured Solana JSON-RPC before the
 * ledger credits it. Reads `getTransaction` (plain `json` encoding, which every RPC serves), requires
 * it to be confirmed without error, and sums the System Program `Transfer` instructions whose
 * destination is the bundler's address, per sender. Anything else is refused with a reason.
 */
import bs58 from "bs58";
import { z } from "zod";

const SYSTEM_PROGRAM = "11111111111111111111111111111111";
const TRANSFER_INDEX = 2;

const rpcTransactionSchema = z.object({
  slot: z.number(),
  meta: z.object({ err: z.unknown().nullable() }).nullable(),
  transaction: z.object({
    message: z.object({
      accountKeys: z.array(z.string()),
      instructions: z.array(z.object({ programIdIndex: z.number().int(), accounts: z.array(z.number().int()), data: z.string() })),
    }),
  }),
});

/** Why a funding transaction is refused. */
export const FundingRefusal = {
  NotFound: "not_found",
  Failed: "failed",
  NoTransfer: "no_transfer_to_bundler",
  RpcError: "rpc_error",
} as const;
export type FundingRefusal = (typeof FundingRefusal)[keyof typeof FundingRefusal];

/** Lamports sent to the bundler, per sending address. */
export type FundingResult =
  | { ok: true; slot: number; credits: { address: string; lamports: bigint }[] }
  | { ok: false; refusal: FundingRefusal; message: string };

/** Reads `txId` from `rpcUrl` and returns the transfers it made to `bundlerAddress`. */
export async function verifyFundingTransaction({
  rpcUrl,
  txId,
  bundlerAddress,
  commitment = "confirmed",
  timeoutMs = 10_000,
}: {
  rpcUrl: string;
  txId: string;
  bundlerAddress: string;
  commitment?: "confirmed" | "finalized";
  timeoutMs?: number;
}): Promise<FundingResult> {
  let body: unknown;
  try {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "getTransaction",
        params: [txId, { encoding: "json", commitment, maxSupportedTransactionVersion: 0 }],
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = await res.json();
  } catch (error) {
    return { ok: false, refusal: FundingRefusal.RpcError, message: `Solana RPC ${rpcUrl} did not answer getTransaction: ${(error as Error).message}` };
  }
  const envelope = z.object({ result: z.unknown().optional(), error: z.object({ message: z.string() }).optional() }).safeParse(body);
  if (!envelope.success) return { ok: false, refusal: FundingRefusal.RpcError, message: "Solana RPC answered getTransaction with a malformed body" };
  if (envelope.data.error) return { ok: false, refusal: FundingRefusal.RpcError, message: `Solana RPC error: ${envelope.data.error.message}` };
  if (envelope.data.result === null || envelope.data.result === undefined)
    return { ok: false, refusal: FundingRefusal.NotFound, message: `transaction ${txId} is not ${commitment} on the configured Solana RPC` };
  const parsed = rpcTransactionSchema.safeParse(envelope.data.result);
  if (!parsed.success) return { ok: false, refusal: FundingRefusal.RpcError, message: "Solana RPC returned a transaction in an unexpected shape" };
  const tx = parsed.data;
  if (!tx.meta || tx.meta.err !== null) return { ok: false, refusal: FundingRefusal.Failed, message: `transaction ${txId} failed on chain` };

  const keys = tx.transaction.message.accountKeys;
  const credits = new Map<string, bigint>();
  for (const ix of tx.transaction.message.instructions) {
    if (keys[ix.programIdIndex] !== SYSTEM_PROGRAM) continue;
    const transfer = decodeTransfer(ix.data);
    if (transfer === undefined || ix.accounts.length < 2) continue;
    const from = keys[ix.accounts[0]!];
    const to = keys[ix.accounts[1]!];
    if (from === undefined || to !== bundlerAddress || transfer === 0n) continue;
    credits.set(from, (credits.get(from) ?? 0n) + transfer);
  }
  if (credits.size === 0)
    return { ok: false, refusal: FundingRefusal.NoTransfer, message: `transaction ${txId} transfers nothing to the bundler address ${bundlerAddress}` };
  return { ok: true, slot: tx.slot, credits: [...credits].map(([address, lamports]) => ({ address, lamports })) };
}

/** Lamports of a System Program `Transfer` (u32 LE index 2, u64 LE lamports), else undefined. */
function decodeTransfer(data: string): bigint | undefined {
  let bytes: Uint8Array;
  try {
    bytes = bs58.decode(data);
  } catch {
    return undefined;
  }
  if (bytes.length !== 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== TRANSFER_INDEX) return undefined;
  return view.getBigUint64(4, true);
}
