/**
 * Upload receipt checks. A receipt is the bundler's signed promise to include an item; the real
 * client's `Utils.verifyReceipt` checks its RSA-PSS signature against the key IN the receipt, so on
 * its own it proves nothing about who signed. Atelier also requires that key to be the bundler key
 * it trusts (pinned in config, or read once from the bundler's `/public`) and the id to be the id
 * of the item it signed.
 */
import { Utils, type UploadReceiptData } from "@irys/upload-core";
import { deepHash, getCryptoDriver, stringToBuffer } from "@irys/bundles";
import { StorageError, StorageErrorCode } from "./errors.js";

/** The receipt fields Atelier keeps (what `Utils.verifyReceipt` needs). */
export type UploadReceipt = UploadReceiptData;

const bundlesForVerify = { deepHash, getCryptoDriver, stringToBuffer } as unknown as Parameters<typeof Utils.verifyReceipt>[0];

/** Throws RECEIPT_UNTRUSTED / RECEIPT_INVALID unless `receipt` is a valid receipt for `expectedId` by `trustedPublicKey`. */
export async function verifyUploadReceipt({
  receipt,
  expectedId,
  trustedPublicKey,
}: {
  receipt: UploadReceipt;
  expectedId: string;
  trustedPublicKey: string;
}): Promise<void> {
  if (receipt.id !== expectedId)
    throw new StorageError({ code: StorageErrorCode.ReceiptInvalid, message: `receipt is for ${receipt.id}, the uploaded item is ${expectedId}` });
  if (receipt.public !== trustedPublicKey)
    throw new StorageError({ code: StorageErrorCode.ReceiptUntrusted, message: `receipt for ${expectedId} is signed by a key other than the trusted bundler key` });
  let valid = false;
  try {
    valid = await Utils.verifyReceipt(bundlesForVerify, receipt);
  } catch (error) {
    throw new StorageError({ code: StorageErrorCode.ReceiptInvalid, message: `receipt for ${expectedId} could not be checked: ${(error as Error).message}`, cause: error });
  }
  if (!valid) throw new StorageError({ code: StorageErrorCode.ReceiptInvalid, message: `receipt signature for ${expectedId} does not verify` });
}

/** Just the receipt fields (drops injected functions and validator lists). */
export function receiptData(receipt: UploadReceiptData): UploadReceipt {
  const { id, public: pub, signature, deadlineHeight, timestamp, version } = receipt;
  return { id, public: pub, signature, deadlineHeight, timestamp, version };
}
