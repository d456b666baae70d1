import { AnchorError, LangErrorCode, LangErrorMessage, ProgramError } from "@coral-xyz/anchor";
import { SendTransactionError, type PublicKey, type TransactionError } from "@solana/web3.js";
import { ATELIER_ERRORS, ATELIER_IDL } from "./generated/atelier.js";

/** Where an error comes from. */
export const ERROR_SOURCE = {
  /** The program's own `AtelierError` enum (codes 6000 and up). */
  atelier: "atelier",
  /** Anchor's framework errors (constraints, account checks; codes below 6000). */
  anchor: "anchor",
  /** The runtime or another program (system program, fees, missing accounts, expiry). */
  runtime: "runtime",
} as const;
export type ErrorSource = (typeof ERROR_SOURCE)[keyof typeof ERROR_SOURCE];

/** The name of one of the program's own errors (`"ProtocolPaused"`, …). */
export type AtelierErrorName = keyof typeof ATELIER_ERRORS;

const atelierNames = new Map<number, string>(Object.entries(ATELIER_ERRORS).map(([name, code]) => [code, name]));
const atelierMessages = new Map<number, string>((ATELIER_IDL.errors ?? []).map((e) => [e.code, e.msg ?? e.name]));
const anchorNames = new Map<number, string>(Object.entries(LangErrorCode).map(([name, code]) => [code, name]));

/**
 * A failed Atelier transaction, typed: `name` is the program's error name (`ProtocolPaused`),
 * Anchor's (`ConstraintSeeds`) or the runtime's (`InsufficientFundsForFee`, `BlockhashExpired`),
 * `code` the program error number when there is one, `logs` the transaction's logs.
 */
export class AtelierError extends Error {
  override readonly name: string;
  /** Program error code: 6000+ for Atelier, below 6000 for Anchor; null for runtime errors. */
  readonly code: number | null;
  readonly source: ErrorSource;
  /** The failing program's address when the logs name it. */
  readonly program: string | null;
  readonly logs: readonly string[];
  /** Signature of the transaction, when it reached the chain. */
  readonly signature: string | null;

  constructor(input: {
    name: string;
    code: number | null;
    source: ErrorSource;
    message: string;
    program?: string | null;
    logs?: readonly string[];
    signature?: string | null;
    cause?: unknown;
  }) {
    super(input.message, input.cause === undefined ? undefined : { cause: input.cause });
    this.name = input.name;
    this.code = input.code;
    this.source = input.source;
    this.program = input.program ?? null;
    this.logs = input.logs ?? [];
    this.signature = input.signature ?? null;
  }
}

/** The client-side "account is not there" error: `what` at `address` is closed or was never created. */
export function accountNotFound({ what, address }: { what: string; address: PublicKey }): AtelierError {
  return new AtelierError({
    name: "AccountNotFound",
    code: null,
    source: ERROR_SOURCE.runtime,
    message: `${what} ${address.toBase58()} does not exist (closed, or never created)`,
  });
}

/** Name, source and message of a program error code (Atelier's or Anchor's). */
export function describeErrorCode({ code }: { code: number }): { name: string; source: ErrorSource; message: string } {
  const atelier = atelierNames.get(code);
  if (atelier) return { name: atelier, source: ERROR_SOURCE.atelier, message: atelierMessages.get(code) ?? atelier };
  const anchor = anchorNames.get(code);
  if (anchor) return { name: anchor, source: ERROR_SOURCE.anchor, message: LangErrorMessage.get(code) ?? anchor };
  return { name: `CustomError${code}`, source: ERROR_SOURCE.runtime, message: `custom program error ${code}` };
}

/** The program's own error `name`, raised client-side before sending (same name and code as on chain). */
export function atelierError({ name, message }: { name: AtelierErrorName; message?: string }): AtelierError {
  const code = ATELIER_ERRORS[name];
  return new AtelierError({ name, code, source: ERROR_SOURCE.atelier, message: message ?? atelierMessages.get(code) ?? name });
}

