/**
 * Model directory manifest (`atelier-model.json`): identity, every file with its sha256, the ONNX
 * input/output signatures, tokenizer and scheduler configuration, and an optional ed25519 signature
 * over the canonical JSON of everything else. The on-chain model id comes from here.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { z } from "zod";

export const MANIFEST_FILE = "atelier-model.json";
export const MANIFEST_SCHEMA = "atelier.model/v1";

export const TensorDtype = { float32: "float32", float16: "float16", int32: "int32", int64: "int64" } as const;
export type TensorDtype = (typeof TensorDtype)[keyof typeof TensorDtype];

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "sha256 must be 64 lowercase hex characters");
const relPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith("/") && !p.split(/[\\/]/).includes(".."), "file paths must be relative and stay inside the model directory");

export const tensorSpecSchema = z.object({
  name: z.string().min(1),
  dtype: z.enum(["float32", "float16", "int32", "int64"]),
  /** Fixed dims are numbers, dynamic dims are symbolic names. */
  shape: z.array(z.union([z.number().int().nonnegative(), z.string().min(1)])),
});
export type TensorSpec = z.infer<typeof tensorSpecSchema>;

export const manifestFileSchema = z.object({
  path: relPath,
  sha256: sha256Hex,
  bytes: z.number().int().nonnegative(),
  /** Present for ONNX graphs. */
  inputs: z.array(tensorSpecSchema).optional(),
  outputs: z.array(tensorSpecSchema).optional(),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const tokenizerSchema = z.object({
  vocabFile: z.string().min(1),
  mergesFile: z.string().min(1),
  maxLength: z.number().int().min(3).max(1024),
  bosToken: z.string().default("<|startoftext|>"),
  eosToken: z.string().default("<|endoftext|>"),
  padToken: z.string(),
  lowercase: z.boolean().default(true),
});

export const schedulerSchema = z.object({
  numTrainTimesteps: z.number().int().positive().default(1000),
  betaStart: z.number().positive().default(0.00085),
  betaEnd: z.number().positive().default(0.012),
  betaSchedule: z.enum(["scaled_linear", "linear"]).default("scaled_linear"),
  predictionType: z.enum(["epsilon", "v_prediction"]).default("epsilon"),
  timestepSpacing: z.enum(["leading", "trailing", "linspace"]).default("trailing"),
  stepsOffset: z.number().int().nonnegative().default(1),
  /** LCM only. */
  originalInferenceSteps: z.number().int().positive().default(50),
});
export type SchedulerConfig = z.infer<typeof schedulerSchema>;

export const textToImageSchema = z.object({
  scheduler: schedulerSchema,
  defaultScheduler: z.enum(["euler", "euler-ancestral", "lcm"]),
  defaultSteps: z.number().int().positive(),
  maxSteps: z.number().int().positive().default(50),
  defaultGuidanceScale: z.number().nonnegative(),
  /** False for guidance-distilled models (SD-Turbo): guidance is then ignored. */
  classifierFreeGuidance: z.boolean(),
  vaeScalingFactor: z.number().positive(),
  vaeScaleFactor: z.number().int().positive().default(8),
  latentChannels: z.number().int().positive().default(4),
  sizes: z.object({
    min: z.number().int().positive(),
    max: z.number().int().positive(),
    multipleOf: z.number().int().positive(),
    default: z.number().int().positive(),
  }),
});
export type TextToImageConfig = z.infer<typeof textToImageSchema>;

export const clipSchema = z.object({
  imageSize: z.number().int().positive(),
  imageMean: z.tuple([z.number(), z.number(), z.number()]),
  imageStd: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  embedDim: z.number().int().positive(),
  /** Score = scale × cosine (100 for the usual CLIP score). */
  scoreScale: z.number().positive().default(100),
});
export type ClipConfig = z.infer<typeof clipSchema>;

export const signatureSchema = z.object({
  alg: z.literal("ed25519"),
  /** Raw 32-byte public key, hex. */
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  /** Signature over canonicalManifestBytes(manifest without `signature`), hex. */
  value: z.string().regex(/^[0-9a-f]{128}$/),
});

export const manifestSchema = z
  .object({
    schema: z.literal(MANIFEST_SCHEMA),
    /** Recorded on chain, e.g. "stabilityai/sd-turbo". */
    modelId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, "modelId: 1-64 chars of [A-Za-z0-9._/-]"),
    version: z.string().min(1).max(32),
    kind: z.enum(["text-to-image", "clip"]),
    source: z.string().optional(),
    license: z.string().optional(),
    files: z.record(z.string(), manifestFileSchema),
    tokenizer: tokenizerSchema,
    textToImage: textToImageSchema.optional(),
    clip: clipSchema.optional(),
    signature: signatureSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const required = m.kind === "text-to-image" ? ["text_encoder", "unet", "vae_decoder"] : ["text_model", "vision_model"];
    for (const key of [...required, m.tokenizer.vocabFile, m.tokenizer.mergesFile]) {
      if (!m.files[key]) ctx.addIssue({ code: "custom", message: `files.${key} is required for kind ${m.kind}`, path: ["files", key] });
    }
    for (const key of required) {
      const f = m.files[key];
      if (f && (!f.inputs || !f.outputs)) ctx.addIssue({ code: "custom", message: `files.${key} needs inputs and outputs`, path: ["files", key] });
    }
    if (m.kind === "text-to-image" && !m.textToImage) ctx.addIssue({ code: "custom", message: "textToImage section required", path: ["textToImage"] });
    if (m.kind === "clip" && !m.clip) ctx.addIssue({ code: "custom", message: "clip section required", path: ["clip"] });
  });
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestInput = z.input<typeof manifestSchema>;

/** JSON with object keys sorted recursively: the bytes that are hashed and signed. */
export function canonicalJson({ value }: { value: unknown }): string {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, walk((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(walk(value));
}

export function canonicalManifestBytes({ manifest }: { manifest: ManifestInput }): Buffer {
  const { signature: _signature, ...unsigned } = manifest;
  return Buffer.from(canonicalJson({ value: unsigned }), "utf8");
}

/** sha256 of the canonical unsigned manifest: pins model id, version and every file hash at once. */
export function manifestDigest({ manifest }: { manifest: ManifestInput }): string {
  return createHash("sha256").update(canonicalManifestBytes({ manifest })).digest("hex");
}

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** Sign a manifest with a raw 32-byte ed25519 seed. Returns a new manifest with `signature`. */
export function signManifest<T extends ManifestInput>({ manifest, secretSeed }: { manifest: T; secretSeed: Uint8Array }): T {
  if (secretSeed.length !== 32) throw new RangeError("ed25519 seed must be 32 bytes");
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, secretSeed]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  const publicKey = Buffer.from(spki.subarray(SPKI_ED25519_PREFIX.length)).toString("hex");
  const value = sign(null, canonicalManifestBytes({ manifest }), key).toString("hex");
  return { ...manifest, signature: { alg: "ed25519", publicKey, value } };
}

/** Verify against the manifest exactly as read from disk (before schema defaults are filled in). */
export function verifyManifestSignature({ manifest }: { manifest: ManifestInput }): boolean {
  if (!manifest.signature) return false;
  const key = createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(manifest.signature.publicKey, "hex")]),
    format: "der",
    type: "spki",
  });
  return verify(null, canonicalManifestBytes({ manifest }), key, Buffer.from(manifest.signature.value, "hex"));
}

