/**
 * Reading stored items back from a gateway (an Arweave gateway in production, the local stand-in
 * here), checking that the bytes hash to what the chain recorded. Used by verifiers.
 */
import { createHash } from "node:crypto";
import { StorageError, StorageErrorCode } from "./errors.js";

/** The public URL of item `id` on `gatewayUrl`. */
export function gatewayUri({ gatewayUrl, id }: { gatewayUrl: string; id: string }): string {
  return new URL(encodeURIComponent(id), gatewayUrl.endsWith("/") ? gatewayUrl : `${gatewayUrl}/`).toString();
}

/** An item fetched from a gateway. */
export interface FetchedItem {
  data: Buffer;
  contentType: string;
  /** sha256 of `data`, lowercase hex. */
  sha256: string;
}

/**
 * Fetches item `id`; when `expectedSha256` is given the bytes must hash to it
 * (CONTENT_HASH_MISMATCH otherwise). NOT_FOUND for unknown ids, GATEWAY_FAILED for other failures.
 */
export async function fetchFromGateway({
  gatewayUrl,
  id,
  expectedSha256,
  maxBytes = 64 * 1024 * 1024,
  timeoutMs = 30_000,
}: {
  gatewayUrl: string;
  id: string;
  expectedSha256?: string;
  maxBytes?: number;
  timeoutMs?: number;
}): Promise<FetchedItem> {
  const uri = gatewayUri({ gatewayUrl, id });
  let res: Response;
  try {
    res = await fetch(uri, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new StorageError({ code: StorageErrorCode.GatewayFailed, message: `gateway ${gatewayUrl} did not answer for ${id}: ${(error as Error).message}`, cause: error });
  }
  if (res.status === 404) throw new StorageError({ code: StorageErrorCode.NotFound, message: `item ${id} is not on gateway ${gatewayUrl}` });
  if (!res.ok) throw new StorageError({ code: StorageErrorCode.GatewayFailed, message: `gateway ${gatewayUrl} answered ${res.status} for ${id}` });
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new StorageError({ code: StorageErrorCode.GatewayFailed, message: `item ${id} is ${declared} bytes, over the ${maxBytes}-byte limit` });
  const data = Buffer.from(await res.arrayBuffer());
  if (data.length > maxBytes) throw new StorageError({ code: StorageErrorCode.GatewayFailed, message: `item ${id} is over the ${maxBytes}-byte limit` });
  const sha256 = createHash("sha256").update(data).digest("hex");
  if (expectedSha256 !== undefined && sha256 !== expectedSha256.toLowerCase())
    throw new StorageError({ code: StorageErrorCode.ContentHashMismatch, message: `item ${id} hashes to ${sha256}, expected ${expectedSha256}` });
  return { data, contentType: res.headers.get("content-type") ?? "application/octet-stream", sha256 };
}
