/** LOCAL BUNDLER STAND-IN: what the routes share. */
import type { BundlerKeys } from "./bundler-keys.js";
import type { ItemStore } from "./item-store.js";
import type { Ledger } from "./ledger.js";
import type { Pricing } from "./pricing.js";

/** The token name the stand-in accepts (the Irys Solana client's `token`). */
export const TOKEN = "solana";

/** Shared state of one running stand-in. */
export interface BundlerState {
  readonly keys: BundlerKeys;
  /** Base58 address funding transfers must go to. */
  readonly address: string;
  readonly store: ItemStore;
  readonly ledger: Ledger;
  readonly pricing: Pricing;
  /** Solana JSON-RPC used to verify funding; funding is refused (503) without one. */
  readonly rpcUrl: string | undefined;
  readonly fundingCommitment: "confirmed" | "finalized";
  /** Largest accepted data item in bytes. */
  readonly maxItemBytes: number;
  /** This server's base URL (also the gateway URL). */
  url: string;
  /** Serializes funding checks so one transaction cannot be credited twice by racing requests. */
  fundingQueue: Promise<unknown>;
}
