import { ArweaveSigner, createData, DataItem } from "@irys/bundles";
import { Keypair } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { isStorageError, StorageErrorCode } from "../../src/storage/index.js";
import { jobAddress, sharedBundlerKeys, startTestBundler, testPng, workerClient } from "./storage-fixtures.js";

async function postItem({ url, raw }: { url: string; raw: Buffer }): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/tx/solana`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: raw });
  return { status: res.status, text: await res.text() };
}

describe("the local bundler stand-in refuses bad data items", () => {
  it("rejects an item whose payload was changed after signing (400 invalid_data_item), through HTTP and through the real client", async () => {
    const bundler = await startTestBundler();
    try {
      const { client } = await workerClient({ bundler });
      const tx = client.irys.createTransaction(await testPng(), { tags: [{ name: "Content-Type", value: "image/png" }] });
      await tx.sign();
      const raw = Buffer.from(tx.getRaw());
      raw[raw.length - 10]! ^= 0xff;
      const res = await postItem({ url: bundler.url, raw });
      expect(res.status).toBe(400);
      expect(res.text.startsWith("invalid_data_item:")).toBe(true);

      const error = await client.irys.uploader.uploadTransaction(client.irys.transaction.fromRaw(raw)).catch((e: unknown) => e);
      expect((error as Error).message).toContain("400");
      expect(bundler.state.store.size).toBe(0);
    } finally {
      await bundler.close();
    }
  });

  it("rejects an item whose owner field was swapped for another worker's key, and charges no one", async () => {
    const bundler = await startTestBundler({ pricing: { lamportsPerByte: 1n, baseFeeLamports: 0n } });
    try {
      const { client, worker } = await workerClient({ bundler });
      const victim = Keypair.generate();
      for (const who of [worker, victim]) bundler.state.ledger.credit({ txId: `test-credit-${who.publicKey.toBase58()}`, credits: [{ address: who.publicKey.toBase58(), lamports: 1_000_000n }], at: 0 });
      const tx = client.irys.createTransaction(await testPng(), {});
      await tx.sign();
      const raw = Buffer.from(tx.getRaw());
      // Layout: 2-byte signature type, 64-byte ed25519 signature, 32-byte owner.
      raw.set(victim.publicKey.toBytes(), 2 + 64);
      const res = await postItem({ url: bundler.url, raw });
      expect(res.status).toBe(400);
      expect(res.text.startsWith("invalid_data_item:")).toBe(true);
      expect(bundler.state.ledger.balance(victim.publicKey.toBase58())).toBe(1_000_000n);
      expect(bundler.state.ledger.balance(worker.publicKey.toBase58())).toBe(1_000_000n);
    } finally {
      await bundler.close();
    }
  });

  it("accepts only Solana-signed items (an Arweave-key item is refused: the ledger is in lamports per Solana address)", async () => {
    const bundler = await startTestBundler();
    try {
      const item = createData(Buffer.from("hello"), new ArweaveSigner((await sharedBundlerKeys()).jwk));
      await item.sign(new ArweaveSigner((await sharedBundlerKeys()).jwk));
      expect(await DataItem.verify(item.getRaw())).toBe(true);
      const res = await postItem({ url: bundler.url, raw: item.getRaw() });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/^invalid_data_item: signature type 1/);
    } finally {
      await bundler.close();
    }
  });

  it("answers garbage, empty and oversized bodies with 400 / 413 and keeps serving", async () => {
    const bundler = await startTestBundler({ maxItemBytes: 4096 });
    try {
      expect((await postItem({ url: bundler.url, raw: Buffer.alloc(0) })).status).toBe(400);
      expect((await postItem({ url: bundler.url, raw: Buffer.alloc(500, 7) })).status).toBe(400);
      expect((await postItem({ url: bundler.url, raw: Buffer.alloc(10_000, 7) })).status).toBe(413);
      const wrongToken = await fetch(`${bundler.url}/tx/ethereum`, { method: "POST", body: Buffer.alloc(100) });
      expect(wrongToken.status).toBe(400);
      expect(await wrongToken.text()).toMatch(/^unsupported_token:/);
      const badJson = await fetch(`${bundler.url}/account/balance/solana`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
      expect(badJson.status).toBe(400);
      expect((await fetch(`${bundler.url}/account/balance/solana?address=nope`)).status).toBe(400);
      expect((await fetch(`${bundler.url}/health`)).status).toBe(200);
    } finally {
      await bundler.close();
    }
  });

  it("answers 402 when the balance cannot pay, surfaces INSUFFICIENT_BALANCE, and stores nothing", async () => {
    const bundler = await startTestBundler({ pricing: { lamportsPerByte: 10n, baseFeeLamports: 5_000n } });
    try {
      const { client, worker } = await workerClient({ bundler });
      const address = worker.publicKey.toBase58();
      bundler.state.ledger.credit({ txId: "test-credit", credits: [{ address, lamports: 1_000n }], at: 0 });
      const error = await client.uploadImage({ image: await testPng(), contentType: "image/png", job: jobAddress() }).catch((e: unknown) => e);
      expect(isStorageError(error, StorageErrorCode.InsufficientBalance)).toBe(true);
      expect((error as Error).message).toContain("insufficient_balance");
      expect(bundler.state.store.size).toBe(0);
      expect(await client.balance()).toBe(1_000n);
    } finally {
      await bundler.close();
    }
  });

  it("debits exactly base fee + bytes × rate of the signed item, and the price endpoint agrees", async () => {
    const bundler = await startTestBundler({ pricing: { lamportsPerByte: 3n, baseFeeLamports: 7_000n } });
    try {
      const { client, worker } = await workerClient({ bundler });
      bundler.state.ledger.credit({ txId: "test-credit", credits: [{ address: worker.publicKey.toBase58(), lamports: 10_000_000n }], at: 0 });
      const stored = await client.uploadImage({ image: await testPng(), contentType: "image/png", job: jobAddress() });
      const expected = 7_000n + 3n * BigInt(stored.itemBytes);
      expect(BigInt((await client.irys.getPrice(stored.itemBytes)).toFixed())).toBe(expected);
      expect(await client.balance()).toBe(10_000_000n - expected);
    } finally {
      await bundler.close();
    }
  });

  it("zero-price mode stores without any balance and quotes 0", async () => {
    const bundler = await startTestBundler();
    try {
      const { client } = await workerClient({ bundler });
      expect((await client.irys.getPrice(1_000_000)).toNumber()).toBe(0);
      const stored = await client.uploadImage({ image: await testPng(), contentType: "image/png", job: jobAddress() });
      expect(await client.balance()).toBe(0n);
      expect((await client.fetchItem({ id: stored.id })).data.length).toBeGreaterThan(0);
    } finally {
      await bundler.close();
    }
  });
});
