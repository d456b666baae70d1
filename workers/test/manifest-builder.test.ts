import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { InferenceErrorCode } from "../src/inference/errors.js";
import { MANIFEST_FILE, type ManifestInput, signManifest } from "../src/inference/manifest.js";
import { buildManifest } from "../src/inference/manifest-builder.js";
import { loadModelDir } from "../src/inference/model-dir.js";
import { createTextToImagePipeline } from "../src/inference/text-to-image.js";
import { tinyModels } from "./helpers/tiny-models.js";

let dirs: Awaited<ReturnType<typeof tinyModels>>;
const scratch: string[] = [];

beforeAll(async () => {
  dirs = await tinyModels();
});
afterEach(async () => {
  await Promise.all(scratch.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function exportLike(src: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "atelier-export-"));
  scratch.push(dir);
  await cp(src, dir, { recursive: true });
  await rm(join(dir, MANIFEST_FILE));
  return dir;
}

describe("buildManifest (write-manifest for real exports)", () => {
  it("records the graphs' real I/O and hashes, and the result loads and generates", async () => {
    const dir = await exportLike(dirs.sdFp16);
    await writeFile(join(dir, "unet", "model.onnx_data"), "external weights stand-in");
    const manifest = await buildManifest({ dir, preset: "sd-turbo", modelId: "stabilityai/sd-turbo", version: "1.0" });
    const original = JSON.parse(await readFile(join(dirs.sdFp16, MANIFEST_FILE), "utf8")) as ManifestInput;
    expect(Object.keys(manifest.files).sort()).toEqual(["text_encoder", "tokenizer_merges", "tokenizer_vocab", "unet", "unet/model.onnx_data", "vae_decoder"]);
    for (const key of ["text_encoder", "unet", "vae_decoder"]) {
      expect(manifest.files[key]!.inputs).toEqual(original.files[key]!.inputs);
      expect(manifest.files[key]!.outputs).toEqual(original.files[key]!.outputs);
      expect(manifest.files[key]!.sha256).toBe(original.files[key]!.sha256);
    }
    expect(manifest.textToImage).toMatchObject({ defaultSteps: 1, classifierFreeGuidance: false, defaultScheduler: "euler-ancestral" });
    const signed = signManifest({ manifest, secretSeed: new Uint8Array(32).fill(9) });
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(signed));
    const loaded = await loadModelDir({ dir, trustedPublicKeys: [signed.signature!.publicKey] });
    expect(loaded.identity.modelId).toBe("stabilityai/sd-turbo");
    const pipeline = await createTextToImagePipeline({ modelDir: loaded });
    try {
      const r = await pipeline.generate({ prompt: "a fox", seed: 3, width: 256, height: 256 });
      expect(r.params).toMatchObject({ steps: 1, guidanceScale: 0 });
    } finally {
      await pipeline.close();
    }
  });

  it("builds CLIP manifests and rejects unknown presets or incomplete directories", async () => {
    const clipDir = await exportLike(dirs.clip);
    const clip = await buildManifest({ dir: clipDir, preset: "clip-vit-b-32", modelId: "openai/clip-vit-base-patch32", version: "1" });
    expect(clip.files.vision_model!.inputs).toEqual([{ name: "pixel_values", dtype: "float32", shape: ["batch", 3, 224, 224] }]);
    await expect(buildManifest({ dir: clipDir, preset: "nope", modelId: "x", version: "1" })).rejects.toMatchObject({ code: InferenceErrorCode.ManifestInvalid });
    await rm(join(clipDir, "vision_model.onnx"));
    await expect(buildManifest({ dir: clipDir, preset: "clip-vit-b-32", modelId: "x", version: "1" })).rejects.toMatchObject({ code: InferenceErrorCode.ManifestInvalid });
  });
});
