/**
 * The generator's and verifier's storage client: uploads images and metadata JSON to Arweave
 * through Irys with the real `@irys/upload` + `@irys/upload-solana` clients (ANS-104 items signed by
 * the worker's Solana key), verifies every receipt against the trusted bundler key, funds the
 * bundler only when short, and reads items back through a gateway with a hash check.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { StorageError, StorageErrorCode } from "./errors.js";
import { findUpload, type FoundUpload } from "./find-upload.js";
import { ensureFunded, type FundingOutcome } from "./funding.js";
import { fetchFromGateway, gatewayUri, type FetchedItem } from "./gateway.js";
import { createIrysUploader, type IrysUploader } from "./irys-uploader.js";
import { itemAnchor } from "./item-anchor.js";
import { imageMetadataSchema, type ImageMetadata } from "./metadata.js";
import { atelierTags, ItemKind } from "./tags.js";
import { uploadItem, type UploadOutcome } from "./upload-item.js";

const optionsSchema = z.object({
  bundlerUrl: z.url(),
  rpcUrl: z.url(),
  gatewayUrl: z.url(),
  secretKey: z.custom<Uint8Array>((k) => k instanceof Uint8Array, "secretKey must be a Uint8Array").refine((k) => k.length === 64, "secretKey must be a 64-byte Solana secret key"),
  bundlerPublicKey: z.string().min(16).optional(),
  autoFund: z.object({ minTopUpLamports: z.bigint().nonnegative().optional() }).optional(),
  timeoutMs: z.number().int().positive().optional(),
});

/** Options of `createStorageClient`. */
export type StorageClientOptions = z.input<typeof optionsSchema>;

/** One stored item, as the generator records it. */
export interface StoredItemRef extends UploadOutcome {
  /** Gateway URL of the item (the image URI / metadata URI). */
  uri: string;
  /** sha256 (hex) of the uploaded bytes. */
  sha256: string;
}

/** The storage client. */
export interface StorageClient {
  /** The worker's Solana address (the items' owner and the paying account). */
  readonly address: string;
  /** The bundler key receipts must be signed by. */
  readonly bundlerPublicKey: string;
  readonly gatewayUrl: string;
  /** The underlying real Irys client. */
  readonly irys: IrysUploader;
  /** Uploads image bytes for `job`; the tag Atelier-Content-Hash is sha256(image). */
  uploadImage(args: { image: Buffer; contentType: string; job: string; modelId?: string }): Promise<StoredItemRef>;
  /** Validates and uploads the metadata JSON for `job` (tagged with the image's content hash). */
  uploadMetadata(args: { metadata: ImageMetadata; job: string }): Promise<StoredItemRef>;
  /** A previous upload of this worker for (job, content hash, kind), if the bundler has one. */
  findUpload(args: { job: string; contentHash: string; kind: ItemKind }): Promise<FoundUpload | undefined>;
  /** Tops the bundler balance up when it cannot pay for `bytes`. */
  ensureFunded(args: { bytes: number; minTopUpLamports?: bigint }): Promise<FundingOutcome>;
  /** The worker's bundler balance in lamports. */
  balance(): Promise<bigint>;
  /** Fetches an item through the gateway, checking its sha256 when given. */
  fetchItem(args: { id: string; expectedSha256?: string }): Promise<FetchedItem>;
}

/** Builds the client; reads the bundler's receipt key from `/public` unless it is pinned. */
export async function createStorageClient(options: StorageClientOptions): Promise<StorageClient> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success)
    throw new StorageError({ code: StorageErrorCode.InvalidConfig, message: `invalid storage config: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` });
  const { bundlerUrl, rpcUrl, gatewayUrl, secretKey, autoFund, timeoutMs } = parsed.data;
  const irys = await createIrysUploader({ bundlerUrl, rpcUrl, secretKey, timeoutMs });
  const bundlerPublicKey = parsed.data.bundlerPublicKey ?? (await readBundlerPublicKey({ irys, bundlerUrl }));
  const address = irys.address;

  const upload = async ({ data, kind, contentType, job, contentHash, modelId }: { data: Buffer; kind: ItemKind; contentType: string; job: string; contentHash: string; modelId?: string }) => {
    const outcome = await uploadItem({
      irys,
      data,
      tags: atelierTags({ kind, contentType, job, contentHash, modelId }),
      anchor: itemAnchor({ kind, job, contentHash }),
      trustedPublicKey: bundlerPublicKey,
      autoFund,
    });
    return { ...outcome, uri: gatewayUri({ gatewayUrl, id: outcome.id }), sha256: sha256Hex(data) };
  };

  return {
    address,
    bundlerPublicKey,
    gatewayUrl,
    irys,
    uploadImage: async ({ image, contentType, job, modelId }) => {
      requireInput(image.length > 0, "image is empty");
      requireInput(job.length > 0, "job is required");
      return upload({ data: image, kind: ItemKind.Image, contentType, job, contentHash: sha256Hex(image), modelId });
    },
    uploadMetadata: async ({ metadata, job }) => {
      const valid = imageMetadataSchema.safeParse(metadata);
      if (!valid.success)
        throw new StorageError({ code: StorageErrorCode.InvalidInput, message: `metadata is invalid: ${valid.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` });
      requireInput(valid.data.atelier.job === job, `metadata is for job ${valid.data.atelier.job}, not ${job}`);
      const data = Buffer.from(JSON.stringify(valid.data));
      return upload({ data, kind: ItemKind.Metadata, contentType: "application/json", job, contentHash: valid.data.atelier.contentHash, modelId: valid.data.atelier.modelId });
    },
    findUpload: ({ job, contentHash, kind }) => findUpload({ irys, owner: address, job, contentHash, kind, bundlerPublicKey }),
    ensureFunded: ({ bytes, minTopUpLamports }) => ensureFunded({ irys, bytes, minTopUpLamports }),
    balance: async () => BigInt((await irys.getBalance()).integerValue().toFixed()),
    fetchItem: ({ id, expectedSha256 }) => fetchFromGateway({ gatewayUrl, id, expectedSha256 }),
  };
}

function sha256Hex(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function requireInput(ok: boolean, message: string): void {
  if (!ok) throw new StorageError({ code: StorageErrorCode.InvalidInput, message });
}

async function readBundlerPublicKey({ irys, bundlerUrl }: { irys: IrysUploader; bundlerUrl: string }): Promise<string> {
  let res;
  try {
    res = await irys.api.get("/public");
  } catch (error) {
    throw new StorageError({ code: StorageErrorCode.BundlerUnreachable, message: `bundler ${bundlerUrl} is unreachable: ${(error as Error).message}`, cause: error });
  }
  if (res.status !== 200 || typeof res.data !== "string" || res.data.length < 16)
    throw new StorageError({ code: StorageErrorCode.BundlerUnreachable, message: `bundler ${bundlerUrl} did not return its public key (status ${res.status})` });
  return res.data;
}
