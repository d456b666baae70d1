import { AnchorError } from "@coral-xyz/anchor";
import { SendTransactionError, SystemProgram } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import {
  ATELIER_ERRORS,
  ATELIER_IDL,
  ATELIER_PROGRAM_ID,
  AtelierError,
  atelierError,
  describeErrorCode,
  fromTransactionError,
  isAtelierError,
  toAtelierError,
} from "../src/index.js";

const program = ATELIER_PROGRAM_ID.toBase58();
const system = SystemProgram.programId.toBase58();
const messageOf = (code: number) => ATELIER_IDL.errors?.find((e) => e.code === code)?.msg ?? "";

/** The log lines Anchor 0.31 writes for an error raised by an account constraint, on chain. */
function anchorConstraintLogs(name: string, code: number): string[] {
  return [
    `Program ${program} invoke [1]`,
    "Program log: Instruction: CreateJob",
    `Program log: AnchorError caused by account: config. Error Code: ${name}. Error Number: ${code}. Error Message: ${messageOf(code)}.`,
    `Program ${program} consumed 6197 of 200000 compute units`,
    `Program ${program} failed: custom program error: 0x${code.toString(16)}`,
  ];
}

describe("errors", () => {
  it("names every program error from the IDL", () => {
    for (const e of ATELIER_IDL.errors ?? []) {
      expect(describeErrorCode({ code: e.code })).toEqual({ name: e.name, source: "atelier", message: e.msg });
    }
    expect(Object.keys(ATELIER_ERRORS)).toHaveLength(ATELIER_IDL.errors?.length ?? -1);
  });

  it("names Anchor's framework errors", () => {
    expect(describeErrorCode({ code: 2006 })).toMatchObject({ name: "ConstraintSeeds", source: "anchor" });
    expect(describeErrorCode({ code: 3012 })).toMatchObject({ name: "AccountNotInitialized", source: "anchor" });
    expect(describeErrorCode({ code: 2001 })).toMatchObject({ name: "ConstraintHasOne", source: "anchor" });
  });

  it("maps Anchor's AnchorError log lines (real clusters)", () => {
    const logs = anchorConstraintLogs("ProtocolPaused", ATELIER_ERRORS.ProtocolPaused);
    const parsed = AnchorError.parse(logs);
    expect(parsed).not.toBeNull();
    const e = toAtelierError(parsed);
    expect(e).toMatchObject({ name: "ProtocolPaused", code: 6001, source: "atelier", program });
    expect(e.logs).toEqual(logs);
    // The same logs carried by a preflight failure.
    const send = new SendTransactionError({ action: "simulate", signature: "", transactionMessage: "Transaction simulation failed", logs });
    expect(toAtelierError(send)).toMatchObject({ name: "ProtocolPaused", code: 6001 });
  });

  it("maps the runtime's failure line alone (natively hosted programs log no AnchorError text)", () => {
    const logs = [`Program ${program} invoke [1]`, `Program ${program} failed: custom program error: 0x7d6`];
    const send = new SendTransactionError({
      action: "send",
      signature: "",
      transactionMessage: "Transaction simulation failed: Error processing Instruction 0: custom program error: 0x7d6",
      logs,
    });
    expect(toAtelierError(send)).toMatchObject({ name: "ConstraintSeeds", code: 2006, source: "anchor" });
  });

  it("maps a structured transaction error to the failing program", () => {
    const ours = fromTransactionError({
      err: { InstructionError: [0, { Custom: ATELIER_ERRORS.AlreadyAttested }] },
      logs: [`Program ${program} invoke [1]`, `Program ${program} failed: custom program error: 0x17a2`],
      programId: program,
      signature: "sig",
    });
    expect(ours).toMatchObject({ name: "AlreadyAttested", code: 6050, signature: "sig" });

    // A system transfer failing inside Atelier's CPI is the system program's error, not Atelier's 6001.
    const cpi = fromTransactionError({
      err: { InstructionError: [0, { Custom: 1 }] },
      logs: [
        `Program ${program} invoke [1]`,
        `Program ${system} invoke [2]`,
        "Transfer: insufficient lamports 10, need 20",
        `Program ${system} failed: custom program error: 0x1`,
        `Program ${program} failed: custom program error: 0x1`,
      ],
      programId: program,
    });
    expect(cpi).toMatchObject({ name: "ResultWithNegativeLamports", code: 1, source: "runtime", program: system });

    expect(fromTransactionError({ err: "InsufficientFundsForFee" })).toMatchObject({ name: "InsufficientFundsForFee", code: null });
    expect(fromTransactionError({ err: { InstructionError: [1, "MissingRequiredSignature"] } })).toMatchObject({
      name: "MissingRequiredSignature",
      source: "runtime",
    });
  });

  it("recognises runtime failures from preflight messages", () => {
    const send = new SendTransactionError({
      action: "send",
      signature: "",
      transactionMessage: "Transaction simulation failed: Attempt to debit an account but found no record of a prior credit.",
      logs: [],
    });
    expect(toAtelierError(send)).toMatchObject({ name: "AccountNotFound", code: null, source: "runtime" });
  });

  it("keeps typed errors and wraps unknown ones", () => {
    const typed = atelierError({ name: "JobNotOpen" });
    expect(typed).toMatchObject({ name: "JobNotOpen", code: 6031, message: messageOf(6031) });
    expect(toAtelierError(typed)).toBe(typed);
    const unknown = toAtelierError(new TypeError("boom"));
    expect(unknown).toBeInstanceOf(AtelierError);
    expect(unknown).toMatchObject({ name: "UnknownError", code: null });
    expect(unknown.cause).toBeInstanceOf(TypeError);
    expect(isAtelierError({ error: typed, name: "JobNotOpen" })).toBe(true);
    expect(isAtelierError({ error: typed, name: "JobNotClaimed" })).toBe(false);
    expect(isAtelierError({ error: new Error("x") })).toBe(false);
  });
});
