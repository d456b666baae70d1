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
/** Program types as Anchor encodes them. */
export type ProtocolParams = IdlTypes<Atelier>["protocolParams"];
export type GenerationParams = IdlTypes<Atelier>["generationParams"];
/** Every event, by camelCase name (`jobCreated`, …). */
export type AtelierEvents = IdlEvents<Atelier>;
export type AtelierEventName = keyof AtelierEvents & string;

/** Protocol parameters as callers write them. See docs/program.md for each field. */
export interface ProtocolParamsInput {
  protocolFeeBps: number;
  verifierFeeBps: number;
  minWorkerStake: IntLike;
  unbondingPeriod: IntLike;
  claimTimeout: IntLike;
  verificationWindow: IntLike;
  verifierQuorum: number;
  clipScoreFloor: number;
  slashBps: number;
  latePenaltyBps: number;
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
    verifierQuorum: params.verifierQuorum,
    clipScoreFloor: params.clipScoreFloor,
    slashBps: params.slashBps,
    latePenaltyBps: params.latePenaltyBps,
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
