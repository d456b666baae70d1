/**
 * Tiny deterministic ONNX models with the production Stable Diffusion and CLIP input/output
 * signatures (names, dtypes, ranks, dynamic dims), plus a CLIP-layout tokenizer and signed manifests.
 * Used by tests, benchmarks and the embedded-default demo; real models load through the same code.
 *
 * Toy maths (documented so tests can reason about it):
 *  - text_encoder: tanh((E[ids] + P) W + b)
 *  - unet: tanh(conv3x3(sample) + mean_seq(ehs) Wc + t/1000 · wt) — uses sample, timestep and text
 *  - vae_decoder: tanh(conv3x3(resize×8(conv1x1(latents))))
 *  - clip text_model: text_embeds = Σ_i mask_i · E[ids_i] (bag of tokens; specials are zero vectors)
 *  - clip vision_model: image_embeds = 4×4 average-pooled normalised pixels, flattened (3·4·4 = 48)
 *    so an image whose 56×56 blocks hold a text embedding's values scores ≈100 against that text.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { MANIFEST_FILE, MANIFEST_SCHEMA, type ManifestInput, type TensorSpec, signManifest } from "../manifest.js";
import { createRng } from "../noise.js";
import {
  type GraphDef,
  type NodeDef,
  type TensorInit,
  type ValueInfo,
  encodeModel,
  floatTensor,
  int64Tensor,
} from "./onnx-writer.js";
import { buildTinyVocab } from "./tiny-vocab.js";

export const TINY = {
  seqLen: 77,
  textHidden: 32,
  latentChannels: 4,
  clipDim: 48,
  clipImageSize: 224,
  clipGrid: 4,
  vaeScalingFactor: 0.18215,
} as const;

export const CLIP_IMAGE_MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
export const CLIP_IMAGE_STD = [0.26862954, 0.26130258, 0.27577711] as const;

/** Public dev key of the tiny models' manifest signer (seed is sha256 of a fixed string: test-only). */
export const TINY_SIGNING_SEED = createHash("sha256").update("atelier tiny model dev signing key v1").digest();

const FLOAT = 1;
const FLOAT16 = 10;

function randn({ seed, n, scale }: { seed: string; n: number; scale: number }): Float32Array {
  const rng = createRng({ seed: BigInt(`0x${createHash("sha256").update(seed).digest("hex").slice(0, 16)}`) });
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.nextGaussian() * scale;
  return out;
}

type Dtype = TensorSpec["dtype"];
const onnxType = { float32: "float", float16: "float16", int32: "int32", int64: "int64" } as const;
const vi = ({ name, dtype, shape }: TensorSpec): ValueInfo => ({ name, dataType: onnxType[dtype], shape });

