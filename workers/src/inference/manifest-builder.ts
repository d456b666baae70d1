/**
 * Build a manifest for an exported model directory: hash every file, read each ONNX graph's real
 * input/output names, dtypes and shapes through onnxruntime, and fill tokenizer / scheduler / CLIP
 * settings from a preset. Used by scripts/write-manifest.ts for real SD-Turbo and CLIP exports.
 */
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import * as ort from "onnxruntime-node";
import { InferenceError, InferenceErrorCode } from "./errors.js";
import { MANIFEST_FILE, MANIFEST_SCHEMA, type ManifestInput, type TensorSpec, manifestSchema } from "./manifest.js";
import { sha256File } from "./model-dir.js";

const sdBase = (padToken: string) =>
  ({
    kind: "text-to-image",
    tokenizer: { vocabFile: "tokenizer_vocab", mergesFile: "tokenizer_merges", maxLength: 77, bosToken: "<|startoftext|>", eosToken: "<|endoftext|>", padToken, lowercase: true },
  }) as const;

export const MANIFEST_PRESETS: Record<string, Pick<ManifestInput, "kind" | "tokenizer" | "textToImage" | "clip">> = {
  "sd-turbo": {
    ...sdBase("!"),
    textToImage: {
      scheduler: { numTrainTimesteps: 1000, betaStart: 0.00085, betaEnd: 0.012, betaSchedule: "scaled_linear", predictionType: "epsilon", timestepSpacing: "trailing", stepsOffset: 1 },
      defaultScheduler: "euler-ancestral",
      defaultSteps: 1,
      maxSteps: 4,
      defaultGuidanceScale: 0,
      classifierFreeGuidance: false,
      vaeScalingFactor: 0.18215,
      vaeScaleFactor: 8,
      latentChannels: 4,
      sizes: { min: 256, max: 768, multipleOf: 64, default: 512 },
    },
  },
  "sd-1.5": {
    ...sdBase("<|endoftext|>"),
    textToImage: {
      scheduler: { numTrainTimesteps: 1000, betaStart: 0.00085, betaEnd: 0.012, betaSchedule: "scaled_linear", predictionType: "epsilon", timestepSpacing: "leading", stepsOffset: 1 },
      defaultScheduler: "euler-ancestral",
      defaultSteps: 25,
      maxSteps: 50,
      defaultGuidanceScale: 7.5,
      classifierFreeGuidance: true,
      vaeScalingFactor: 0.18215,
      vaeScaleFactor: 8,
      latentChannels: 4,
      sizes: { min: 256, max: 768, multipleOf: 64, default: 512 },
    },
  },
  "clip-vit-b-32": {
    kind: "clip",
    tokenizer: { vocabFile: "tokenizer_vocab", mergesFile: "tokenizer_merges", maxLength: 77, bosToken: "<|startoftext|>", eosToken: "<|endoftext|>", padToken: "<|endoftext|>", lowercase: true },
    clip: { imageSize: 224, imageMean: [0.48145466, 0.4578275, 0.40821073], imageStd: [0.26862954, 0.26130258, 0.27577711], embedDim: 512, scoreScale: 100 },
  },
};
async function walk(d: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && e.name !== MANIFEST_FILE) out.push(p);
  }
  return out.sort();
}

function dtypeOf(t: string, where: string): TensorSpec["dtype"] {
  if (t === "float32" || t === "float16" || t === "int32" || t === "int64") return t;
  throw new InferenceError({ code: InferenceErrorCode.ManifestInvalid, message: `${where}: unsupported tensor type ${t}` });
}

/**
 * File keys: an ONNX graph in a sub-directory is keyed by the directory (`unet/model.onnx` → `unet`),
 * a top-level graph by its stem (`vision_model.onnx` → `vision_model`), `vocab.json` / `merges.txt` as
 * the tokenizer files, anything else (external weights, configs) by its relative path.
 */
export async function buildManifest({
  dir,
  preset,
  modelId,
  version,
  source,
  license,
  onFile,
}: {
  dir: string;
  preset: string;
  modelId: string;
  version: string;
  source?: string;
  license?: string;
  onFile?: (args: { path: string; key: string }) => void;
}): Promise<ManifestInput> {
  const settings = MANIFEST_PRESETS[preset];
  if (!settings) throw new InferenceError({ code: InferenceErrorCode.ManifestInvalid, message: `unknown preset ${preset} (known: ${Object.keys(MANIFEST_PRESETS).join(", ")})` });
  const files: ManifestInput["files"] = {};
  for (const abs of await walk(dir)) {
    const rel = relative(dir, abs).split("\\").join("/");
    let key = rel;
    let io: { inputs: TensorSpec[]; outputs: TensorSpec[] } | undefined;
    if (rel.endsWith(".onnx")) {
      key = rel.includes("/") ? basename(dirname(rel)) : basename(rel, ".onnx");
      const session = await ort.InferenceSession.create(abs);
      const spec = (m: readonly ort.InferenceSession.ValueMetadata[]): TensorSpec[] =>
        m.map((v) => {
          if (!v.isTensor) throw new InferenceError({ code: InferenceErrorCode.ManifestInvalid, message: `${rel}: non-tensor input/output ${v.name}` });
          return { name: v.name, dtype: dtypeOf(v.type, rel), shape: v.shape.map((d) => (typeof d === "number" && d >= 0 ? d : String(d))) };
        });
      io = { inputs: spec(session.inputMetadata), outputs: spec(session.outputMetadata) };
      await session.release();
    } else if (rel.endsWith("vocab.json")) key = "tokenizer_vocab";
    else if (rel.endsWith("merges.txt")) key = "tokenizer_merges";
    if (files[key]) throw new InferenceError({ code: InferenceErrorCode.ManifestInvalid, message: `two files map to key ${key}: ${files[key]!.path} and ${rel}` });
    files[key] = { path: rel, sha256: await sha256File({ path: abs }), bytes: (await stat(abs)).size, ...io };
    onFile?.({ path: rel, key });
  }
  const manifest: ManifestInput = {
    schema: MANIFEST_SCHEMA,
    modelId,
    version,
    ...(source ? { source } : {}),
    ...(license ? { license } : {}),
    files,
    ...settings,
  };
  const parsed = manifestSchema.safeParse(manifest);
  if (!parsed.success) {
    throw new InferenceError({ code: InferenceErrorCode.ManifestInvalid, message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
  }
  return manifest;
}
