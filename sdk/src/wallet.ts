import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { Keypair, PublicKey, Transaction, VersionedTransaction } from "@solana/web3.js";

/** What the SDK needs of a wallet (the shape of Anchor's provider wallet and of wallet adapters). */
export interface Wallet {
  readonly publicKey: PublicKey;
  signTransaction<T extends Transaction | VersionedTransaction>(tx: T): Promise<T>;
  signAllTransactions<T extends Transaction | VersionedTransaction>(txs: T[]): Promise<T[]>;
}

/** A Node wallet that signs with one keypair (legacy and v0 transactions). */
export class KeypairWallet implements Wallet {
  /** The signing keypair (Anchor calls it the payer). */
  readonly payer: Keypair;

  constructor(payer: Keypair) {
    this.payer = payer;
  }

  /** The wallet's address. */
  get publicKey(): PublicKey {
    return this.payer.publicKey;
  }

  /** Adds this wallet's signature to a transaction. */
  async signTransaction<T extends Transaction | VersionedTransaction>(tx: T): Promise<T> {
    if (tx instanceof VersionedTransaction) tx.sign([this.payer]);
    else tx.partialSign(this.payer);
    return tx;
  }

  /** Adds this wallet's signature to every transaction. */
  async signAllTransactions<T extends Transaction | VersionedTransaction>(txs: T[]): Promise<T[]> {
    for (const tx of txs) await this.signTransaction(tx);
    return txs;
  }
}

/** Raised when a read-only client is asked to sign. */
export class ReadOnlyWalletError extends Error {
  override readonly name = "ReadOnlyWalletError";
  constructor() {
    super("this Atelier client is read-only: create it with a wallet to send transactions");
  }
}

/**
 * A wallet that cannot sign: for clients that only read accounts, events and assets.
 * Its address (the default key unless given) is only used as a nominal fee payer for simulations.
 */
export class ReadOnlyWallet implements Wallet {
  readonly publicKey: PublicKey;

  constructor(publicKey: PublicKey = PublicKey.default) {
    this.publicKey = publicKey;
  }

  async signTransaction<T extends Transaction | VersionedTransaction>(_tx: T): Promise<T> {
    throw new ReadOnlyWalletError();
  }

  async signAllTransactions<T extends Transaction | VersionedTransaction>(_txs: T[]): Promise<T[]> {
    throw new ReadOnlyWalletError();
  }
}

/** Raised when a keypair file is missing or is not a Solana CLI keypair. */
export class KeypairFileError extends Error {
  override readonly name = "KeypairFileError";
}

/** The Solana CLI's default keypair path (`~/.config/solana/id.json`). */
export const DEFAULT_KEYPAIR_PATH = join(homedir(), ".config", "solana", "id.json");

/** Reads a Solana CLI keypair file (a JSON array of 64 bytes). */
export function loadKeypair({ path = DEFAULT_KEYPAIR_PATH }: { path?: string } = {}): Keypair {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new KeypairFileError(`cannot read keypair file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let bytes: unknown;
  try {
    bytes = JSON.parse(text);
  } catch {
    throw new KeypairFileError(`keypair file ${path} is not JSON (expected an array of 64 numbers)`);
  }
  if (!Array.isArray(bytes) || bytes.length !== 64 || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new KeypairFileError(`keypair file ${path} is not a Solana keypair (expected an array of 64 bytes)`);
  }
  return Keypair.fromSecretKey(Uint8Array.from(bytes as number[]));
}

/** A signing wallet for a keypair. */
export function keypairWallet({ keypair }: { keypair: Keypair }): KeypairWallet {
  return new KeypairWallet(keypair);
}
