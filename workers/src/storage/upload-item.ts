/**
 * One idempotent upload through the real Irys client: sign the item (deterministic anchor → same
 * id on every attempt), optionally fund, POST it, and verify the receipt. If the bundler already
 * holds that id (a retry after a crash, or a concurrent duplicate), it answers "already received"
 * and the existing receipt is read back through GraphQL instead: nothing is stored or paid twice.
 */
import { StorageError, StorageErrorCode } from "./errors.js";
import { ensureFunded, type FundingOutcome } from "./funding.js";
import type { IrysUploader } from "./irys-uploader.js";
import { receiptData, verifyUploadReceipt, type UploadReceipt } from "./receipt.js";
import type { Tag } from "./tags.js";

/** The outcome of one upload. */
export interface UploadOutcome {
  id: string;
  receipt: UploadReceipt;
  /** True when the bundler already held this exact item (nothing was uploaded or paid now). */
  reused: boolean;
  /** Size of the signed data item (what is priced). */
  itemBytes: number;
  funding?: FundingOutcome;
}

/** Signs and uploads `data`; see the module comment for the idempotency rule. */
export async function uploadItem({
  irys,
  data,
  tags,
  anchor,
  trustedPublicKey,
  autoFund,
}: {
  irys: IrysUploader;
  data: Buffer;
  tags: Tag[];
  anchor: string;
  trustedPublicKey: string;
  /** Top the balance up before uploading when it is short (see `ensureFunded`). */
  autoFund?: { minTopUpLamports?: bigint };
}): Promise<UploadOutcome> {
  const tx = irys.createTransaction(data, { tags, anchor });
  await tx.sign();
  const id = tx.id;
  const itemBytes = tx.size;
  const funding = autoFund ? await ensureFunded({ irys, bytes: itemBytes, minTopUpLamports: autoFund.minTopUpLamports }) : undefined;

  let receipt: UploadReceipt;
  let reused = false;
  try {
    receipt = receiptData((await irys.uploader.uploadTransaction(tx)).data);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/already received/i.test(message)) {
      receipt = await existingReceipt({ irys, id });
      reused = true;
    } else {
      throw uploadError({ error, id });
    }
  }
  await verifyUploadReceipt({ receipt, expectedId: id, trustedPublicKey });
  return { id, receipt, reused, itemBytes, ...(funding ? { funding } : {}) };
}

/** Reads the receipt of an item the bundler already holds (GraphQL, as `Utils.getReceipt` does). */
export async function existingReceipt({ irys, id }: { irys: IrysUploader; id: string }): Promise<UploadReceipt> {
  try {
    return receiptData(await irys.utils.getReceipt(id));
  } catch (error) {
    throw new StorageError({ code: StorageErrorCode.NotFound, message: `bundler has no receipt for ${id}: ${(error as Error).message}`, cause: error });
  }
}

function uploadError({ error, id }: { error: unknown; id: string }): StorageError {
  const message = (error as Error).message ?? String(error);
  const code = (error as { code?: string }).code;
  if (message.startsWith("402 error"))
    return new StorageError({ code: StorageErrorCode.InsufficientBalance, message: `bundler refused ${id} for lack of balance: ${message}`, cause: error });
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "ETIMEDOUT" || code === "ECONNABORTED" || code === "ENOTFOUND")
    return new StorageError({ code: StorageErrorCode.BundlerUnreachable, message: `bundler unreachable while uploading ${id}: ${message}`, cause: error });
  return new StorageError({ code: StorageErrorCode.UploadRejected, message: `bundler rejected ${id}: ${message}`, cause: error });
}
