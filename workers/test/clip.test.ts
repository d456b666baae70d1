import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Raster } from "../src/image/raster.js";
import { preprocessClipImage, resampleTaps, shortestEdgeSize } from "../src/inference/clip-preprocess.js";
import { type ClipScorer, createClipScorer } from "../src/inference/clip-scorer.js";
import { InferenceErrorCode } from "../src/inference/errors.js";
import { CLIP_IMAGE_MEAN, CLIP_IMAGE_STD, TINY } from "../src/inference/tiny/tiny-models.js";
import { noise, solid } from "./helpers/images.js";
import { tinyModels } from "./helpers/tiny-models.js";

const config = { size: 224, mean: CLIP_IMAGE_MEAN, std: CLIP_IMAGE_STD } as const;

describe("CLIP preprocessing", () => {
  it("normalises a constant image to (v/255 − mean)/std in every pixel, whatever the resize", () => {
    const img = solid({ width: 300, height: 500, rgb: [200, 100, 50] });
    const t = preprocessClipImage({ image: img, config });
    expect(t.length).toBe(3 * 224 * 224);
    const expected = [200, 100, 50].map((v, c) => (v / 255 - CLIP_IMAGE_MEAN[c]!) / CLIP_IMAGE_STD[c]!);
    for (let c = 0; c < 3; c++) {
      for (const i of [0, 1000, 224 * 224 - 1]) expect(t[c * 224 * 224 + i]).toBeCloseTo(expected[c]!, 5);
    }
  });

  it("resizes the shortest edge to 224 (long edge truncated, as HF does) and centre-crops", () => {
    expect(shortestEdgeSize({ width: 640, height: 480, size: 224 })).toEqual({ width: 298, height: 224 });
    expect(shortestEdgeSize({ width: 480, height: 640, size: 224 })).toEqual({ width: 224, height: 298 });
    // 448×224: left 112 columns red, middle 224 green, right 112 blue. No resize needed; crop keeps only green.
    const data = new Uint8Array(448 * 224 * 3);
    for (let y = 0; y < 224; y++) for (let x = 0; x < 448; x++) data.set(x < 112 ? [255, 0, 0] : x < 336 ? [0, 255, 0] : [0, 0, 255], (y * 448 + x) * 3);
    const t = preprocessClipImage({ image: { width: 448, height: 224, channels: 3, data }, config });
    const plane = 224 * 224;
    for (const i of [0, 223, plane - 1]) {
      expect(t[i]).toBeCloseTo((0 - CLIP_IMAGE_MEAN[0]) / CLIP_IMAGE_STD[0], 5);
      expect(t[plane + i]).toBeCloseTo((1 - CLIP_IMAGE_MEAN[1]) / CLIP_IMAGE_STD[1], 5);
    }
  });

  it("bicubic downsampling reproduces a linear ramp away from the borders", () => {
    // 448-wide horizontal ramp v(x) = x/2 (pixel centres at x + 0.5 in PIL coordinates).
    const W = 448;
    const data = new Uint8Array(W * W * 3);
    for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) data.fill(Math.floor(x / 2), (y * W + x) * 3, (y * W + x) * 3 + 3);
    const t = preprocessClipImage({ image: { width: W, height: W, channels: 3, data }, config });
    // Output pixel x covers input 2x, 2x+1 (values x, x): the symmetric kernel averages to exactly x.
    for (const x of [20, 100, 200]) {
      const v = t[100 * 224 + x]! * CLIP_IMAGE_STD[0] + CLIP_IMAGE_MEAN[0];
      expect(v * 255).toBeCloseTo(x, 3);
    }
  });

  it("resample weights sum to one", () => {
    const taps = resampleTaps({ inSize: 500, outSize: 224 });
    for (let x = 0; x < 224; x++) {
      let s = 0;
      for (let j = 0; j < taps.count[x]!; j++) s += taps.weights[x * taps.maxTaps + j]!;
      expect(s).toBeCloseTo(1, 12);
    }
  });
});

/** Paint an image whose 56×56 blocks hold the text embedding (the toy vision tower pools 4×4 blocks). */
function paintFeatures(embedding: Float32Array): Raster {
  const { clipImageSize: N, clipGrid: G } = TINY;
  const k = N / G;
  let max = 0;
  for (const v of embedding) max = Math.max(max, Math.abs(v));
  const scale = 1.5 / max; // keep pixel values within [0, 255]
  const data = new Uint8Array(N * N * 3);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      for (let c = 0; c < 3; c++) {
        const f = embedding[c * G * G + Math.floor(y / k) * G + Math.floor(x / k)]! * scale;
        data[(y * N + x) * 3 + c] = Math.round(Math.min(1, Math.max(0, CLIP_IMAGE_MEAN[c]! + CLIP_IMAGE_STD[c]! * f)) * 255);
      }
    }
  }
  return { width: N, height: N, channels: 3, data };
}

describe("CLIP scorer on the tiny CLIP model", () => {
  let clip: ClipScorer;
  beforeAll(async () => {
    clip = await createClipScorer({ modelDir: (await tinyModels()).clip, maxBatch: 3 });
  });
  afterAll(async () => {
    await clip?.close();
  });

  it("returns unit-norm embeddings of the manifest width", async () => {
    const [t] = await clip.embedTexts({ texts: ["a red fox"] });
    const [i] = await clip.embedImages({ images: [noise({ width: 64, height: 80, seed: 1 })] });
    for (const v of [t!, i!]) {
      expect(v.length).toBe(TINY.clipDim);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
  });

  it("scores an image that encodes the prompt's features far above noise and above other prompts", async () => {
    const prompt = "a watercolor painting of a golden fox";
    const [te] = await clip.embedTexts({ texts: [prompt] });
    const painted = paintFeatures(te!);
    const matched = await clip.score({ text: prompt, image: painted });
    const againstNoise = await clip.score({ text: prompt, image: noise({ width: 224, height: 224, seed: 3 }) });
    const otherPrompt = await clip.score({ text: "a dark city at night", image: painted });
    expect(matched).toBeGreaterThan(90);
    expect(matched).toBeLessThanOrEqual(100.0001);
    expect(matched - againstNoise).toBeGreaterThan(50);
    expect(matched - otherPrompt).toBeGreaterThan(30);
  });

  it("batched scoring (across several session batches) equals one-by-one scoring", async () => {
    const texts = ["a cat", "a dog", "a bird", "a horse", "a tree"];
    const images = texts.map((_, i) => noise({ width: 50 + i * 10, height: 60, seed: i }));
    const batch = await clip.scoreBatch({ pairs: texts.map((text, i) => ({ text, image: images[i]! })) });
    expect(batch.length).toBe(5);
    for (let i = 0; i < 5; i++) expect(batch[i]).toBeCloseTo(await clip.score({ text: texts[i]!, image: images[i]! }), 4);
  });

  it("rejects empty text and malformed images", async () => {
    await expect(clip.embedTexts({ texts: [""] })).rejects.toMatchObject({ code: InferenceErrorCode.InvalidPrompt });
    await expect(clip.embedImages({ images: [{ width: 10, height: 10, channels: 3, data: new Uint8Array(5) }] })).rejects.toMatchObject({ code: InferenceErrorCode.InvalidImage });
  });
});
