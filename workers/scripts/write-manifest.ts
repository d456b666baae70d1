/**
 * Write atelier-model.json for an exported model directory (real SD-Turbo / CLIP or any compatible
 * export): hashes every file, reads each ONNX graph's input/output names, dtypes and shapes through
 * onnxruntime, fills tokenizer/scheduler/CLIP settings from a preset, optionally signs (ed25519).
 *
 *   tsx workers/scripts/write-manifest.ts --dir /models/sd-turbo --preset sd-turbo --model-id stabilityai/sd-turbo --version 1.0
 *   tsx workers/scripts/write-manifest.ts --dir /models/clip-vit-b-32 --preset clip-vit-b-32 --model-id openai/clip-vit-base-patch32 --version 1.0
 *   ATELIER_MODEL_SIGNING_SEED=<64 hex> ... adds a signature.
 */
import { readdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import * as ort from "onnxruntime-node";
import { MANIFEST_FILE, MANIFEST_SCHEMA, type ManifestInput, type TensorSpec, manifestSchema, signManifest } from "../src/inference/manifest.js";
import { sha256File } from "../src/inference/model-dir.js";

const { values } = parseArgs({
  options: {
    dir: { type: "string" },
    preset: { type: "string" },
    "model-id": { type: "string" },
    version: { type: "string", default: "1.0.0" },
    source: { type: "string" },
    license: { type: "string" },
  },
});
if (!values.dir || !values.preset || !values["model-id"]) {
  console.error("usage: write-manifest --dir <model dir> --preset sd-turbo|sd-1.5|clip-vit-b-32 --model-id <id> [--version v] [--source url] [--license id]");
  process.exit(2);
}
const dir = values.dir;

const sdBase = (padToken: string) =>
  ({
    kind: "text-to-image",
    tokenizer: { vocabFile: "tokenizer_vocab", mergesFile: "tokenizer_merges", maxLength: 77, bosToken: "<|startoftext|>", eosToken: "<|endoftext|>", padToken, lowercase: true },
  }) as const;

const presets: Record<string, Pick<ManifestInput, "kind" | "tokenizer" | "textToImage" | "clip">> = {
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
const preset = presets[values.preset];
if (!preset) throw new Error(`unknown preset ${values.preset}`);

async function walk(d: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && e.name !== MANIFEST_FILE) out.push(p);
  }
  return out.sort();
}

const dtypeOf = (t: string): TensorSpec["dtype"] => {
  if (t === "float32" || t === "float16" || t === "int32" || t === "int64") return t;
  throw new Error(`unsupported tensor type ${t}`);
};

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
        if (!v.isTensor) throw new Error(`${rel}: non-tensor input/output ${v.name}`);
        return { name: v.name, dtype: dtypeOf(v.type), shape: v.shape.map((d) => (typeof d === "number" && d >= 0 ? d : String(d))) };
      });
    io = { inputs: spec(session.inputMetadata), outputs: spec(session.outputMetadata) };
    await session.release();
  } else if (rel.endsWith("vocab.json")) key = "tokenizer_vocab";
  else if (rel.endsWith("merges.txt")) key = "tokenizer_merges";
  files[key] = { path: rel, sha256: await sha256File({ path: abs }), bytes: (await stat(abs)).size, ...io };
  console.error(`hashed ${rel} -> ${key}`);
}

let manifest: ManifestInput = {
  schema: MANIFEST_SCHEMA,
  modelId: values["model-id"],
  version: values.version,
  ...(values.source ? { source: values.source } : {}),
  ...(values.license ? { license: values.license } : {}),
  files,
  ...preset,
};
manifestSchema.parse(manifest); // fail before writing
const seed = process.env.ATELIER_MODEL_SIGNING_SEED;
if (seed) manifest = signManifest({ manifest, secretSeed: Buffer.from(seed, "hex") });
await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${join(dir, MANIFEST_FILE)}${seed ? " (signed)" : ""}`);
