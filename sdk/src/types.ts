import type { IdlAccounts, IdlEvents, IdlTypes } from "@coral-xyz/anchor";
import { BN } from "./bn.js";
import type { PublicKey } from "@solana/web3.js";
import type { Atelier } from "./generated/atelier.js";

/** An integer argument: a JS number, a bigint or a BN (as read from accounts). */
export type IntLike = bigint | number | BN;

/** Raised for an argument the program could never accept (not an integer, out of range). */
export class ArgumentError extends Error {
  override readonly name = "ArgumentError";
}

/** Converts an integer argument to the BN Anchor encodes. */
export function toBN({ value, what = "value" }: { value: IntLike; what?: string }): BN {
  if (BN.isBN(value)) return value;
  if (typeof value === "number" && !Number.isSafeInteger(value)) throw new ArgumentError(`${what} must be an integer, got ${value}`);
  return new BN(value.toString());
}

/** A 32-byte hash as the number array Anchor encodes for `[u8; 32]`. */
export function toHashArray({ hash, what = "hash" }: { hash: Uint8Array | number[]; what?: string }): number[] {
  if (hash.length !== 32) throw new ArgumentError(`${what} must be 32 bytes, got ${hash.length}`);
  return Array.from(hash);
}

/** Accounts as Anchor decodes them (integers as BN, enums as `{ variant: {} }`). */
export type ConfigAccount = IdlAccounts<Atelier>["config"];
export type ArtistAccount = IdlAccounts<Atelier>["artist"];
export type WorkerAccount = IdlAccounts<Atelier>["worker"];
export type JobAccount = IdlAccounts<Atelier>["job"];
export type ProvenanceAccount = IdlAccounts<Atelier>["provenance"];
export type RoyaltySplitterAccount = IdlAccounts<Atelier>["royaltySplitter"];
export type ListingAccount = IdlAccounts<Atelier>["listing"];
/** Program types as Anchor encodes them. */
export type ProtocolParams = IdlTypes<Atelier>["protocolParams"];
export type GenerationParams = IdlTypes<Atelier>["generationParams"];
/** Every event, by camelCase name (`jobCreated`, …). */
export type AtelierEvents = IdlEvents<Atelier>;
export type AtelierEventName = keyof AtelierEvents & string;

/** How a minted asset's royalties are enforced (docs/program.md, "Royalty enforcement"). */
export const ROYALTY_ENFORCEMENT = {
  /** Advisory royalties: assets move freely. */
  none: "none",
  /** Transfers only through allow-listed programs (System, Atelier). */
  programAllowList: "programAllowList",
} as const;
export type RoyaltyEnforcement = (typeof ROYALTY_ENFORCEMENT)[keyof typeof ROYALTY_ENFORCEMENT];

/**
 * Defaults of the minting and audit parameters, as docs/program.md lists them: 5 % royalty,
 * advisory enforcement, 0.02 SOL mint deposit, audits after 30 verified jobs at z > 3.10 (a
 * false-positive rate under 0.1 % per audit, docs/verification.md),
 * half the stake slashed.
 */
export const MINT_AUDIT_DEFAULTS = {
  royaltyBps: 500,
  royaltyEnforcement: ROYALTY_ENFORCEMENT.none as RoyaltyEnforcement,
  mintDeposit: 20_000_000,
  auditMinJobs: 30,
  auditThresholdX100: 310,
  auditSlashBps: 5_000,
} as const;

/**
 * Protocol parameters as callers write them. See docs/program.md and docs/verification.md for
 * each field. The minting and audit fields are optional and default to {@link MINT_AUDIT_DEFAULTS};
 * the verification game's fields (commit window, committee, oversampling, tolerance, verifier
 * slash) are required, since they only make sense together with the quorum and the window.
 */
