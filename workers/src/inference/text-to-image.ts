/**
 * Text-to-image for Stable-Diffusion-family ONNX exports:
 * tokenizer → text encoder → UNet × scheduler steps (with classifier-free guidance when enabled) → VAE
 * decoder → RGB image. Seeded noise makes CPU runs deterministic for the same seed and parameters.
 */
import type { Raster } from "../image/raster.js";
import { InferenceError, InferenceErrorCode } from "./errors.js";
import type { ExecutionConfigInput } from "./execution-providers.js";
import type { TextToImageConfig } from "./manifest.js";
import { type ModelDir, type ModelIdentity, loadModelDir } from "./model-dir.js";
import { type Seed, createRng } from "./noise.js";
import { createScheduler } from "./schedulers/create-scheduler.js";
import type { SchedulerName } from "./schedulers/scheduler.js";
import { type InferenceLogger, type SessionHost, silentLogger } from "./sessions.js";
import { openCheckedSessionHost } from "./session-io.js";
import { floatInput, numericInput, requireSpec, toFloat32 } from "./tensors.js";
import { type Tokenizer, loadTokenizer } from "./tokenizer.js";

export const MAX_PROMPT_CHARS = 2000;
export const MAX_GUIDANCE_SCALE = 30;

export interface GenerateParams {
  readonly prompt: string;
  readonly negativePrompt?: string;
  readonly seed: Seed;
  readonly steps?: number;
  readonly guidanceScale?: number;
  readonly width?: number;
  readonly height?: number;
  readonly scheduler?: SchedulerName;
}

export interface StageTimings {
  tokenizeMs: number;
  textEncoderMs: number;
  unetMs: number;
  vaeMs: number;
  totalMs: number;
}

export interface GeneratedImage {
  readonly image: Raster;
  readonly model: ModelIdentity;
  readonly params: Required<Omit<GenerateParams, "seed">> & { seed: string };
  /** The prompt exceeded the text encoder's token window and was cut (CLIP behaviour). */
  readonly promptTruncated: boolean;
  readonly timings: StageTimings;
}

export interface TextToImagePipeline {
  readonly model: ModelIdentity;
  readonly config: TextToImageConfig;
  readonly host: SessionHost;
  generate(params: GenerateParams): Promise<GeneratedImage>;
  close(): Promise<void>;
}

function bad(code: InferenceErrorCode, message: string): never {
  throw new InferenceError({ code, message });
}

export function resolveParams({ params, config }: { params: GenerateParams; config: TextToImageConfig }): GeneratedImage["params"] {
  if (typeof params.prompt !== "string" || params.prompt.trim().length === 0) bad(InferenceErrorCode.InvalidPrompt, "prompt must be a non-empty string");
  if (params.prompt.length > MAX_PROMPT_CHARS) bad(InferenceErrorCode.PromptTooLong, `prompt is ${params.prompt.length} characters, the limit is ${MAX_PROMPT_CHARS}`);
  const negativePrompt = params.negativePrompt ?? "";
  if (negativePrompt.length > MAX_PROMPT_CHARS) bad(InferenceErrorCode.PromptTooLong, `negative prompt is ${negativePrompt.length} characters, the limit is ${MAX_PROMPT_CHARS}`);
  const { min, max, multipleOf } = config.sizes;
  const width = params.width ?? config.sizes.default;
  const height = params.height ?? config.sizes.default;
  for (const [name, v] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(v) || v < min || v > max || v % multipleOf !== 0) {
      bad(InferenceErrorCode.UnsupportedSize, `${name} ${v} is not supported: use a multiple of ${multipleOf} between ${min} and ${max}`);
    }
  }
  const steps = params.steps ?? config.defaultSteps;
  if (!Number.isInteger(steps) || steps < 1 || steps > config.maxSteps) bad(InferenceErrorCode.InvalidParameter, `steps must be an integer in 1..${config.maxSteps}, got ${steps}`);
  const guidanceScale = params.guidanceScale ?? config.defaultGuidanceScale;
  if (!Number.isFinite(guidanceScale) || guidanceScale < 0 || guidanceScale > MAX_GUIDANCE_SCALE) bad(InferenceErrorCode.InvalidParameter, `guidanceScale must be in 0..${MAX_GUIDANCE_SCALE}, got ${guidanceScale}`);
  const scheduler = params.scheduler ?? config.defaultScheduler;
  if (!["euler", "euler-ancestral", "lcm"].includes(scheduler)) bad(InferenceErrorCode.InvalidParameter, `unknown scheduler ${String(scheduler)}`);
  let seed: string;
  try {
    const s = BigInt(params.seed);
    if (s < 0n || s >= 1n << 64n) throw new RangeError("out of range");
    seed = s.toString();
  } catch {
    bad(InferenceErrorCode.InvalidParameter, `seed must be an integer in [0, 2^64), got ${String(params.seed)}`);
  }
  return { prompt: params.prompt, negativePrompt, seed, steps, guidanceScale, width, height, scheduler };
}

