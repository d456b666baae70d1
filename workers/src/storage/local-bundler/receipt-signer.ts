/**
 * LOCAL BUNDLER STAND-IN: signs upload receipts the way Irys nodes do, so the real client's
 * `Utils.verifyReceipt` accepts them: RSA-PSS/SHA-256 with the node's JWK over
 * deepHash(["Bundlr", version, id, deadlineHeight, timestamp]); `public` is the JWK modulus.
 */
import { deepHash, getCryptoDriver, stringToBuffer, type JWKInterface } from "@irys/bundles";

/** The receipt body the Irys client expects from `POST /tx/:token`. */
export interface UploadReceiptBody {
  id: string;
  public: string;
  signature: string;
  deadlineHeight: number;
  timestamp: number;
  version: "1.0.0";
  validatorSignatures: { address: string; signature: string }[];
}

/** Signs a receipt for item `id` received at `timestamp` (ms). */
export async function signReceipt({
  jwk,
  id,
  timestamp,
  deadlineHeight,
}: {
  jwk: JWKInterface;
  id: string;
  timestamp: number;
  deadlineHeight: number;
}): Promise<UploadReceiptBody> {
  const version = "1.0.0" as const;
  const message = await deepHash([
    stringToBuffer("Bundlr"),
    stringToBuffer(version),
    stringToBuffer(id),
    stringToBuffer(deadlineHeight.toString()),
    stringToBuffer(timestamp.toString()),
  ]);
  const signature = Buffer.from(await getCryptoDriver().sign(jwk, message)).toString("base64url");
  return { id, public: jwk.n, signature, deadlineHeight, timestamp, version, validatorSignatures: [] };
}

/**
 * The stand-in has no Arweave chain; it reports a pseudo block height (one block per two minutes
 * since the Unix epoch, like Arweave's cadence) plus a 200-block inclusion window.
 */
export function pseudoDeadlineHeight(nowMs: number): number {
  return Math.floor(nowMs / 120_000) + 200;
}