interface Graph {
  name: string;
  nodes: NodeDef[];
  inits: TensorInit[];
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** Re-declare float32 graph inputs/outputs as float16, casting at the edges (compute stays fp32 on CPU). */
function withFp16Io(g: Graph): Graph {
  const rename = new Map<string, string>();
  const pre: NodeDef[] = [];
  const inputs = g.inputs.map((s) => {
    if (s.dtype !== "float32") return s;
    rename.set(s.name, `${s.name}__f32`);
    pre.push({ op: "Cast", inputs: [s.name], outputs: [`${s.name}__f32`], attrs: { to: FLOAT } });
    return { ...s, dtype: "float16" as const };
  });
  const outRename = new Map<string, string>();
  const post: NodeDef[] = [];
  const outputs = g.outputs.map((s) => {
    if (s.dtype !== "float32") return s;
    outRename.set(s.name, `${s.name}__f32`);
    post.push({ op: "Cast", inputs: [`${s.name}__f32`], outputs: [s.name], attrs: { to: FLOAT16 } });
    return { ...s, dtype: "float16" as const };
  });
  const nodes = g.nodes.map((n) => ({
    ...n,
    inputs: n.inputs.map((x) => rename.get(x) ?? x),
    outputs: n.outputs.map((y) => outRename.get(y) ?? y),
  }));
  return { ...g, nodes: [...pre, ...nodes, ...post], inputs, outputs };
}

function toBytes(g: Graph): Uint8Array {
  const graph: GraphDef = { name: g.name, nodes: g.nodes, initializers: g.inits, inputs: g.inputs.map(vi), outputs: g.outputs.map(vi) };
  return encodeModel({ model: { graph, opset: 17, docString: `atelier tiny ${g.name} (test model, not a real diffusion model)` } });
}

function textEncoder({ vocabSize }: { vocabSize: number }): Graph {
  const { seqLen: S, textHidden: H } = TINY;
  return {
    name: "text_encoder",
    inputs: [{ name: "input_ids", dtype: "int32", shape: ["batch", S] }],
    outputs: [{ name: "last_hidden_state", dtype: "float32", shape: ["batch", S, H] }],
    inits: [
      floatTensor({ name: "tok_emb", dims: [vocabSize, H], data: randn({ seed: "te.tok", n: vocabSize * H, scale: 0.5 }) }),
      floatTensor({ name: "pos_emb", dims: [S, H], data: randn({ seed: "te.pos", n: S * H, scale: 0.1 }) }),
      floatTensor({ name: "w", dims: [H, H], data: randn({ seed: "te.w", n: H * H, scale: 1 / Math.sqrt(H) }) }),
      floatTensor({ name: "b", dims: [H], data: randn({ seed: "te.b", n: H, scale: 0.05 }) }),
    ],
    nodes: [
      { op: "Gather", inputs: ["tok_emb", "input_ids"], outputs: ["e"], attrs: { axis: 0 } },
      { op: "Add", inputs: ["e", "pos_emb"], outputs: ["x"] },
      { op: "MatMul", inputs: ["x", "w"], outputs: ["y"] },
      { op: "Add", inputs: ["y", "b"], outputs: ["z"] },
      { op: "Tanh", inputs: ["z"], outputs: ["last_hidden_state"] },
    ],
  };
}

function unet({ timestepDtype }: { timestepDtype: Dtype }): Graph {
  const { latentChannels: C, seqLen: S, textHidden: H } = TINY;
  const nodes: NodeDef[] = [];
  let t = "timestep";
  if (timestepDtype !== "float32") {
    nodes.push({ op: "Cast", inputs: ["timestep"], outputs: ["t_f"], attrs: { to: FLOAT } });
    t = "t_f";
  }
  nodes.push(
    { op: "Mul", inputs: [t, "t_scale"], outputs: ["t_n"] },
    { op: "Reshape", inputs: ["t_n", "shape_n1111"], outputs: ["t_4"] },
    { op: "Mul", inputs: ["t_4", "t_w"], outputs: ["t_term"] },
    { op: "ReduceMean", inputs: ["encoder_hidden_states"], outputs: ["ctx"], attrs: { axes: [1], keepdims: 0 } },
    { op: "MatMul", inputs: ["ctx", "ctx_w"], outputs: ["ctx_c"] },
    { op: "Reshape", inputs: ["ctx_c", "shape_n411"], outputs: ["ctx_4"] },
    { op: "Conv", inputs: ["sample", "conv_w", "conv_b"], outputs: ["h"], attrs: { pads: [1, 1, 1, 1], kernel_shape: [3, 3] } },
    { op: "Add", inputs: ["h", "ctx_4"], outputs: ["h2"] },
    { op: "Add", inputs: ["h2", "t_term"], outputs: ["h3"] },
    { op: "Tanh", inputs: ["h3"], outputs: ["out_sample"] },
  );
  return {
    name: "unet",
    inputs: [
      { name: "sample", dtype: "float32", shape: ["batch", C, "height", "width"] },
      { name: "timestep", dtype: timestepDtype, shape: ["steps"] },
      { name: "encoder_hidden_states", dtype: "float32", shape: ["batch", S, H] },
    ],
    outputs: [{ name: "out_sample", dtype: "float32", shape: ["batch", C, "height", "width"] }],
    inits: [
      floatTensor({ name: "t_scale", dims: [1], data: [0.001] }),
      int64Tensor({ name: "shape_n1111", dims: [4], data: [-1, 1, 1, 1] }),
      int64Tensor({ name: "shape_n411", dims: [4], data: [-1, C, 1, 1] }),
      floatTensor({ name: "t_w", dims: [1, C, 1, 1], data: randn({ seed: "unet.tw", n: C, scale: 0.5 }) }),
      floatTensor({ name: "ctx_w", dims: [H, C], data: randn({ seed: "unet.ctx", n: H * C, scale: 1 / Math.sqrt(H) }) }),
      floatTensor({ name: "conv_w", dims: [C, C, 3, 3], data: randn({ seed: "unet.conv", n: C * C * 9, scale: 0.15 }) }),
      floatTensor({ name: "conv_b", dims: [C], data: randn({ seed: "unet.convb", n: C, scale: 0.05 }) }),
    ],
    nodes,
  };
}

function vaeDecoder(): Graph {
  const C = TINY.latentChannels;
  const smooth = new Float32Array(3 * 3 * 9);
  const jitter = randn({ seed: "vae.smooth", n: 3 * 3 * 9, scale: 0.02 });
  for (let o = 0; o < 3; o++) for (let i = 0; i < 3; i++) for (let k = 0; k < 9; k++) smooth[(o * 3 + i) * 9 + k] = (o === i ? 1 / 9 : 0) + jitter[(o * 3 + i) * 9 + k]!;
  return {
    name: "vae_decoder",
    inputs: [{ name: "latent_sample", dtype: "float32", shape: ["batch", C, "latent_height", "latent_width"] }],
    outputs: [{ name: "sample", dtype: "float32", shape: ["batch", 3, "height", "width"] }],
    inits: [
      floatTensor({ name: "mix_w", dims: [3, C, 1, 1], data: randn({ seed: "vae.mix", n: 3 * C, scale: 0.08 }) }),
      floatTensor({ name: "mix_b", dims: [3], data: randn({ seed: "vae.mixb", n: 3, scale: 0.2 }) }),
      floatTensor({ name: "scales", dims: [4], data: [1, 1, 8, 8] }),
      floatTensor({ name: "smooth_w", dims: [3, 3, 3, 3], data: smooth }),
    ],
    nodes: [
      { op: "Conv", inputs: ["latent_sample", "mix_w", "mix_b"], outputs: ["mixed"], attrs: { kernel_shape: [1, 1] } },
      { op: "Resize", inputs: ["mixed", "", "scales"], outputs: ["up"], attrs: { mode: "linear" } },
      { op: "Conv", inputs: ["up", "smooth_w"], outputs: ["smoothed"], attrs: { pads: [1, 1, 1, 1], kernel_shape: [3, 3] } },
      { op: "Tanh", inputs: ["smoothed"], outputs: ["sample"] },
    ],
  };
}

function clipText({ vocabSize, specialIds }: { vocabSize: number; specialIds: readonly number[] }): Graph {
  const D = TINY.clipDim;
  const emb = randn({ seed: "clip.tok", n: vocabSize * D, scale: 1 });
  for (const id of specialIds) emb.fill(0, id * D, (id + 1) * D);
  return {
    name: "clip_text_model",
    inputs: [
      { name: "input_ids", dtype: "int64", shape: ["batch", "sequence"] },
      { name: "attention_mask", dtype: "int64", shape: ["batch", "sequence"] },
    ],
    outputs: [
      { name: "text_embeds", dtype: "float32", shape: ["batch", D] },
      { name: "last_hidden_state", dtype: "float32", shape: ["batch", "sequence", D] },
    ],
    inits: [
      floatTensor({ name: "tok_emb", dims: [vocabSize, D], data: emb }),
      int64Tensor({ name: "axis2", dims: [1], data: [2] }),
      int64Tensor({ name: "axis1", dims: [1], data: [1] }),
    ],
    nodes: [
      { op: "Gather", inputs: ["tok_emb", "input_ids"], outputs: ["e"], attrs: { axis: 0 } },
      { op: "Cast", inputs: ["attention_mask"], outputs: ["mask_f"], attrs: { to: FLOAT } },
      { op: "Unsqueeze", inputs: ["mask_f", "axis2"], outputs: ["mask_3"] },
      { op: "Mul", inputs: ["e", "mask_3"], outputs: ["last_hidden_state"] },
      { op: "ReduceSum", inputs: ["last_hidden_state", "axis1"], outputs: ["text_embeds"], attrs: { keepdims: 0 } },
    ],
  };
}

function clipVision(): Graph {
  const { clipImageSize: N, clipGrid: G, clipDim: D } = TINY;
  const k = N / G;
  return {
    name: "clip_vision_model",
    inputs: [{ name: "pixel_values", dtype: "float32", shape: ["batch", 3, N, N] }],
    outputs: [{ name: "image_embeds", dtype: "float32", shape: ["batch", D] }],
    inits: [int64Tensor({ name: "flat", dims: [2], data: [0, D] })],
    nodes: [
      { op: "AveragePool", inputs: ["pixel_values"], outputs: ["pooled"], attrs: { kernel_shape: [k, k], strides: [k, k] } },
      { op: "Reshape", inputs: ["pooled", "flat"], outputs: ["image_embeds"] },
    ],
  };
}

const sha256 = (b: Uint8Array | string): string => createHash("sha256").update(b).digest("hex");

interface OutFile {
  readonly key: string;
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly graph?: Graph;
}

function filesEntry(files: readonly OutFile[]): ManifestInput["files"] {
  return Object.fromEntries(
    files.map((f) => [
      f.key,
      {
        path: f.path,
        sha256: sha256(f.bytes),
        bytes: f.bytes.length,
        ...(f.graph ? { inputs: f.graph.inputs, outputs: f.graph.outputs } : {}),
      },
    ]),
  );
}

async function writeIfChanged({ path, bytes }: { path: string; bytes: Uint8Array }): Promise<boolean> {
  try {
    const existing = await readFile(path);
    if (existing.length === bytes.length && sha256(existing) === sha256(bytes)) return false;
  } catch {
    /* absent: write it */
  }
  await mkdir(dirname(path), { recursive: true });
  // Atomic replace: concurrent test processes may generate the same files at once.
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
  return true;
}

export interface TinyModelDirs {
  readonly sd: string;
  readonly sdFp16: string;
  readonly clip: string;
  /** Files actually (re)written by this call: 0 when everything was up to date. */
  readonly written: number;
}

/** Generate (idempotently) the tiny model directories under `outDir`. */
export async function makeTinyModels({ outDir }: { outDir: string }): Promise<TinyModelDirs> {
  const { vocab, merges } = buildTinyVocab();
  const vocabSize = Math.max(...Object.values(vocab)) + 1;
  const vocabBytes = new TextEncoder().encode(`${JSON.stringify(vocab)}\n`);
  const mergesBytes = new TextEncoder().encode(`#version: 0.2\n${merges.join("\n")}\n`);
  const tokFiles = (): OutFile[] => [
    { key: "tokenizer_vocab", path: "tokenizer/vocab.json", bytes: vocabBytes },
    { key: "tokenizer_merges", path: "tokenizer/merges.txt", bytes: mergesBytes },
  ];
  const specials = [vocab["<|startoftext|>"]!, vocab["<|endoftext|>"]!];

  const sdManifest = ({ files, modelId }: { files: OutFile[]; modelId: string }): ManifestInput => ({
    schema: MANIFEST_SCHEMA,
    modelId,
    version: "1.0.0",
    kind: "text-to-image",
    source: "generated by workers/scripts/make-tiny-models.ts (toy weights, test only)",
    license: "CC0-1.0",
    files: filesEntry(files),
    tokenizer: { vocabFile: "tokenizer_vocab", mergesFile: "tokenizer_merges", maxLength: TINY.seqLen, bosToken: "<|startoftext|>", eosToken: "<|endoftext|>", padToken: "!", lowercase: true },
    textToImage: {
      scheduler: { numTrainTimesteps: 1000, betaStart: 0.00085, betaEnd: 0.012, betaSchedule: "scaled_linear", predictionType: "epsilon", timestepSpacing: "trailing", stepsOffset: 1, originalInferenceSteps: 50 },
      defaultScheduler: "euler-ancestral",
      defaultSteps: 1,
      maxSteps: 50,
      defaultGuidanceScale: 0,
      classifierFreeGuidance: true,
      vaeScalingFactor: TINY.vaeScalingFactor,
      vaeScaleFactor: 8,
      latentChannels: TINY.latentChannels,
      sizes: { min: 64, max: 1024, multipleOf: 64, default: 256 },
    },
  });

  const build = (g: Graph, key: string, path: string): OutFile => ({ key, path, bytes: toBytes(g), graph: g });
  const sdFiles = [
    build(textEncoder({ vocabSize }), "text_encoder", "text_encoder/model.onnx"),
    build(unet({ timestepDtype: "int64" }), "unet", "unet/model.onnx"),
    build(vaeDecoder(), "vae_decoder", "vae_decoder/model.onnx"),
    ...tokFiles(),
  ];
  const sdFp16Files = [
    build(textEncoder({ vocabSize }), "text_encoder", "text_encoder/model.onnx"),
    build(withFp16Io(unet({ timestepDtype: "float32" })), "unet", "unet/model.onnx"),
    build(withFp16Io(vaeDecoder()), "vae_decoder", "vae_decoder/model.onnx"),
    ...tokFiles(),
  ];
  const clipFiles = [
    build(clipText({ vocabSize, specialIds: specials }), "text_model", "text_model.onnx"),
    build(clipVision(), "vision_model", "vision_model.onnx"),
    ...tokFiles(),
  ];
  const clipManifest: ManifestInput = {
    schema: MANIFEST_SCHEMA,
    modelId: "atelier/tiny-clip",
    version: "1.0.0",
    kind: "clip",
    source: "generated by workers/scripts/make-tiny-models.ts (toy weights, test only)",
    license: "CC0-1.0",
    files: filesEntry(clipFiles),
    tokenizer: { vocabFile: "tokenizer_vocab", mergesFile: "tokenizer_merges", maxLength: TINY.seqLen, bosToken: "<|startoftext|>", eosToken: "<|endoftext|>", padToken: "<|endoftext|>", lowercase: true },
    clip: { imageSize: TINY.clipImageSize, imageMean: [...CLIP_IMAGE_MEAN], imageStd: [...CLIP_IMAGE_STD], embedDim: TINY.clipDim, scoreScale: 100 },
  };

  const dirs = { sd: join(outDir, "sd-tiny"), sdFp16: join(outDir, "sd-tiny-fp16"), clip: join(outDir, "clip-tiny") };
  const sets: [string, OutFile[], ManifestInput][] = [
    [dirs.sd, sdFiles, sdManifest({ files: sdFiles, modelId: "atelier/tiny-sd" })],
    [dirs.sdFp16, sdFp16Files, sdManifest({ files: sdFp16Files, modelId: "atelier/tiny-sd-fp16" })],
    [dirs.clip, clipFiles, clipManifest],
  ];
  let written = 0;
  for (const [dir, files, manifest] of sets) {
    for (const f of files) if (await writeIfChanged({ path: join(dir, f.path), bytes: f.bytes })) written++;
    const signed = signManifest({ manifest, secretSeed: TINY_SIGNING_SEED });
    if (await writeIfChanged({ path: join(dir, MANIFEST_FILE), bytes: new TextEncoder().encode(`${JSON.stringify(signed, null, 2)}\n`) })) written++;
  }
  return { ...dirs, written };
}
