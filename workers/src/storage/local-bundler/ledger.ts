/**
 * LOCAL BUNDLER STAND-IN: balances per Solana address in lamports, and the funding transactions
 * already credited (so one transfer is never credited twice). Debits and credits are synchronous
 * in-memory moves (no interleaving between check and update); the file is written behind them.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { JsonFileWriter } from "./json-file-writer.js";

const LEDGER_FILE = "ledger.json";

const ledgerFileSchema = z.object({
  balances: z.record(z.string(), z.string().regex(/^\d+$/)),
  credited: z.record(
    z.string(),
    z.object({ credits: z.array(z.object({ address: z.string(), lamports: z.string().regex(/^\d+$/) })), at: z.number() }),
  ),
});

/** Lamports credited to one sender. */
export interface Credit {
  address: string;
  lamports: bigint;
}

/** One credited funding transaction. */
export interface FundingCredit {
  credits: Credit[];
  at: number;
}

/** Balances and credited funding transactions, persisted under the data directory. */
export class Ledger {
  private readonly balances = new Map<string, bigint>();
  private readonly credited = new Map<string, FundingCredit>();
  private readonly writer: JsonFileWriter;

  private constructor(dir: string) {
    this.writer = new JsonFileWriter(join(dir, LEDGER_FILE), () => ({
      balances: Object.fromEntries([...this.balances].map(([a, l]) => [a, l.toString()])),
      credited: Object.fromEntries(
        [...this.credited].map(([tx, f]) => [tx, { at: f.at, credits: f.credits.map((c) => ({ address: c.address, lamports: c.lamports.toString() })) }]),
      ),
    }));
  }

  /** Opens the ledger in `dir`, loading it when a ledger file exists. */
  static async open({ dir }: { dir: string }): Promise<Ledger> {
    const ledger = new Ledger(dir);
    let text: string | undefined;
    try {
      text = await readFile(join(dir, LEDGER_FILE), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    if (text !== undefined) {
      const file = ledgerFileSchema.parse(JSON.parse(text));
      for (const [address, lamports] of Object.entries(file.balances)) ledger.balances.set(address, BigInt(lamports));
      for (const [tx, f] of Object.entries(file.credited))
        ledger.credited.set(tx, { at: f.at, credits: f.credits.map((c) => ({ address: c.address, lamports: BigInt(c.lamports) })) });
    }
    return ledger;
  }

  /** Balance of `address` in lamports (0 when unknown). */
  balance(address: string): bigint {
    return this.balances.get(address) ?? 0n;
  }

  /** True when funding transaction `txId` was already credited. */
  isCredited(txId: string): boolean {
    return this.credited.has(txId);
  }

  /** Credits each sender of funding transaction `txId`; false (no change) if it was already credited. */
  credit({ txId, credits, at }: { txId: string; credits: Credit[]; at: number }): boolean {
    if (this.credited.has(txId)) return false;
    this.credited.set(txId, { credits, at });
    for (const { address, lamports } of credits) this.balances.set(address, this.balance(address) + lamports);
    this.writer.schedule();
    return true;
  }

  /** Debits `lamports` from `address` if the balance covers it; false (no change) otherwise. */
  tryDebit({ address, lamports }: { address: string; lamports: bigint }): boolean {
    if (lamports === 0n) return true;
    const balance = this.balance(address);
    if (balance < lamports) return false;
    this.balances.set(address, balance - lamports);
    this.writer.schedule();
    return true;
  }

  /** Gives back a debit whose upload failed to store. */
  refund({ address, lamports }: { address: string; lamports: bigint }): void {
    if (lamports === 0n) return;
    this.balances.set(address, this.balance(address) + lamports);
    this.writer.schedule();
  }

  /** Resolves once the ledger file reflects every change so far. */
  flush(): Promise<void> {
    return this.writer.flush();
  }
}