/** The innermost failing program in a transaction's logs, with its custom error code if any. */
export function failureFromLogs({ logs }: { logs: readonly string[] }): { program: string; code: number | null; detail: string } | null {
  for (const line of logs) {
    const m = /^Program (\w+) failed: (.*)$/.exec(line);
    if (!m) continue;
    const detail = m[2] ?? "";
    const custom = /custom program error: 0x([0-9a-fA-F]+)/.exec(detail);
    return { program: m[1] ?? "", code: custom ? parseInt(custom[1] ?? "", 16) : null, detail };
  }
  return null;
}

/** Anchor's own `AnchorError occurred. Error Code: X. Error Number: N.` log line (on real clusters). */
function anchorLogCode(logs: readonly string[]): number | null {
  for (const line of logs) {
    const m = /Error Number: (\d+)\./.exec(line);
    if (m && line.includes("AnchorError")) return Number(m[1]);
  }
  return null;
}

function fromCode(code: number, rest: { program?: string | null; logs?: readonly string[]; signature?: string | null; cause?: unknown }): AtelierError {
  const d = describeErrorCode({ code });
  return new AtelierError({ ...d, code, ...rest });
}

/**
 * Turns a transaction error (the `err` of a status or simulation) and its logs into a typed
 * error. `programId` tells Atelier's custom codes from another program's (a failed system
 * transfer inside a CPI is the system program's, not Atelier's).
 */
export function fromTransactionError({
  err,
  logs = [],
  signature = null,
  programId,
}: {
  err: TransactionError | string | object;
  logs?: readonly string[];
  signature?: string | null;
  programId?: string;
}): AtelierError {
  const failure = failureFromLogs({ logs });
  const custom = customCode(err);
  if (custom !== null) {
    const failing = failure?.program ?? null;
    if (programId === undefined || failing === null || failing === programId) {
      return fromCode(custom, { program: failing, logs, signature, cause: err });
    }
    const systemName = failing === SYSTEM_PROGRAM ? SYSTEM_ERRORS[custom] : undefined;
    return new AtelierError({
      name: systemName ?? "ProgramFailed",
      code: failure?.code ?? custom,
      source: ERROR_SOURCE.runtime,
      message: `program ${failing} failed: ${failure?.detail ?? `custom program error ${custom}`}`,
      program: failing,
      logs,
      signature,
      cause: err,
    });
  }
  const name = runtimeName(err);
  return new AtelierError({
    name,
    code: null,
    source: ERROR_SOURCE.runtime,
    message: `transaction failed: ${failure?.detail ?? JSON.stringify(err)}`,
    program: failure?.program ?? null,
    logs,
    signature,
    cause: err,
  });
}

const SYSTEM_PROGRAM = "11111111111111111111111111111111";
/** The system program's `SystemError` names, by code (e.g. an `init` of an existing account). */
const SYSTEM_ERRORS: Readonly<Record<number, string>> = {
  0: "AccountAlreadyInUse",
  1: "ResultWithNegativeLamports",
  2: "InvalidProgramId",
  3: "InvalidAccountDataLength",
  4: "MaxSeedLengthExceeded",
  5: "AddressWithSeedMismatch",
};

/** `{ InstructionError: [i, { Custom: n }] }` → n. */
function customCode(err: unknown): number | null {
  if (typeof err !== "object" || err === null || !("InstructionError" in err)) return null;
  const ie = (err as { InstructionError: unknown }).InstructionError;
  if (!Array.isArray(ie)) return null;
  const inner: unknown = ie[1];
  if (typeof inner === "object" && inner !== null && "Custom" in inner) {
    const n = (inner as { Custom: unknown }).Custom;
    return typeof n === "number" ? n : null;
  }
  return null;
}

