/** One error type for Arweave/Irys storage, with stable codes callers (and tests) match on. */

export const StorageErrorCode = {
  InvalidConfig: "INVALID_CONFIG",
  InvalidInput: "INVALID_INPUT",
  InsufficientBalance: "INSUFFICIENT_BALANCE",
  UploadRejected: "UPLOAD_REJECTED",
  ReceiptInvalid: "RECEIPT_INVALID",
  ReceiptUntrusted: "RECEIPT_UNTRUSTED",
  FundingFailed: "FUNDING_FAILED",
  NotFound: "NOT_FOUND",
  ContentHashMismatch: "CONTENT_HASH_MISMATCH",
  GatewayFailed: "GATEWAY_FAILED",
  BundlerUnreachable: "BUNDLER_UNREACHABLE",
} as const;
export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode];

/** A storage failure a caller can act on; `code` is stable, `message` is for people. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor({ code, message, cause }: { code: StorageErrorCode; message: string; cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "StorageError";
    this.code = code;
  }
}

/** True when `error` is a StorageError (optionally with the given code). */
export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}
