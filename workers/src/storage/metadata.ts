/**
 * The metadata JSON stored next to every Atelier image: Metaplex JSON conventions (name,
 * description, image, attributes, properties.files) plus an `atelier` block whose field names
 * follow the program's `Provenance` account (programs/atelier/src/state/provenance.rs) in
 * camelCase, so a verifier can compare the two field by field.
 */
import { z } from "zod";

export const METADATA_SCHEMA = "atelier.image/v1";

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters (sha256)");
const pubkey = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, "must be a base58 public key");
const u16 = z.number().int().min(0).max(65_535);

/** `GenerationParams` on chain; the u64 seed is a decimal string (JSON numbers lose precision). */
export const generationParamsSchema = z.object({
  seed: z.string().regex(/^\d{1,20}$/, "seed must be a decimal u64").refine((s) => BigInt(s) < 2n ** 64n, "seed must fit in u64"),
  steps: u16,
  width: u16,
  height: u16,
  guidanceX100: u16,
});

/** `InfluenceWeight` on chain: artist registry account and share in basis points. */
export const influenceWeightSchema = z.object({ artist: pubkey, bps: z.number().int().min(1).max(10_000) });

/** The provenance block; names match `Provenance` fields (content_hash → contentHash, ...). */
export const atelierProvenanceSchema = z
  .object({
    schema: z.literal(METADATA_SCHEMA),
    contentHash: hex32,
    promptHash: hex32,
    job: pubkey,
    client: pubkey,
    worker: pubkey,
    modelId: z.string().min(1).max(64),
    params: generationParamsSchema,
    clipScore: u16,
    influences: z.array(influenceWeightSchema).max(16),
    storageId: z.string().min(1).max(64),
    imageUri: z.url(),
  })
  .superRefine((p, ctx) => {
    if (p.influences.length === 0) return;
    const total = p.influences.reduce((sum, w) => sum + w.bps, 0);
    // As on chain: at most the whole; what the weights leave is the unattributed share.
    if (total > 10_000) ctx.addIssue({ code: "custom", path: ["influences"], message: `influence bps must sum to at most 10000, got ${total}` });
    if (new Set(p.influences.map((w) => w.artist)).size !== p.influences.length)
      ctx.addIssue({ code: "custom", path: ["influences"], message: "influence artists must be distinct" });
  });
export type AtelierProvenance = z.infer<typeof atelierProvenanceSchema>;

/** The whole metadata document (Metaplex JSON + `atelier`). */
export const imageMetadataSchema = z.object({
  name: z.string().min(1).max(32),
  description: z.string().max(4_000),
  image: z.url(),
  attributes: z.array(z.object({ trait_type: z.string().min(1), value: z.union([z.string(), z.number()]) })),
  properties: z.object({
    files: z.array(z.object({ uri: z.url(), type: z.string().min(1) })).min(1),
    category: z.literal("image"),
  }),
  atelier: atelierProvenanceSchema,
});
export type ImageMetadata = z.infer<typeof imageMetadataSchema>;

/** Builds and validates the metadata document for one image (throws a ZodError on bad input). */
export function buildImageMetadata({
  provenance,
  imageContentType,
  prompt,
}: {
  provenance: Omit<AtelierProvenance, "schema">;
  imageContentType: string;
  /** The prompt text when the client's prompt is public; omitted otherwise (the hash is always there). */
  prompt?: string;
}): ImageMetadata {
  const p = { schema: METADATA_SCHEMA, ...provenance } as const;
  return imageMetadataSchema.parse({
    name: `Atelier ${p.contentHash.slice(0, 8)}`,
    description: prompt ?? `Atelier image for prompt ${p.promptHash}`,
    image: p.imageUri,
    attributes: [
      { trait_type: "Model", value: p.modelId },
      { trait_type: "CLIP score", value: p.clipScore },
      { trait_type: "Seed", value: p.params.seed },
      { trait_type: "Steps", value: p.params.steps },
      { trait_type: "Size", value: `${p.params.width}x${p.params.height}` },
    ],
    properties: { files: [{ uri: p.imageUri, type: imageContentType }], category: "image" },
    atelier: p,
  });
}
