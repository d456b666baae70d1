// An unmodified @solana/web3.js 1.99 Connection against localnet: airdrop, transfer with
// confirmTransaction, history, parsed reads, program accounts with filters, subscriptions,
// preflight errors and the clock cheat.
import {
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  SendTransactionError,
  SystemProgram,
  Transaction,
  TransactionMessage,
  VersionedTransaction,
  sendAndConfirmTransaction,
} from "@solana/web3.js";
import bs58 from "bs58";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { rpcCall, startLocalnet, type Localnet } from "../setup/localnet.js";

describe("web3.js Connection against localnet", () => {
  let net: Localnet;
  let connection: Connection;

  beforeEach(async () => {
    net = await startLocalnet();
    connection = new Connection(net.url, { commitment: "confirmed", wsEndpoint: net.wsUrl });
  });

  afterEach(async () => {
    expect(await net.stop()).toBe(0);
  });

  async function funded(sol: number): Promise<Keypair> {
    const k = Keypair.generate();
    const signature = await connection.requestAirdrop(k.publicKey, sol * LAMPORTS_PER_SOL);
    await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) });
    return k;
  }

  it("airdrops, transfers with confirmTransaction, and accounts for every lamport", async () => {
    const from = await funded(2);
    const to = Keypair.generate().publicKey;
    expect(await connection.getBalance(from.publicKey)).toBe(2 * LAMPORTS_PER_SOL);
    const tx = new Transaction().add(
      SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports: LAMPORTS_PER_SOL }),
    );
    const signature = await sendAndConfirmTransaction(connection, tx, [from]);
    const fee = 5_000;
    expect(await connection.getBalance(from.publicKey)).toBe(LAMPORTS_PER_SOL - fee);
    expect(await connection.getBalance(to)).toBe(LAMPORTS_PER_SOL);

    const got = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    expect(got?.meta?.fee).toBe(fee);
    expect(got?.meta?.preBalances.slice(0, 2)).toEqual([2 * LAMPORTS_PER_SOL, 0]);
    expect(got?.meta?.postBalances.slice(0, 2)).toEqual([LAMPORTS_PER_SOL - fee, LAMPORTS_PER_SOL]);
    expect(got?.version).toBe("legacy");
    const parsed = await connection.getParsedTransaction(signature, { maxSupportedTransactionVersion: 0 });
    expect(parsed?.transaction.message.accountKeys[0]?.pubkey.toBase58()).toBe(from.publicKey.toBase58());

    const [status] = (await connection.getSignatureStatuses([signature], { searchTransactionHistory: true })).value;
    expect(status?.err).toBeNull();
    expect(status?.confirmationStatus).toBe("finalized");
    const history = await connection.getSignaturesForAddress(to);
    expect(history.map((h) => h.signature)).toEqual([signature]);
  });

  it("sends a v0 transaction and reports its version", async () => {
    const payer = await funded(1);
    const { blockhash } = await connection.getLatestBlockhash();
    const message = new TransactionMessage({
      payerKey: payer.publicKey,
      recentBlockhash: blockhash,
      instructions: [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 })],
    }).compileToV0Message();
    const tx = new VersionedTransaction(message);
    tx.sign([payer]);
    const fee = await connection.getFeeForMessage(message);
    expect(fee.value).toBe(5_000);
    const signature = await connection.sendTransaction(tx);
    await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) });
    const got = await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
    expect(got?.version).toBe(0);
    await expect(connection.getTransaction(signature)).rejects.toThrow(/maxSupportedTransactionVersion/);
  });

  it("getParsedAccountInfo falls back to base64 (no jsonParsed parsers)", async () => {
    const k = await funded(1);
    const info = await connection.getParsedAccountInfo(k.publicKey);
    expect(info.value?.lamports).toBe(LAMPORTS_PER_SOL);
    expect(Buffer.isBuffer(info.value?.data)).toBe(true);
  });

  it("getProgramAccounts filters by dataSize and memcmp", async () => {
    const owner = Keypair.generate().publicKey;
    const a = Keypair.generate().publicKey;
    const b = Keypair.generate().publicKey;
    const data = (tag: number, len: number) => Buffer.alloc(len, tag).toString("base64");
    for (const [key, d] of [[a, data(1, 16)], [b, data(2, 24)]] as const) {
      const r = await rpcCall({ url: net.url, method: "localnet_setAccount", params: [{ pubkey: key.toBase58(), lamports: 10_000_000, data: d, owner: owner.toBase58() }] });
      expect(r.result).toBe(true);
    }
    const all = await connection.getProgramAccounts(owner);
    expect(all.map((x) => x.pubkey.toBase58()).sort()).toEqual([a.toBase58(), b.toBase58()].sort());
    const bySize = await connection.getProgramAccounts(owner, { filters: [{ dataSize: 24 }] });
    expect(bySize.map((x) => x.pubkey.toBase58())).toEqual([b.toBase58()]);
    const byBytes = await connection.getProgramAccounts(owner, {
      filters: [{ memcmp: { offset: 4, bytes: Buffer.from([1, 1]).toString("base64"), encoding: "base64" } }],
    });
    expect(byBytes.map((x) => x.pubkey.toBase58())).toEqual([a.toBase58()]);
    const none = await connection.getProgramAccounts(owner, { filters: [{ memcmp: { offset: 30, bytes: "2" } }] });
    expect(none).toHaveLength(0);
  });

  it("delivers onSignature, onAccountChange and onLogs notifications", async () => {
    const from = await funded(2);
    const to = Keypair.generate().publicKey;
    const logs: string[][] = [];
    const balances: number[] = [];
    const logsId = connection.onLogs(to, (l) => logs.push(l.logs), "confirmed");
    const accountId = connection.onAccountChange(to, (acc) => balances.push(acc.lamports), { commitment: "confirmed" });
    // Let the subscriptions register before sending.
    await new Promise((r) => setTimeout(r, 300));
    const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports: 5_000_000 }));
    tx.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
    tx.feePayer = from.publicKey;
    tx.sign(from);
    const signed = new Promise<unknown>((done) => {
      connection.onSignature(bs58.encode(tx.signature ?? Buffer.alloc(64)), (r) => done(r.err), "confirmed");
    });
    await connection.sendRawTransaction(tx.serialize());
    expect(await signed).toBeNull();
    await expect.poll(() => balances, { timeout: 10_000 }).toEqual([5_000_000]);
    await expect.poll(() => logs.length, { timeout: 10_000 }).toBe(1);
    expect(logs[0]?.[0]).toMatch(/^Program 11111111111111111111111111111111 invoke/);
    await connection.removeOnLogsListener(logsId);
    await connection.removeAccountChangeListener(accountId);
  });

  it("preflight failures carry the validator's error shape and logs", async () => {
    const poor = await funded(1);
    const tx = new Transaction().add(
      SystemProgram.transfer({ fromPubkey: poor.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 5 * LAMPORTS_PER_SOL }),
    );
    const err = await sendAndConfirmTransaction(connection, tx, [poor]).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(SendTransactionError);
    const logs = (err as SendTransactionError).logs ?? [];
    expect(logs.some((l) => l.includes("custom program error: 0x1"))).toBe(true);
    // Nothing landed and no fee was charged.
    expect(await connection.getBalance(poor.publicKey)).toBe(LAMPORTS_PER_SOL);
  });

  it("moves the clock with localnet_setClock", async () => {
    const target = 1_900_000_000;
    const r = await rpcCall<{ unixTimestamp: number }>({ url: net.url, method: "localnet_setClock", params: [{ unixTimestamp: target, freeze: true }] });
    expect(r.result?.unixTimestamp).toBe(target);
    const clock = await connection.getAccountInfo(new PublicKey("SysvarC1ock11111111111111111111111111111111"));
    // Clock layout: slot (8), epoch_start_timestamp (8), epoch (8), leader_schedule_epoch (8), unix_timestamp (8).
    expect(clock?.data.readBigInt64LE(32)).toBe(BigInt(target));
  });
});
