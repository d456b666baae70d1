/**
 * CLIP text and vision towers: batched text/image embeddings (L2-normalised) and the CLIP score,
 * scoreScale (100) × cosine(text, image). Also the image embedder for the influence index.
 */
import { type Raster, assertRaster } from "../image/raster.js";
import { cosine, l2Normalize } from "./embedding-math.js";
import { InferenceError, InferenceErrorCode } from "./errors.js";
import type { ExecutionConfigInput } from "./execution-providers.js";
import type { ClipConfig } from "./manifest.js";
import { type ModelDir, type ModelIdentity, loadModelDir } from "./model-dir.js";
import { openCheckedSessionHost } from "./session-io.js";
import { type InferenceLogger, type SessionHost, silentLogger } from "./sessions.js";
import { numericInput, requireSpec, toFloat32 } from "./tensors.js";
import { type Tokenizer, loadTokenizer } from "./tokenizer.js";

export interface ClipScorer {
  readonly model: ModelIdentity;
  readonly config: ClipConfig;
  readonly tokenizer: Tokenizer;
  readonly host: SessionHost;
  embedTexts(args: { texts: readonly string[] }): Promise<Float32Array[]>;
  embedImages(args: { images: readonly Raster[] }): Promise<Float32Array[]>;
  /** One score per (text, image) pair, computed in batches. */
  scoreBatch(args: { pairs: readonly { text: string; image: Raster }[] }): Promise<number[]>;
  score(args: { text: string; image: Raster }): Promise<number>;
  close(): Promise<void>;
}

export async function createClipScorer({
  modelDir,
  execution,
  logger = silentLogger,
  maxBatch = 32,
  trustedPublicKeys,
}: {
  modelDir: ModelDir | string;
  execution?: ExecutionConfigInput;
  logger?: InferenceLogger;
  maxBatch?: number;
  trustedPublicKeys?: readonly string[];
}): Promise<ClipScorer> {
  const dir = typeof modelDir === "string" ? await loadModelDir({ dir: modelDir, ...(trustedPublicKeys ? { trustedPublicKeys } : {}) }) : modelDir;
  const { manifest } = dir;
  if (manifest.kind !== "clip" || !manifest.clip) throw new InferenceError({ code: InferenceErrorCode.ManifestInvalid, message: `${manifest.modelId} is a ${manifest.kind} model, not clip` });
  const config = manifest.clip;
  const tokenizer = await loadTokenizer({
    vocabPath: dir.path({ key: manifest.tokenizer.vocabFile }),
    mergesPath: dir.path({ key: manifest.tokenizer.mergesFile }),
    config: manifest.tokenizer,
  });
  const host = await openCheckedSessionHost({ dir, manifest, keys: ["text_model", "vision_model"], ...(execution ? { execution } : {}), logger });
  const text = manifest.files.text_model!;
  const vision = manifest.files.vision_model!;
  const idsSpec = requireSpec({ specs: text.inputs, name: "input_ids", model: "text_model" });
  const maskSpec = text.inputs?.find((s) => s.name === "attention_mask");
  const pixelSpec = requireSpec({ specs: vision.inputs, name: "pixel_values", model: "vision_model" });
  const L = manifest.tokenizer.maxLength;
  const S = config.imageSize;
  const pre = { size: S, mean: config.imageMean, std: config.imageStd } as const;

  const chunks = <T>(xs: readonly T[]): T[][] => {
    const out: T[][] = [];
    for (let i = 0; i < xs.length; i += maxBatch) out.push(xs.slice(i, i + maxBatch));
    return out;
  };
  const split = (flat: Float32Array, count: number): Float32Array[] => {
    const d = flat.length / count;
    if (d !== config.embedDim) throw new InferenceError({ code: InferenceErrorCode.ModelIoMismatch, message: `embedding width ${d} differs from manifest embedDim ${config.embedDim}` });
    return Array.from({ length: count }, (_, i) => l2Normalize({ vector: flat.subarray(i * d, (i + 1) * d) }));
  };

  const embedTexts: ClipScorer["embedTexts"] = async ({ texts }) => {
    const out: Float32Array[] = [];
    for (const batch of chunks(texts)) {
      const enc = batch.map((t) => {
        if (typeof t !== "string" || t.trim().length === 0) throw new InferenceError({ code: InferenceErrorCode.InvalidPrompt, message: "CLIP text must be a non-empty string" });
        return tokenizer.encode({ text: t });
      });
      const feeds = {
        input_ids: numericInput({ values: enc.flatMap((e) => e.inputIds), dims: [batch.length, L], spec: idsSpec }),
        ...(maskSpec ? { attention_mask: numericInput({ values: enc.flatMap((e) => e.attentionMask), dims: [batch.length, L], spec: maskSpec }) } : {}),
      };
      const res = await host.run({ key: "text_model", feeds, outputs: ["text_embeds"] });
      out.push(...split(toFloat32({ tensor: res.text_embeds! }), batch.length));
    }
    return out;
  };

  const embedImages: ClipScorer["embedImages"] = async ({ images }) => {
    const out: Float32Array[] = [];
    for (const batch of chunks(images)) {
      batch.forEach((image, i) => {
        try {
          assertRaster({ image });
        } catch (cause) {
          throw new InferenceError({ code: InferenceErrorCode.InvalidImage, message: `image ${i}: ${(cause as Error).message}`, cause });
        }
      });
      if (pixelSpec.dtype !== "float32" && pixelSpec.dtype !== "float16") {
        throw new InferenceError({ code: InferenceErrorCode.ModelIoMismatch, message: `pixel_values must be float32 or float16, manifest says ${pixelSpec.dtype}` });
      }
      // Resize / crop / normalise run in the session worker, not on the event loop.
      const res = await host.run({
        key: "vision_model",
        feeds: {},
        prepare: { kind: "clip-pixels", input: pixelSpec.name, dtype: pixelSpec.dtype, images: batch, config: pre },
        outputs: ["image_embeds"],
      });
      out.push(...split(toFloat32({ tensor: res.image_embeds! }), batch.length));
    }
    return out;
  };

  const scoreBatch: ClipScorer["scoreBatch"] = async ({ pairs }) => {
    const [t, i] = await Promise.all([embedTexts({ texts: pairs.map((p) => p.text) }), embedImages({ images: pairs.map((p) => p.image) })]);
    return t.map((te, k) => config.scoreScale * cosine({ a: te, b: i[k]! }));
  };

  return {
    model: dir.identity,
    config,
    tokenizer,
    host,
    embedTexts,
    embedImages,
    scoreBatch,
    score: async ({ text, image }) => (await scoreBatch({ pairs: [{ text, image }] }))[0]!,
    close: () => host.close(),
  };
}
