// The protocol parameters a migration sets: defaults, or a JSON file (`--params` / ATELIER_PARAMS).
import { readFileSync } from "node:fs";
import { LAMPORTS_PER_SOL } from "@solana/web3.js";
import { MINT_AUDIT_DEFAULTS, ROYALTY_ENFORCEMENT, type ProtocolParamsInput } from "@atelier/sdk";
import type { CollectionInput } from "./steps/step.js";
import { UsageError } from "./cluster.js";

/**
 * Defaults: 5 % protocol fee, 3 % verifier pool, 1 SOL minimum stake, 7-day unbonding, 10-minute
 * claims, 1-hour verification window whose first minute is the commit phase; quorum 2 out of a
 * committee of 3 (2 · quorum − 1: one side at most can reach the quorum, and one drawn verifier
 * may stay silent), 2 drawn verifiers per seat, reveals within 0.03 cosine of the committee's
 * median, 10 % of a verifier's stake slashed for a missing or deviating reveal; minting and audit
 * as docs/program.md lists them.
 */
export const DEFAULT_PROTOCOL_PARAMS: ProtocolParamsInput = {
  protocolFeeBps: 500,
  verifierFeeBps: 300,
  minWorkerStake: LAMPORTS_PER_SOL,
  unbondingPeriod: 7 * 24 * 3600,
  claimTimeout: 600,
  verificationWindow: 3600,
  commitWindow: 60,
  verifierQuorum: 2,
  verifierCommittee: 3,
  verifierOversample: 2,
  verifierTolerance: 300,
  verifierSlashBps: 1_000,
  clipScoreFloor: 2_000,
  slashBps: 1_000,
  latePenaltyBps: 100,
  ...MINT_AUDIT_DEFAULTS,
};

/** The Core collection step 002 creates. */
export const DEFAULT_COLLECTION: CollectionInput = { name: "Atelier", uri: "https://atelier.art/collection.json" };

const ENFORCEMENTS: readonly string[] = Object.values(ROYALTY_ENFORCEMENT);

/** Reads parameters from a JSON file holding any subset of the fields; the rest are defaults. */
export function loadParams({ path }: { path: string | undefined }): ProtocolParamsInput {
  if (!path) return DEFAULT_PROTOCOL_PARAMS;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new UsageError(`cannot read parameters from ${path}: ${(e as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new UsageError(`${path} must hold a JSON object`);
  const out: Record<string, unknown> = { ...DEFAULT_PROTOCOL_PARAMS };
  for (const [key, value] of Object.entries(json)) {
    if (!(key in DEFAULT_PROTOCOL_PARAMS)) throw new UsageError(`${path}: unknown parameter ${key}`);
    if (key === "royaltyEnforcement") {
      if (typeof value !== "string" || !ENFORCEMENTS.includes(value)) throw new UsageError(`${path}: royaltyEnforcement must be one of ${ENFORCEMENTS.join(", ")}`);
      out[key] = value;
      continue;
    }
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw new UsageError(`${path}: ${key} must be a non-negative integer`);
    out[key] = value;
  }
  return out as unknown as ProtocolParamsInput;
}
