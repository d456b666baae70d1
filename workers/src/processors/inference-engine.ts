/**
 * The inference side of the pipeline, behind one small interface: text-to-image on a pool of
 * devices (explicit concurrency per device), and CLIP (score and image embedding). Generators and
 * verifiers use the real engine; the benchmark plugs in a no-op one to measure orchestration alone.
 */
import type { Raster } from "../image/raster.js";
import { createClipScorer, type ClipScorer } from "../inference/clip-scorer.js";
import { cosine } from "../inference/embedding-math.js";
import type { InferenceLogger } from "../inference/sessions.js";
import { createTextToImagePipeline, resolveParams, type TextToImagePipeline } from "../inference/text-to-image.js";
import { createDevicePool, type DevicePool } from "./device-pool.js";

/** Generation parameters as the chain records them (guidance × 100, seed as a decimal string). */
export interface JobGenerationParams {
  readonly prompt: string;
  readonly seed: string;
  readonly steps: number;
  readonly width: number;
  readonly height: number;
  readonly guidanceX100: number;
}

/** What generators and verifiers need from the models. */
export interface InferenceEngine {
  /** The text-to-image model id jobs must name (`job.model_id`). */
  readonly modelId: string;
  /** The CLIP model id (the influence index must be built with it). */
  readonly clipModelId: string;
  /** Throws the inference engine's `InferenceError` (INVALID_PROMPT, UNSUPPORTED_SIZE, ...) for parameters the model cannot run. */
  validate(params: JobGenerationParams): void;
  /** Runs the model (seeded: the same parameters give the same pixels on CPU). */
  generate(params: JobGenerationParams): Promise<Raster>;
  /** The CLIP image embedding (L2-normalised). */
  embedImage(args: { image: Raster }): Promise<Float32Array>;
  /** cosine(text, image) of the prompt against an image embedding. */
  clipCosine(args: { text: string; embedding: Float32Array }): Promise<number>;
  close(): Promise<void>;
}

/** Inference devices as the env lists them. */
export interface EngineDevice {
  readonly provider: "cpu" | "cuda";
  readonly deviceId: number;
}

/** Load the text-to-image model on every device and CLIP once. */
export async function createInferenceEngine({
  sdModelDir,
  clipModelDir,
  devices,
  perDevice,
  allowCpuFallback,
  logger,
}: {
  sdModelDir: string;
  clipModelDir: string;
  devices: readonly EngineDevice[];
  perDevice: number;
  allowCpuFallback: boolean;
  logger?: InferenceLogger;
}): Promise<InferenceEngine> {
  const pipelines: TextToImagePipeline[] = [];
  let clip: ClipScorer | undefined;
  try {
    for (const d of devices) {
      pipelines.push(
        await createTextToImagePipeline({ modelDir: sdModelDir, execution: { provider: d.provider, deviceId: d.deviceId, allowCpuFallback }, ...(logger ? { logger } : {}) }),
      );
    }
    const first = devices[0] ?? { provider: "cpu", deviceId: 0 };
    clip = await createClipScorer({ modelDir: clipModelDir, execution: { provider: first.provider, deviceId: first.deviceId, allowCpuFallback }, ...(logger ? { logger } : {}) });
  } catch (error) {
    await Promise.all([...pipelines.map((p) => p.close()), clip?.close()]);
    throw error;
  }
  const scorer = clip;
  const pool: DevicePool<TextToImagePipeline> = createDevicePool({ resources: pipelines, perDevice });
  const first = pipelines[0]!;
  const toGenerate = (p: JobGenerationParams) => ({
    prompt: p.prompt,
    seed: p.seed,
    steps: p.steps,
    width: p.width,
    height: p.height,
    guidanceScale: p.guidanceX100 / 100,
  });
  return {
    modelId: first.model.modelId,
    clipModelId: scorer.model.modelId,
    validate(params) {
      resolveParams({ params: toGenerate(params), config: first.config });
    },
    generate: (params) => pool.use(async (pipeline) => (await pipeline.generate(toGenerate(params))).image),
    async embedImage({ image }) {
      const [embedding] = await scorer.embedImages({ images: [image] });
      return embedding!;
    },
    async clipCosine({ text, embedding }) {
      const [t] = await scorer.embedTexts({ texts: [text] });
      return cosine({ a: t!, b: embedding });
    },
    async close() {
      await Promise.all([...pipelines.map((p) => p.close()), scorer.close()]);
    },
  };
}

/** CLIP cosine as the chain stores it: × 10 000, rounded, clamped to [0, 10 000]. */
export function chainScore({ cosine: c }: { cosine: number }): number {
  if (!Number.isFinite(c)) return 0;
  return Math.min(10_000, Math.max(0, Math.round(c * 10_000)));
}
