/** Argument parsing helpers for the operator CLI: SOL amounts, public keys, whole numbers. */
import { PublicKey } from "@solana/web3.js";
import { UsageError } from "./cli-error.js";

const LAMPORTS_PER_SOL = 1_000_000_000n;

/** "1.5" SOL → 1 500 000 000 lamports; exact decimal arithmetic, at most 9 decimals, > 0. */
export function parseSol({ value, flag }: { value: string | undefined; flag: string }): bigint {
  if (value === undefined) throw new UsageError(`${flag} <SOL> is required`);
  const m = /^(\d{1,12})(?:\.(\d{1,9}))?$/.exec(value.trim());
  if (!m) throw new UsageError(`${flag} must be an amount of SOL like 2 or 0.5 (at most 9 decimals), got '${value}'`);
  const lamports = BigInt(m[1]!) * LAMPORTS_PER_SOL + BigInt((m[2] ?? "").padEnd(9, "0"));
  if (lamports === 0n) throw new UsageError(`${flag} must be more than 0 SOL`);
  return lamports;
}

/** Lamports as a SOL string without trailing zeros ("1.5"). */
export function formatSol({ lamports }: { lamports: bigint | number }): string {
  const l = BigInt(lamports);
  const sign = l < 0n ? "-" : "";
  const abs = l < 0n ? -l : l;
  const frac = (abs % LAMPORTS_PER_SOL).toString().padStart(9, "0").replace(/0+$/, "");
  return `${sign}${abs / LAMPORTS_PER_SOL}${frac ? `.${frac}` : ""}`;
}

/** A base58 public key argument. */
export function parsePubkey({ value, flag }: { value: string | undefined; flag: string }): PublicKey {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  try {
    return new PublicKey(value);
  } catch {
    throw new UsageError(`${flag} must be a base58 public key, got '${value}'`);
  }
}

/** A whole number in [min, max]. */
export function parseWhole({ value, flag, min, max }: { value: string; flag: string; min: number; max: number }): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number, got '${value}'`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${flag} must be from ${min} to ${max}, got ${n}`);
  return n;
}

/** Exactly `count` positional arguments, named for the message. */
export function positionals({ given, names }: { given: readonly string[]; names: readonly string[] }): string[] {
  if (given.length < names.length) throw new UsageError(`missing ${names.slice(given.length).map((n) => `<${n}>`).join(" ")}`);
  if (given.length > names.length) throw new UsageError(`unexpected argument '${given[names.length]}'`);
  return [...given];
}
