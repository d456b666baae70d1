import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keypair } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { buildImageMetadata, imageMetadataSchema, ItemKind, StorageErrorCode } from "../../src/storage/index.js";
import { jobAddress, startTestBundler, testPng, workerClient } from "./storage-fixtures.js";

describe("idempotent uploads (a crash after the upload must not upload or pay twice)", () => {
  it("re-uploading the same image for the same job yields the same id, reuses the stored item and charges once", async () => {
    const bundler = await startTestBundler({ pricing: { lamportsPerByte: 1n, baseFeeLamports: 100n } });
    try {
      const { client, worker } = await workerClient({ bundler });
      bundler.state.ledger.credit({ txId: "test-credit", credits: [{ address: worker.publicKey.toBase58(), lamports: 1_000_000n }], at: 0 });
      const image = await testPng();
      const job = jobAddress();
      const first = await client.uploadImage({ image, contentType: "image/png", job });
      const afterFirst = await client.balance();
      // A fresh client for the same worker, as after a process restart.
      const { client: restarted } = await workerClient({ bundler, worker });
      const second = await restarted.uploadImage({ image, contentType: "image/png", job });
      expect(second.id).toBe(first.id);
      expect(second.reused).toBe(true);
      expect(second.receipt).toEqual(first.receipt);
      expect(await client.balance()).toBe(afterFirst);
      expect(bundler.state.store.size).toBe(1);

      const otherJob = await client.uploadImage({ image, contentType: "image/png", job: jobAddress() });
      expect(otherJob.id).not.toBe(first.id);
    } finally {
      await bundler.close();
    }
  });

  it("findUpload locates a previous upload of this worker by job, content hash and kind, and not another worker's", async () => {
    const bundler = await startTestBundler();
    try {
      const { client } = await workerClient({ bundler });
      const image = await testPng();
      const job = jobAddress();
      const stored = await client.uploadImage({ image, contentType: "image/png", job });
      const found = await client.findUpload({ job, contentHash: stored.sha256, kind: ItemKind.Image });
      expect(found?.id).toBe(stored.id);
      expect(found?.receipt).toEqual(stored.receipt);
      expect(await client.findUpload({ job, contentHash: stored.sha256, kind: ItemKind.Metadata })).toBeUndefined();
      const { client: other } = await workerClient({ bundler });
      expect(await other.findUpload({ job, contentHash: stored.sha256, kind: ItemKind.Image })).toBeUndefined();
    } finally {
      await bundler.close();
    }
  });

  it("items, receipts and balances survive a stand-in restart on the same data directory", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "atelier-bundler-test-"));
    try {
      const pricing = { lamportsPerByte: 1n, baseFeeLamports: 0n };
      const worker = Keypair.generate();
      const image = await testPng();
      const job = jobAddress();
      const first = await startTestBundler({ dataDir, pricing });
      first.state.ledger.credit({ txId: "test-credit", credits: [{ address: worker.publicKey.toBase58(), lamports: 500_000n }], at: 0 });
      const stored = await (await workerClient({ bundler: first, worker })).client.uploadImage({ image, contentType: "image/png", job });
      await first.close();

      const second = await startTestBundler({ dataDir, pricing });
      try {
        const { client } = await workerClient({ bundler: second, worker });
        expect(await client.balance()).toBe(500_000n - BigInt(stored.itemBytes));
        expect((await client.fetchItem({ id: stored.id, expectedSha256: stored.sha256 })).data.equals(image)).toBe(true);
        const again = await client.uploadImage({ image, contentType: "image/png", job });
        expect(again).toMatchObject({ id: stored.id, reused: true });
        expect(second.state.ledger.isCredited("test-credit")).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("metadata JSON", () => {
  it("uploads schema-valid metadata whose fields follow the Provenance account, and serves it as JSON", async () => {
    const bundler = await startTestBundler();
    try {
      const { client, worker } = await workerClient({ bundler });
      const job = jobAddress();
      const image = await client.uploadImage({ image: await testPng(), contentType: "image/png", job });
      const artists = [Keypair.generate(), Keypair.generate()].map((k) => k.publicKey.toBase58());
      const metadata = buildImageMetadata({
        imageContentType: "image/png",
        provenance: {
          contentHash: image.sha256,
          promptHash: "ab".repeat(32),
          job,
          client: Keypair.generate().publicKey.toBase58(),
          worker: worker.publicKey.toBase58(),
          modelId: "tiny-sd",
          params: { seed: "18446744073709551615", steps: 1, width: 64, height: 64, guidanceX100: 0 },
          clipScore: 3120,
          influences: [
            { artist: artists[0]!, bps: 7000 },
            { artist: artists[1]!, bps: 3000 },
          ],
          storageId: image.id,
          imageUri: image.uri,
        },
      });
      const stored = await client.uploadMetadata({ metadata, job });
      const fetched = await client.fetchItem({ id: stored.id, expectedSha256: stored.sha256 });
      expect(fetched.contentType).toBe("application/json");
      const parsed = imageMetadataSchema.parse(JSON.parse(fetched.data.toString("utf8")));
      expect(parsed.atelier.contentHash).toBe(image.sha256);
      expect(parsed.image).toBe(image.uri);
      expect(parsed.properties.files[0]).toEqual({ uri: image.uri, type: "image/png" });
      expect(parsed.atelier.params.seed).toBe("18446744073709551615");
      expect((await client.findUpload({ job, contentHash: image.sha256, kind: ItemKind.Metadata }))?.id).toBe(stored.id);
    } finally {
      await bundler.close();
    }
  });

  it("refuses metadata whose influences do not sum to 10000 bps, or that names another job", async () => {
    const bundler = await startTestBundler();
    try {
      const { client, worker } = await workerClient({ bundler });
      const job = jobAddress();
      const base = {
        contentHash: "cd".repeat(32),
        promptHash: "ab".repeat(32),
        job,
        client: worker.publicKey.toBase58(),
        worker: worker.publicKey.toBase58(),
        modelId: "tiny-sd",
        params: { seed: "1", steps: 1, width: 64, height: 64, guidanceX100: 0 },
        clipScore: 1,
        influences: [],
        storageId: "x",
        imageUri: `${bundler.url}/x`,
      };
      expect(() => buildImageMetadata({ imageContentType: "image/png", provenance: { ...base, influences: [{ artist: worker.publicKey.toBase58(), bps: 10_001 }] } })).toThrow();
      const good = buildImageMetadata({ imageContentType: "image/png", provenance: base });
      const tampered = { ...good, atelier: { ...good.atelier, influences: [{ artist: worker.publicKey.toBase58(), bps: 10_001 }] } };
      await expect(client.uploadMetadata({ metadata: tampered, job })).rejects.toMatchObject({ code: StorageErrorCode.InvalidInput });
      await expect(client.uploadMetadata({ metadata: good, job: jobAddress() })).rejects.toMatchObject({ code: StorageErrorCode.InvalidInput });
      expect(bundler.state.store.size).toBe(0);
    } finally {
      await bundler.close();
    }
  });
});
