import { createHash } from "node:crypto";
import { Utils } from "@irys/upload-core";
import { deepHash, getCryptoDriver, stringToBuffer } from "@irys/bundles";
import { describe, expect, it } from "vitest";
import { AtelierTag, isStorageError, StorageErrorCode, tagValue, verifyUploadReceipt } from "../../src/storage/index.js";
import { jobAddress, startTestBundler, testPng, workerClient } from "./storage-fixtures.js";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("upload through the real Irys client to the local bundler stand-in", () => {
  it("stores a signed image that the gateway serves back byte for byte with its tags", async () => {
    const bundler = await startTestBundler();
    try {
      const { client, worker } = await workerClient({ bundler });
      const image = await testPng();
      const job = jobAddress();
      const stored = await client.uploadImage({ image, contentType: "image/png", job, modelId: "tiny-sd" });

      expect(stored.reused).toBe(false);
      expect(stored.sha256).toBe(sha256(image));
      expect(stored.uri).toBe(`${bundler.url}/${stored.id}`);

      const fetched = await client.fetchItem({ id: stored.id, expectedSha256: sha256(image) });
      expect(fetched.data.equals(image)).toBe(true);
      expect(fetched.contentType).toBe("image/png");

      const meta = (await (await fetch(`${bundler.url}/tx/${stored.id}`)).json()) as { address: string; tags: { name: string; value: string }[]; dataSize: number };
      expect(meta.address).toBe(worker.publicKey.toBase58());
      expect(meta.dataSize).toBe(image.length);
      expect(tagValue({ tags: meta.tags, name: AtelierTag.AppName })).toBe("Atelier");
      expect(tagValue({ tags: meta.tags, name: AtelierTag.Job })).toBe(job);
      expect(tagValue({ tags: meta.tags, name: AtelierTag.ContentHash })).toBe(sha256(image));
      expect(tagValue({ tags: meta.tags, name: AtelierTag.ModelId })).toBe("tiny-sd");

      const head = await fetch(stored.uri, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-length")).toBe(String(image.length));
    } finally {
      await bundler.close();
    }
  });

  it("returns a receipt the real client's verifyReceipt accepts, signed by the bundler key", async () => {
    const bundler = await startTestBundler();
    try {
      const { client } = await workerClient({ bundler });
      const stored = await client.uploadImage({ image: await testPng(), contentType: "image/png", job: jobAddress() });
      const bundles = { deepHash, getCryptoDriver, stringToBuffer } as unknown as Parameters<typeof Utils.verifyReceipt>[0];
      expect(stored.receipt.public).toBe(bundler.publicKey);
      expect(stored.receipt.id).toBe(stored.id);
      expect(await Utils.verifyReceipt(bundles, stored.receipt)).toBe(true);
      expect(await client.irys.utils.verifyReceipt(stored.receipt)).toBe(true);

      const forged = { ...stored.receipt, timestamp: stored.receipt.timestamp + 1 };
      expect(await Utils.verifyReceipt(bundles, forged)).toBe(false);
      await expect(verifyUploadReceipt({ receipt: forged, expectedId: stored.id, trustedPublicKey: bundler.publicKey })).rejects.toMatchObject({
        code: StorageErrorCode.ReceiptInvalid,
      });
      await expect(verifyUploadReceipt({ receipt: stored.receipt, expectedId: "someOtherId", trustedPublicKey: bundler.publicKey })).rejects.toMatchObject({
        code: StorageErrorCode.ReceiptInvalid,
      });
    } finally {
      await bundler.close();
    }
  });

  it("refuses a receipt from a bundler key other than the pinned one", async () => {
    const bundler = await startTestBundler();
    try {
      const other = await getCryptoDriver().generateJWK();
      const { client } = await workerClient({ bundler, bundlerPublicKey: other.n });
      const error = await client.uploadImage({ image: await testPng(), contentType: "image/png", job: jobAddress() }).catch((e: unknown) => e);
      expect(isStorageError(error, StorageErrorCode.ReceiptUntrusted)).toBe(true);
    } finally {
      await bundler.close();
    }
  });

  it("answers 404 for an unknown id and 400 for a malformed one, as JSON", async () => {
    const bundler = await startTestBundler();
    try {
      const { client } = await workerClient({ bundler });
      const unknown = "GptqGtgitHcJrmapvPRvXNMz6DDRTf9nSZ7FTGCgqBCi";
      const res = await fetch(`${bundler.url}/${unknown}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
      expect((await fetch(`${bundler.url}/tx/${unknown}/tags`)).status).toBe(404);
      expect((await fetch(`${bundler.url}/not-an-id!`)).status).toBe(400);
      await expect(client.fetchItem({ id: unknown })).rejects.toMatchObject({ code: StorageErrorCode.NotFound });
    } finally {
      await bundler.close();
    }
  });

  it("fetchItem refuses bytes that do not hash to the recorded content hash", async () => {
    const bundler = await startTestBundler();
    try {
      const { client } = await workerClient({ bundler });
      const stored = await client.uploadImage({ image: await testPng(), contentType: "image/png", job: jobAddress() });
      const wrong = sha256(await testPng({ tint: [0.2, 0.2, 1] }));
      await expect(client.fetchItem({ id: stored.id, expectedSha256: wrong })).rejects.toMatchObject({ code: StorageErrorCode.ContentHashMismatch });
    } finally {
      await bundler.close();
    }
  });

  it("rejects bad client config with INVALID_CONFIG", async () => {
    const bundler = await startTestBundler();
    try {
      await expect(workerClient({ bundler, secretKey: new Uint8Array(32) })).rejects.toMatchObject({ code: StorageErrorCode.InvalidConfig });
      await expect(workerClient({ bundler, bundlerUrl: "not a url" })).rejects.toMatchObject({ code: StorageErrorCode.InvalidConfig });
    } finally {
      await bundler.close();
    }
  });
});
