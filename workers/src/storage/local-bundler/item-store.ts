/**
 * LOCAL BUNDLER STAND-IN: verified data items on disk (`<dir>/items/<id>.item` holds the signed
 * ANS-104 bytes, `<id>.json` what the gateway and GraphQL report), indexed in memory at start.
 * Arweave would keep them forever; the stand-in keeps them as long as the directory lives.
 */
import { mkdir, open, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { UploadReceiptBody } from "./receipt-signer.js";

const tagSchema = z.object({ name: z.string(), value: z.string() });

/** What the stand-in records about one stored item. */
export const storedItemSchema = z.object({
  id: z.string(),
  /** Solana address (base58) of the signing key: the data item's owner. */
  address: z.string(),
  /** The owner public key as in the item (base64url). */
  owner: z.string(),
  signatureType: z.number().int(),
  anchor: z.string(),
  tags: z.array(tagSchema),
  /** Bytes of the whole signed data item (what was priced). */
  size: z.number().int(),
  /** Offset of the payload inside the item. */
  dataStart: z.number().int(),
  /** Payload bytes. */
  dataSize: z.number().int(),
  /** Lamports debited for it. */
  pricePaid: z.string(),
  receipt: z.object({
    id: z.string(),
    public: z.string(),
    signature: z.string(),
    deadlineHeight: z.number(),
    timestamp: z.number(),
    version: z.literal("1.0.0"),
    validatorSignatures: z.array(z.object({ address: z.string(), signature: z.string() })),
  }),
});
export type StoredItem = z.infer<typeof storedItemSchema>;
export type { UploadReceiptBody };

/** A filter in the GraphQL subset: all given conditions must hold. */
export interface ItemQuery {
  ids?: readonly string[];
  owners?: readonly string[];
  tags?: readonly { name: string; values: readonly string[] }[];
  first?: number;
}

/** Disk-backed item store with an in-memory index. */
export class ItemStore {
  private readonly items = new Map<string, StoredItem>();
  private readonly reserved = new Set<string>();

  private constructor(private readonly dir: string) {}

  /** Opens (creating) `<dataDir>/items` and indexes what is there. */
  static async open({ dataDir }: { dataDir: string }): Promise<ItemStore> {
    const dir = join(dataDir, "items");
    await mkdir(dir, { recursive: true });
    const store = new ItemStore(dir);
    for (const name of await readdir(dir)) {
      if (!name.endsWith(".json")) continue;
      const meta = storedItemSchema.parse(JSON.parse(await readFile(join(dir, name), "utf8")));
      store.items.set(meta.id, meta);
    }
    return store;
  }

  /** Number of stored items. */
  get size(): number {
    return this.items.size;
  }

  /** True when `id` is stored or being stored right now. */
  has(id: string): boolean {
    return this.items.has(id) || this.reserved.has(id);
  }

  /** Claims `id` for an upload in progress; false if it is stored or already claimed. */
  reserve(id: string): boolean {
    if (this.has(id)) return false;
    this.reserved.add(id);
    return true;
  }

  /** Releases a claim whose upload failed. */
  release(id: string): void {
    this.reserved.delete(id);
  }

  /** Stores a verified item (raw bytes first, then its record; both atomically renamed into place). */
  async put({ raw, meta }: { raw: Buffer; meta: StoredItem }): Promise<void> {
    const base = join(this.dir, meta.id);
    await writeFile(`${base}.item.tmp`, raw);
    await rename(`${base}.item.tmp`, `${base}.item`);
    await writeFile(`${base}.json.tmp`, JSON.stringify(meta));
    await rename(`${base}.json.tmp`, `${base}.json`);
    this.items.set(meta.id, meta);
    this.reserved.delete(meta.id);
  }

  /** The record of `id`, if stored. */
  get(id: string): StoredItem | undefined {
    return this.items.get(id);
  }

  /** The signed ANS-104 bytes of `id`. */
  async readRaw(id: string): Promise<Buffer> {
    return readFile(join(this.dir, `${id}.item`));
  }

  /** The payload bytes of `id`. */
  async readData(meta: StoredItem): Promise<Buffer> {
    const file = await open(join(this.dir, `${meta.id}.item`), "r");
    try {
      const data = Buffer.alloc(meta.dataSize);
      await file.read(data, 0, meta.dataSize, meta.dataStart);
      return data;
    } finally {
      await file.close();
    }
  }

  /** Items matching `query`, newest first. */
  query(query: ItemQuery): StoredItem[] {
    const candidates = query.ids ? query.ids.map((id) => this.items.get(id)).filter((m) => m !== undefined) : [...this.items.values()];
    const matches = candidates.filter(
      (m) =>
        (!query.owners || query.owners.includes(m.address)) &&
        (query.tags ?? []).every((t) => m.tags.some((mt) => mt.name === t.name && t.values.includes(mt.value))),
    );
    matches.sort((a, b) => b.receipt.timestamp - a.receipt.timestamp);
    return matches.slice(0, query.first ?? 100);
  }
}
