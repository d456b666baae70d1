/** One error type for the inference engine, with stable codes callers (and tests) can match on. */

export const InferenceErrorCode = {
  InvalidPrompt: "INVALID_PROMPT",
  PromptTooLong: "PROMPT_TOO_LONG",
  UnsupportedSize: "UNSUPPORTED_SIZE",
  InvalidParameter: "INVALID_PARAMETER",
  ManifestInvalid: "MANIFEST_INVALID",
  ModelFileMissing: "MODEL_FILE_MISSING",
  ModelHashMismatch: "MODEL_HASH_MISMATCH",
  ModelSignatureInvalid: "MODEL_SIGNATURE_INVALID",
  ModelSignatureMissing: "MODEL_SIGNATURE_MISSING",
  ModelCorrupt: "MODEL_CORRUPT",
  ModelIoMismatch: "MODEL_IO_MISMATCH",
  TokenizerInvalid: "TOKENIZER_INVALID",
  ProviderUnavailable: "PROVIDER_UNAVAILABLE",
  SessionFailed: "SESSION_FAILED",
  SessionHostClosed: "SESSION_HOST_CLOSED",
  InvalidImage: "INVALID_IMAGE",
  IndexInvalid: "INDEX_INVALID",
} as const;
export type InferenceErrorCode = (typeof InferenceErrorCode)[keyof typeof InferenceErrorCode];

export class InferenceError extends Error {
  readonly code: InferenceErrorCode;

  constructor({ code, message, cause }: { code: InferenceErrorCode; message: string; cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "InferenceError";
    this.code = code;
  }
}

export function isInferenceError(error: unknown): error is InferenceError {
  return error instanceof InferenceError;
}
