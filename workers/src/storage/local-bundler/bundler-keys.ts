/**
 * LOCAL BUNDLER STAND-IN: the stand-in's two identities. An Arweave-style RSA-4096 JWK signs upload
 * receipts exactly as an Irys node does (the real client's `Utils.verifyReceipt` checks them), and
 * a Solana keypair is the address that funding transfers go to. Loaded from a file when one is
 * given (created there on first start), otherwise generated per process.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { getCryptoDriver, type JWKInterface } from "@irys/bundles";
import { Keypair } from "@solana/web3.js";
import { z } from "zod";

/** The stand-in's receipt key and funding address. */
export interface BundlerKeys {
  /** RSA-4096 JWK that signs receipts; `jwk.n` is the receipt `public` field. */
  readonly jwk: JWKInterface;
  /** Keypair whose address receives funding transfers (`/info` addresses.solana). */
  readonly solana: Keypair;
}

const keyFileSchema = z.object({
  jwk: z.object({ kty: z.literal("RSA"), e: z.string(), n: z.string(), d: z.string(), p: z.string(), q: z.string(), dp: z.string(), dq: z.string(), qi: z.string() }),
  solanaSecretKey: z.array(z.number().int().min(0).max(255)).length(64),
});

/** Generates fresh keys (RSA-4096 generation takes a second or more). */
export async function generateBundlerKeys(): Promise<BundlerKeys> {
  const jwk = await getCryptoDriver().generateJWK();
  return { jwk, solana: Keypair.generate() };
}

/** Loads keys from `path`, or generates them and writes the file (mode 0600) when it is absent. */
export async function loadOrCreateBundlerKeys({ path }: { path: string }): Promise<BundlerKeys> {
  let text: string | undefined;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (text !== undefined) {
    const parsed = keyFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`bundler key file ${path} is not valid: ${parsed.error.issues[0]?.message ?? "bad shape"}`);
    return { jwk: parsed.data.jwk, solana: Keypair.fromSecretKey(Uint8Array.from(parsed.data.solanaSecretKey)) };
  }
  const keys = await generateBundlerKeys();
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ jwk: keys.jwk, solanaSecretKey: Array.from(keys.solana.secretKey) }), { mode: 0o600 });
  await rename(tmp, path);
  return keys;
}
