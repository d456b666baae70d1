import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InferenceErrorCode } from "../src/inference/errors.js";
import { MAX_PROMPT_CHARS, type TextToImagePipeline, createTextToImagePipeline } from "../src/inference/text-to-image.js";
import { tinyModels } from "./helpers/tiny-models.js";

let sd: TextToImagePipeline;
let sdFp16: TextToImagePipeline;

beforeAll(async () => {
  const dirs = await tinyModels();
  [sd, sdFp16] = await Promise.all([createTextToImagePipeline({ modelDir: dirs.sd }), createTextToImagePipeline({ modelDir: dirs.sdFp16 })]);
});

afterAll(async () => {
  await Promise.all([sd?.close(), sdFp16?.close()]);
});

const meanAbsDiff = (a: Uint8Array, b: Uint8Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
};

describe("text-to-image on the tiny SD model", () => {
  it.each(["euler-ancestral", "euler", "lcm"] as const)("%s is deterministic for a seed and sensitive to seed and prompt", async (scheduler) => {
    const base = { prompt: "a red fox in a green forest", seed: 1234, steps: 4, width: 128, height: 64, scheduler } as const;
    const a = await sd.generate(base);
    const b = await sd.generate(base);
    expect(a.image.width).toBe(128);
    expect(a.image.height).toBe(64);
    expect(a.image.data.length).toBe(128 * 64 * 3);
    expect(Buffer.from(b.image.data).equals(Buffer.from(a.image.data))).toBe(true);
    const otherSeed = await sd.generate({ ...base, seed: 1235 });
    expect(meanAbsDiff(otherSeed.image.data, a.image.data)).toBeGreaterThan(1);
    const otherPrompt = await sd.generate({ ...base, prompt: "a blue bird over the sea" });
    expect(Buffer.from(otherPrompt.image.data).equals(Buffer.from(a.image.data))).toBe(false);
    expect(a.model.modelId).toBe("atelier/tiny-sd");
    expect(a.params.seed).toBe("1234");
  });

  it("one-step turbo path uses the manifest defaults", async () => {
    const r = await sd.generate({ prompt: "a cat", seed: 1 });
    expect(r.params).toMatchObject({ steps: 1, scheduler: "euler-ancestral", guidanceScale: 0, width: 256, height: 256 });
    expect(r.timings.totalMs).toBeGreaterThan(0);
  });

  it("classifier-free guidance changes the image and depends on the negative prompt", async () => {
    const base = { prompt: "a golden horse", seed: 9, steps: 2, width: 64, height: 64, scheduler: "euler" } as const;
    const plain = await sd.generate(base);
    const guided = await sd.generate({ ...base, guidanceScale: 7.5 });
    const guidedNeg = await sd.generate({ ...base, guidanceScale: 7.5, negativePrompt: "dark night" });
    expect(Buffer.from(guided.image.data).equals(Buffer.from(plain.image.data))).toBe(false);
    expect(Buffer.from(guidedNeg.image.data).equals(Buffer.from(guided.image.data))).toBe(false);
    // guidance 1 is "no guidance": identical to the unguided run
    const one = await sd.generate({ ...base, guidanceScale: 1 });
    expect(Buffer.from(one.image.data).equals(Buffer.from(plain.image.data))).toBe(true);
  });

  it("fp16 model (float16 I/O, float16 timestep) runs and agrees with fp32 up to half-precision rounding", async () => {
    const params = { prompt: "a small house by the river", seed: 77, steps: 2, width: 64, height: 64, scheduler: "euler" } as const;
    const a = await sd.generate(params);
    const b = await sdFp16.generate(params);
    const again = await sdFp16.generate(params);
    expect(Buffer.from(again.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    expect(meanAbsDiff(a.image.data, b.image.data)).toBeLessThan(2);
  });

  it("flags prompts longer than the token window as truncated", async () => {
    const r = await sd.generate({ prompt: Array.from({ length: 100 }, () => "cat").join(" "), seed: 1, width: 64, height: 64 });
    expect(r.promptTruncated).toBe(true);
  });

  it.each([
    [{ prompt: "" }, InferenceErrorCode.InvalidPrompt],
    [{ prompt: "   \n " }, InferenceErrorCode.InvalidPrompt],
    [{ prompt: "x".repeat(MAX_PROMPT_CHARS + 1) }, InferenceErrorCode.PromptTooLong],
    [{ prompt: "a cat", width: 100 }, InferenceErrorCode.UnsupportedSize],
    [{ prompt: "a cat", height: 4096 }, InferenceErrorCode.UnsupportedSize],
    [{ prompt: "a cat", width: 0 }, InferenceErrorCode.UnsupportedSize],
    [{ prompt: "a cat", steps: 0 }, InferenceErrorCode.InvalidParameter],
    [{ prompt: "a cat", steps: 1000 }, InferenceErrorCode.InvalidParameter],
    [{ prompt: "a cat", guidanceScale: Number.NaN }, InferenceErrorCode.InvalidParameter],
    [{ prompt: "a cat", seed: -1 }, InferenceErrorCode.InvalidParameter],
  ])("rejects %j with %s", async (params, code) => {
    await expect(sd.generate({ seed: 1, ...params })).rejects.toMatchObject({ code });
  });
});