export interface ProtocolParamsInput {
  protocolFeeBps: number;
  verifierFeeBps: number;
  minWorkerStake: IntLike;
  unbondingPeriod: IntLike;
  claimTimeout: IntLike;
  /** Seconds after submission until which committed verifiers may reveal (the whole verification window). */
  verificationWindow: IntLike;
  /** Seconds after submission during which drawn verifiers may commit (0 < commitWindow < verificationWindow). */
  commitWindow: IntLike;
  /** Revealed attestations on one side that decide a job. */
  verifierQuorum: number;
  /** Verifiers that may commit on one job (quorum ≤ committee ≤ 2·quorum − 1, at most 8). */
  verifierCommittee: number;
  /** Verifiers drawn per committee seat in expectation (≥ 1; four times as many in the second half of the commit window). */
  verifierOversample: number;
  /** Largest distance (cosine × 10000) of a revealed score from the committee's median before the verifier is slashed. */
  verifierTolerance: number;
  /** Stake share slashed from a verifier that commits and never reveals, or deviates beyond the tolerance. */
  verifierSlashBps: number;
  clipScoreFloor: number;
  slashBps: number;
  latePenaltyBps: number;
  /** Resale royalty written into each new asset's Royalties plugin (≤ 10000). */
  royaltyBps?: number;
  royaltyEnforcement?: RoyaltyEnforcement;
  /** Lamports each new job escrows on top of its payment for the mint's rent (≥ 20,000,000). */
  mintDeposit?: IntLike;
  /** Verified jobs needed before (and between) audits of a worker (≥ 2). */
  auditMinJobs?: number;
  /** Audit z threshold in hundredths of a standard error (100 to 1000). */
  auditThresholdX100?: number;
  /** Stake share slashed by a failed audit. */
  auditSlashBps?: number;
}

/** Converts {@link ProtocolParamsInput} to the encoded form. */
export function toProtocolParams({ params }: { params: ProtocolParamsInput }): ProtocolParams {
  return {
    protocolFeeBps: params.protocolFeeBps,
    verifierFeeBps: params.verifierFeeBps,
    minWorkerStake: toBN({ value: params.minWorkerStake, what: "minWorkerStake" }),
    unbondingPeriod: toBN({ value: params.unbondingPeriod, what: "unbondingPeriod" }),
    claimTimeout: toBN({ value: params.claimTimeout, what: "claimTimeout" }),
    verificationWindow: toBN({ value: params.verificationWindow, what: "verificationWindow" }),
    commitWindow: toBN({ value: params.commitWindow, what: "commitWindow" }),
    verifierQuorum: params.verifierQuorum,
    verifierCommittee: params.verifierCommittee,
    verifierOversample: params.verifierOversample,
    verifierTolerance: params.verifierTolerance,
    verifierSlashBps: params.verifierSlashBps,
    clipScoreFloor: params.clipScoreFloor,
    slashBps: params.slashBps,
    latePenaltyBps: params.latePenaltyBps,
    royaltyBps: params.royaltyBps ?? MINT_AUDIT_DEFAULTS.royaltyBps,
    royaltyEnforcement: { [params.royaltyEnforcement ?? MINT_AUDIT_DEFAULTS.royaltyEnforcement]: {} } as ProtocolParams["royaltyEnforcement"],
    mintDeposit: toBN({ value: params.mintDeposit ?? MINT_AUDIT_DEFAULTS.mintDeposit, what: "mintDeposit" }),
    auditMinJobs: params.auditMinJobs ?? MINT_AUDIT_DEFAULTS.auditMinJobs,
    auditThresholdX100: params.auditThresholdX100 ?? MINT_AUDIT_DEFAULTS.auditThresholdX100,
    auditSlashBps: params.auditSlashBps ?? MINT_AUDIT_DEFAULTS.auditSlashBps,
  };
}

/** Generation parameters as callers write them. */
export interface GenerationParamsInput {
  seed: IntLike;
  steps: number;
  width: number;
  height: number;
  /** Classifier-free guidance × 100 (0 disables guidance). */
  guidanceX100: number;
}

/** Converts {@link GenerationParamsInput} to the encoded form. */
export function toGenerationParams({ params }: { params: GenerationParamsInput }): GenerationParams {
  return { ...params, seed: toBN({ value: params.seed, what: "seed" }) };
}

/** A prompt: inline text (≤ 512 bytes), or its sha256 and where to fetch it. */
export type PromptInput = { text: string } | { hash: Uint8Array | number[]; uri: string };

/** Converts {@link PromptInput} to the program's `PromptInput` enum. */
export function toPromptEnum({ prompt }: { prompt: PromptInput }) {
  return "text" in prompt
    ? { inline: { text: prompt.text } }
    : { offchain: { hash: toHashArray({ hash: prompt.hash, what: "prompt hash" }), uri: prompt.uri } };
}

/** One artist's share of influence on an image. */
export interface InfluenceInput {
  /** The artist's registry account (`artistPda`). */
  artist: PublicKey;
  bps: number;
}
