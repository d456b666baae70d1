import { Connection, Keypair, sendAndConfirmTransaction, SystemProgram, Transaction } from "@solana/web3.js";
import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { sharedBundlerKeys, startTestBundler, workerClient } from "./storage-fixtures.js";
import { LOCALNET_BIN, localnetAvailable, startLocalnet } from "./localnet-process.js";

async function postFunding({ url, txId }: { url: string; txId: string }): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/account/balance/solana`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tx_id: txId }) });
  return { status: res.status, text: await res.text() };
}

const someSignature = () => bs58.encode(Keypair.generate().secretKey);

describe("funding refusals that need no chain", () => {
  it("answers 503 when the stand-in runs without a Solana RPC, and 400 for a malformed tx id", async () => {
    const bundler = await startTestBundler();
    try {
      const off = await postFunding({ url: bundler.url, txId: someSignature() });
      expect(off.status).toBe(503);
      expect(off.text).toMatch(/^unavailable:/);
      expect((await postFunding({ url: bundler.url, txId: "not-base58-0OIl" })).status).toBe(400);
    } finally {
      await bundler.close();
    }
  });

  it("answers 502 when the Solana RPC does not answer, and credits nothing", async () => {
    const bundler = await startTestBundler({ rpcUrl: "http://127.0.0.1:9" });
    try {
      const res = await postFunding({ url: bundler.url, txId: someSignature() });
      expect(res.status).toBe(502);
      expect(res.text).toMatch(/^funding_refused: rpc_error/);
    } finally {
      await bundler.close();
    }
  });
});

describe.skipIf(!localnetAvailable)(`funding refusals checked on localnet (${LOCALNET_BIN})`, () => {
  it("refuses unknown transactions and transfers to another address; credits a racing double post once", async () => {
    const worker = Keypair.generate();
    const stranger = Keypair.generate();
    const bundlerAddress = (await sharedBundlerKeys()).solana.publicKey;
    const localnet = await startLocalnet({ prefund: { [worker.publicKey.toBase58()]: 5, [bundlerAddress.toBase58()]: 1 } });
    const bundler = await startTestBundler({ rpcUrl: localnet.rpcUrl });
    try {
      const connection = new Connection(localnet.rpcUrl, "confirmed");
      const { client } = await workerClient({ bundler, worker, rpcUrl: localnet.rpcUrl });
      const send = (to: Keypair["publicKey"], lamports: number) =>
        sendAndConfirmTransaction(connection, new Transaction().add(SystemProgram.transfer({ fromPubkey: worker.publicKey, toPubkey: to, lamports })), [worker], {
          commitment: "confirmed",
        });

      const unknown = await postFunding({ url: bundler.url, txId: someSignature() });
      expect(unknown.status).toBe(400);
      expect(unknown.text).toMatch(/^funding_refused: not_found/);

      const elsewhere = await send(stranger.publicKey, 2_000_000);
      const wrongRecipient = await postFunding({ url: bundler.url, txId: elsewhere });
      expect(wrongRecipient.status).toBe(400);
      expect(wrongRecipient.text).toMatch(/^funding_refused: no_transfer_to_bundler/);
      expect(await client.balance()).toBe(0n);

      const good = await send(bundlerAddress, 3_000_000);
      const [a, b] = await Promise.all([postFunding({ url: bundler.url, txId: good }), postFunding({ url: bundler.url, txId: good })]);
      expect([a.status, b.status].sort()).toEqual([200, 400]);
      expect(await client.balance()).toBe(3_000_000n);
      // The real client's own posting path (what fund() calls after sending) is refused for a replay too.
      await expect(client.irys.funder.submitFundTransaction(good)).rejects.toThrow();
      expect(await client.balance()).toBe(3_000_000n);
    } finally {
      await bundler.close();
      await localnet.close();
    }
  });
});