export async function createTextToImagePipeline({
  modelDir,
  execution,
  logger = silentLogger,
  trustedPublicKeys,
}: {
  /** A verified model directory, or a path to verify and load. */
  modelDir: ModelDir | string;
  execution?: ExecutionConfigInput;
  logger?: InferenceLogger;
  trustedPublicKeys?: readonly string[];
}): Promise<TextToImagePipeline> {
  const dir = typeof modelDir === "string" ? await loadModelDir({ dir: modelDir, ...(trustedPublicKeys ? { trustedPublicKeys } : {}) }) : modelDir;
  const { manifest } = dir;
  if (manifest.kind !== "text-to-image" || !manifest.textToImage) bad(InferenceErrorCode.ManifestInvalid, `${manifest.modelId} is a ${manifest.kind} model, not text-to-image`);
  const config = manifest.textToImage;
  const tokenizer: Tokenizer = await loadTokenizer({
    vocabPath: dir.path({ key: manifest.tokenizer.vocabFile }),
    mergesPath: dir.path({ key: manifest.tokenizer.mergesFile }),
    config: manifest.tokenizer,
  });
  const host = await openCheckedSessionHost({ dir, manifest, keys: ["text_encoder", "unet", "vae_decoder"], ...(execution ? { execution } : {}), logger });

  const te = manifest.files.text_encoder!;
  const un = manifest.files.unet!;
  const vae = manifest.files.vae_decoder!;
  const idsSpec = requireSpec({ specs: te.inputs, name: "input_ids", model: "text_encoder" });
  const sampleSpec = requireSpec({ specs: un.inputs, name: "sample", model: "unet" });
  const timestepSpec = requireSpec({ specs: un.inputs, name: "timestep", model: "unet" });
  const ehsSpec = requireSpec({ specs: un.inputs, name: "encoder_hidden_states", model: "unet" });
  const latentSpec = requireSpec({ specs: vae.inputs, name: "latent_sample", model: "vae_decoder" });
  // Prefer the diffusers/optimum output names; otherwise the first declared output.
  const outName = (specs: typeof te.outputs, name: string): string => specs?.find((o) => o.name === name)?.name ?? specs?.[0]?.name ?? name;
  const teOut = outName(te.outputs, "last_hidden_state");
  const unetOut = outName(un.outputs, "out_sample");
  const vaeOut = outName(vae.outputs, "sample");
  // Some exports take a rank-0 timestep, others [1] / [batch]: feed one value in the declared rank.
  const timestepDims = timestepSpec.shape.length === 0 ? [] : [1];

  const generate = async (input: GenerateParams): Promise<GeneratedImage> => {
    const params = resolveParams({ params: input, config });
    const t0 = performance.now();
    const timings: StageTimings = { tokenizeMs: 0, textEncoderMs: 0, unetMs: 0, vaeMs: 0, totalMs: 0 };
    const useCfg = config.classifierFreeGuidance && params.guidanceScale > 1;

    const texts = useCfg ? [params.negativePrompt, params.prompt] : [params.prompt];
    const encoded = texts.map((text) => tokenizer.encode({ text }));
    const L = manifest.tokenizer.maxLength;
    const ids = encoded.flatMap((e) => e.inputIds);
    timings.tokenizeMs = performance.now() - t0;

    let t = performance.now();
    const teResult = await host.run({ key: "text_encoder", feeds: { input_ids: numericInput({ values: ids, dims: [texts.length, L], spec: idsSpec }) }, outputs: [teOut] });
    const hidden = teResult[teOut]!;
    const ehs = floatInput({ data: toFloat32({ tensor: hidden }), dims: hidden.dims, spec: ehsSpec });
    timings.textEncoderMs = performance.now() - t;

    const scheduler = createScheduler({ name: params.scheduler, config: config.scheduler, steps: params.steps });
    const rng = createRng({ seed: BigInt(params.seed) });
    const lh = params.height / config.vaeScaleFactor;
    const lw = params.width / config.vaeScaleFactor;
    const C = config.latentChannels;
    const n = C * lh * lw;
    let latents: Float32Array = new Float32Array(n);
    for (let i = 0; i < n; i++) latents[i] = rng.nextGaussian() * scheduler.initNoiseSigma;

    t = performance.now();
    for (let stepIndex = 0; stepIndex < scheduler.timesteps.length; stepIndex++) {
      const scaled = scheduler.scaleModelInput({ sample: latents, stepIndex });
      const batch = useCfg ? 2 : 1;
      const sample = new Float32Array(n * batch);
      for (let b = 0; b < batch; b++) sample.set(scaled, b * n);
      const ts = scheduler.timesteps[stepIndex]!;
      const out = await host.run({
        key: "unet",
        feeds: {
          sample: floatInput({ data: sample, dims: [batch, C, lh, lw], spec: sampleSpec }),
          timestep: numericInput({ values: [ts], dims: timestepDims, spec: timestepSpec }),
          encoder_hidden_states: ehs,
        },
        outputs: [unetOut],
      });
      let noisePred: Float32Array = toFloat32({ tensor: out[unetOut]! });
      if (useCfg) {
        const guided = new Float32Array(n);
        const g = params.guidanceScale;
        for (let i = 0; i < n; i++) guided[i] = noisePred[i]! + g * (noisePred[n + i]! - noisePred[i]!);
        noisePred = guided;
      }
      latents = scheduler.step({ modelOutput: noisePred, sample: latents, stepIndex, rng });
    }
    timings.unetMs = performance.now() - t;

    t = performance.now();
    const scaledLatents = new Float32Array(n);
    for (let i = 0; i < n; i++) scaledLatents[i] = latents[i]! / config.vaeScalingFactor;
    const decoded = await host.run({ key: "vae_decoder", feeds: { latent_sample: floatInput({ data: scaledLatents, dims: [1, C, lh, lw], spec: latentSpec }) }, outputs: [vaeOut] });
    const pixelsChw = toFloat32({ tensor: decoded[vaeOut]! });
    const { width, height } = params;
    const plane = width * height;
    if (pixelsChw.length !== plane * 3) bad(InferenceErrorCode.ModelIoMismatch, `vae_decoder returned ${pixelsChw.length} values, expected 3x${height}x${width}`);
    const data = new Uint8Array(plane * 3);
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) {
        const v = pixelsChw[c * plane + p]! / 2 + 0.5;
        data[p * 3 + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
      }
    }
    timings.vaeMs = performance.now() - t;
    timings.totalMs = performance.now() - t0;
    return {
      image: { width, height, channels: 3, data },
      model: dir.identity,
      params,
      promptTruncated: encoded.some((e) => e.truncated),
      timings,
    };
  };

  return { model: dir.identity, config, host, generate, close: () => host.close() };
}