/** A runtime error's name: `InsufficientFundsForFee`, or the instruction error's kind. */
function runtimeName(err: unknown): string {
  if (typeof err === "string") return err;
  if (typeof err === "object" && err !== null) {
    if ("InstructionError" in err) {
      const ie = (err as { InstructionError: unknown }).InstructionError;
      const inner: unknown = Array.isArray(ie) ? ie[1] : undefined;
      if (typeof inner === "string") return inner;
      if (typeof inner === "object" && inner !== null) return Object.keys(inner)[0] ?? "InstructionError";
      return "InstructionError";
    }
    return Object.keys(err)[0] ?? "TransactionError";
  }
  return "TransactionError";
}

/** Messages the RPC puts on a failed preflight, by runtime error name. */
const RUNTIME_MESSAGES: readonly (readonly [RegExp, string])[] = [
  [/insufficient funds for fee/i, "InsufficientFundsForFee"],
  [/no record of a prior credit/i, "AccountNotFound"],
  [/blockhash not found/i, "BlockhashNotFound"],
  [/already been processed/i, "AlreadyProcessed"],
  [/insufficient funds for rent/i, "InsufficientFundsForRent"],
];

/**
 * Turns anything a send can throw — {@link AtelierError}, Anchor's `AnchorError`/`ProgramError`,
 * web3.js `SendTransactionError`, a block-height expiry — into an {@link AtelierError} with
 * `.name`, `.code` and `.logs`. Errors that are not transaction failures are returned wrapped as
 * `name: "UnknownError"` with the original as `cause`.
 */
export function toAtelierError(e: unknown): AtelierError {
  if (e instanceof AtelierError) return e;
  if (e instanceof AnchorError) {
    return fromCode(e.error.errorCode.number, { program: e.program.toBase58(), logs: e.logs, cause: e });
  }
  if (e instanceof ProgramError) {
    return fromCode(e.code, { program: e.program?.toBase58() ?? null, logs: e.logs ?? [], cause: e });
  }
  const logs = logsOf(e);
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && e.name === "TransactionExpiredBlockheightExceededError") {
    return new AtelierError({ name: "BlockhashExpired", code: null, source: ERROR_SOURCE.runtime, message, logs, cause: e });
  }
  const fromAnchorLog = anchorLogCode(logs);
  if (fromAnchorLog !== null) return fromCode(fromAnchorLog, { program: failureFromLogs({ logs })?.program ?? null, logs, cause: e });
  const custom = /custom program error: 0x([0-9a-fA-F]+)/.exec(message);
  const failure = failureFromLogs({ logs });
  if (custom || failure?.code != null) {
    const code = failure?.code ?? parseInt(custom?.[1] ?? "0", 16);
    return fromCode(code, { program: failure?.program ?? null, logs, cause: e });
  }
  for (const [pattern, name] of RUNTIME_MESSAGES) {
    if (pattern.test(message)) return new AtelierError({ name, code: null, source: ERROR_SOURCE.runtime, message, logs, cause: e });
  }
  const isTx = e instanceof SendTransactionError || /Transaction simulation failed|failed to send transaction/i.test(message);
  return new AtelierError({
    name: isTx ? "TransactionFailed" : "UnknownError",
    code: null,
    source: ERROR_SOURCE.runtime,
    message,
    logs,
    cause: e,
  });
}

function logsOf(e: unknown): string[] {
  if (e instanceof SendTransactionError) return e.logs ?? [];
  if (typeof e === "object" && e !== null && "logs" in e && Array.isArray((e as { logs: unknown }).logs)) {
    return (e as { logs: unknown[] }).logs.filter((l): l is string => typeof l === "string");
  }
  return [];
}

/** True when `error` is an {@link AtelierError}, optionally with the given name. */
export function isAtelierError({ error, name }: { error: unknown; name?: string }): boolean {
  return error instanceof AtelierError && (name === undefined || error.name === name);
}
