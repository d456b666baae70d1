// The shape of a numbered, idempotent setup step.
import type { Keypair, PublicKey } from "@solana/web3.js";
import type { AtelierClient, ProtocolParamsInput } from "@atelier/sdk";

/** The Core collection's name (1 to 32 bytes) and metadata URI (1 to 200 bytes). */
export interface CollectionInput {
  name: string;
  uri: string;
}

/** What every step may use: the admin's client, the treasury, the desired parameters and collection. */
export interface StepContext {
  client: AtelierClient;
  admin: Keypair;
  treasury: PublicKey;
  params: ProtocolParamsInput;
  collection: CollectionInput;
}

/** A step's state on chain: done (with an optional note, e.g. a difference it will not fix), or to do. */
export type StepState = { done: true; note?: string } | { done: false };

/** A setup step that reads the chain to know whether it already ran. */
export interface Step {
  /** `NNN-kebab-name`, run in order. */
  id: string;
  title: string;
  check: (ctx: StepContext) => Promise<StepState>;
  /** Sends the step's transactions; returns their signatures. */
  apply: (ctx: StepContext) => Promise<string[]>;
}

/** A step listed for order but not available yet (its instruction is not in this program). */
export interface PendingStep {
  id: string;
  title: string;
  pending: string;
}
