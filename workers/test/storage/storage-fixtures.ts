/**
 * Fixtures for the storage tests: a real local bundler stand-in per test (fresh temp directory,
 * shared receipt keys per file because RSA-4096 generation takes seconds), real worker keys, the
 * real Irys client, and a real PNG from the image encoder.
 */
import { Keypair } from "@solana/web3.js";
import { encodeImage } from "../../src/image/encode.js";
import { generateBundlerKeys, startLocalBundler, type BundlerKeys, type LocalBundler, type LocalBundlerOptions } from "../../src/storage/local-bundler/index.js";
import { createStorageClient, type StorageClient, type StorageClientOptions } from "../../src/storage/index.js";
import { gradient } from "../helpers/images.js";

/** An RPC URL nothing listens on: for clients that never fund. */
export const UNUSED_RPC_URL = "http://127.0.0.1:9";

let keys: Promise<BundlerKeys> | undefined;

/** Receipt keys shared by the tests of one file. */
export function sharedBundlerKeys(): Promise<BundlerKeys> {
  keys ??= generateBundlerKeys();
  return keys;
}

/** Starts a stand-in with the shared keys; call `close()` in the test. */
export async function startTestBundler(options: Omit<LocalBundlerOptions, "keys"> = {}): Promise<LocalBundler> {
  return startLocalBundler({ keys: await sharedBundlerKeys(), ...options });
}

/** A worker key and its storage client against `bundler`. */
export async function workerClient({
  bundler,
  worker = Keypair.generate(),
  ...rest
}: { bundler: LocalBundler; worker?: Keypair } & Partial<StorageClientOptions>): Promise<{ worker: Keypair; client: StorageClient }> {
  const client = await createStorageClient({
    bundlerUrl: bundler.url,
    gatewayUrl: bundler.url,
    rpcUrl: UNUSED_RPC_URL,
    secretKey: worker.secretKey,
    ...rest,
  });
  return { worker, client };
}

/** A real PNG (gradient, `size`×`size`). */
export async function testPng({ size = 64, tint = [1, 0.8, 0.6] }: { size?: number; tint?: [number, number, number] } = {}): Promise<Buffer> {
  const encoded = await encodeImage({ image: gradient({ width: size, height: size, tint }), provenance: { test: true }, format: "png" });
  return Buffer.from(encoded.bytes);
}

/** A job address for tests. */
export function jobAddress(): string {
  return Keypair.generate().publicKey.toBase58();
}
