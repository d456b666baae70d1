/**
 * Finds an item this worker already uploaded for a job, by its signed tags, through the bundler's
 * GraphQL (Irys serves the same query; the stand-in serves a subset). Recovery path for a worker
 * that lost the ids it persisted: ask before uploading again.
 */
import { z } from "zod";
import { StorageError, StorageErrorCode } from "./errors.js";
import type { IrysUploader } from "./irys-uploader.js";
import { receiptData, type UploadReceipt } from "./receipt.js";
import { AtelierTag, type ItemKind } from "./tags.js";

const responseSchema = z.object({
  data: z.object({
    transactions: z.object({
      edges: z.array(
        z.object({
          node: z.object({
            id: z.string(),
            receipt: z.object({ signature: z.string(), timestamp: z.number(), version: z.literal("1.0.0"), deadlineHeight: z.number() }).nullable().optional(),
          }),
        }),
      ),
    }),
  }),
});

/** A previous upload found by tags. */
export interface FoundUpload {
  id: string;
  /** Present when the bundler reports it (Irys and the stand-in do). */
  receipt?: UploadReceipt;
}

/** The newest item by `owner` tagged with this job, content hash and kind, if any. */
export async function findUpload({
  irys,
  owner,
  job,
  contentHash,
  kind,
  bundlerPublicKey,
}: {
  irys: IrysUploader;
  owner: string;
  job: string;
  contentHash: string;
  kind: ItemKind;
  bundlerPublicKey: string;
}): Promise<FoundUpload | undefined> {
  const tag = (name: string, value: string) => `{ name: ${JSON.stringify(name)}, values: [${JSON.stringify(value)}] }`;
  const query = `query { transactions(owners: [${JSON.stringify(owner)}], tags: [${[
    tag(AtelierTag.Job, job),
    tag(AtelierTag.ContentHash, contentHash),
    tag(AtelierTag.Kind, kind),
  ].join(", ")}], first: 1) { edges { node { id receipt { signature timestamp version deadlineHeight } } } } }`;
  const res = await irys.api.post("/graphql", { query }, { headers: { "content-type": "application/json" } });
  if (res.status !== 200) throw new StorageError({ code: StorageErrorCode.BundlerUnreachable, message: `bundler GraphQL answered ${res.status}` });
  const parsed = responseSchema.safeParse(res.data);
  if (!parsed.success) throw new StorageError({ code: StorageErrorCode.BundlerUnreachable, message: "bundler GraphQL answered in an unexpected shape" });
  const node = parsed.data.data.transactions.edges[0]?.node;
  if (!node) return undefined;
  if (!node.receipt) return { id: node.id };
  return { id: node.id, receipt: receiptData({ id: node.id, public: bundlerPublicKey, ...node.receipt }) };
}
