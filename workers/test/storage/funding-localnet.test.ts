import { Connection, Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { jobAddress, sharedBundlerKeys, startTestBundler, testPng, workerClient } from "./storage-fixtures.js";
import { LOCALNET_BIN, localnetAvailable, startLocalnet } from "./localnet-process.js";

describe.skipIf(!localnetAvailable)(`funding through the real Irys client's fund() on localnet (${LOCALNET_BIN})`, () => {
  it("tops up only when short, credits exactly the verified transfer, refuses a replay, and pays for uploads", async () => {
    const worker = Keypair.generate();
    const localnet = await startLocalnet({ prefund: { [worker.publicKey.toBase58()]: 10 } });
    const pricing = { lamportsPerByte: 2n, baseFeeLamports: 10_000n };
    const bundler = await startTestBundler({ pricing, rpcUrl: localnet.rpcUrl });
    try {
      const connection = new Connection(localnet.rpcUrl, "confirmed");
      const { client } = await workerClient({ bundler, worker, rpcUrl: localnet.rpcUrl });
      const workerBefore = BigInt(await connection.getBalance(worker.publicKey));
      expect(workerBefore).toBe(10n * BigInt(LAMPORTS_PER_SOL));

      const first = await client.ensureFunded({ bytes: 100_000, minTopUpLamports: 1_000_000n });
      const price = 10_000n + 2n * 100_000n;
      expect(first).toMatchObject({ priceLamports: price, balanceLamports: 0n, fundedLamports: 1_000_000n });
      expect(first.txId).toBeDefined();
      expect(await client.balance()).toBe(1_000_000n);
      expect(BigInt(await connection.getBalance(bundler.state.keys.solana.publicKey))).toBe(1_000_000n);
      const fee = workerBefore - 1_000_000n - BigInt(await connection.getBalance(worker.publicKey));
      expect(fee).toBeGreaterThan(0n);
      expect(fee).toBeLessThan(100_000n);

      const second = await client.ensureFunded({ bytes: 100_000 });
      expect(second.fundedLamports).toBe(0n);
      expect(second.txId).toBeUndefined();

      const replay = await fetch(`${bundler.url}/account/balance/solana`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ tx_id: first.txId }),
      });
      expect(replay.status).toBe(400);
      expect(await replay.text()).toMatch(/^already_credited:/);
      expect(await client.balance()).toBe(1_000_000n);

      const stored = await client.uploadImage({ image: await testPng(), contentType: "image/png", job: jobAddress() });
      expect(await client.balance()).toBe(1_000_000n - (10_000n + 2n * BigInt(stored.itemBytes)));
    } finally {
      await bundler.close();
      await localnet.close();
    }
  });

  it("an autoFund client funds its first upload itself (a transfer of just the price) and then uploads", async () => {
    const worker = Keypair.generate();
    // A transfer below the rent-exempt minimum to an account that does not exist fails on Solana, so
    // the bundler's funding address is created at genesis, as the main job's setup does.
    const bundlerAddress = (await sharedBundlerKeys()).solana.publicKey.toBase58();
    const localnet = await startLocalnet({ prefund: { [worker.publicKey.toBase58()]: 1, [bundlerAddress]: 1 } });
    const bundler = await startTestBundler({ pricing: { lamportsPerByte: 1n, baseFeeLamports: 0n }, rpcUrl: localnet.rpcUrl });
    try {
      const { client } = await workerClient({ bundler, worker, rpcUrl: localnet.rpcUrl, autoFund: { minTopUpLamports: 0n } });
      const stored = await client.uploadImage({ image: await testPng(), contentType: "image/png", job: jobAddress() });
      expect(stored.funding?.fundedLamports).toBe(BigInt(stored.itemBytes));
      expect(await client.balance()).toBe(0n);
    } finally {
      await bundler.close();
      await localnet.close();
    }
  });
});
