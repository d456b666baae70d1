import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { InferenceErrorCode } from "../src/inference/errors.js";
import { MANIFEST_FILE, type ManifestInput, manifestDigest, signManifest } from "../src/inference/manifest.js";
import { loadModelDir, sha256File } from "../src/inference/model-dir.js";
import { createTextToImagePipeline } from "../src/inference/text-to-image.js";
import { TINY_SIGNING_SEED } from "../src/inference/tiny/tiny-models.js";
import { tinyModels } from "./helpers/tiny-models.js";

let source = "";
const scratch: string[] = [];

async function copyModel(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "atelier-model-"));
  scratch.push(dir);
  await cp(source, dir, { recursive: true });
  return dir;
}

async function readManifest(dir: string): Promise<ManifestInput> {
  return JSON.parse(await readFile(join(dir, MANIFEST_FILE), "utf8")) as ManifestInput;
}

async function writeManifest(dir: string, m: ManifestInput): Promise<void> {
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(m, null, 2));
}

beforeAll(async () => {
  source = (await tinyModels()).sd;
});

afterEach(async () => {
  await Promise.all(scratch.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("model directory loading", () => {
  it("verifies hashes and signature and derives the on-chain identity from the manifest", async () => {
    const dir = await loadModelDir({ dir: source });
    const raw = await readManifest(source);
    expect(dir.identity.modelId).toBe("atelier/tiny-sd");
    expect(dir.identity.version).toBe("1.0.0");
    expect(dir.identity.manifestSha256).toBe(manifestDigest({ manifest: raw }));
    expect(dir.signer).toBe(raw.signature?.publicKey);
    expect(await sha256File({ path: dir.path({ key: "unet" }) })).toBe(raw.files.unet!.sha256);
    await expect(loadModelDir({ dir: source, trustedPublicKeys: [raw.signature!.publicKey] })).resolves.toBeTruthy();
  });

  it("refuses a model file whose bytes changed (same size) with MODEL_HASH_MISMATCH", async () => {
    const dir = await copyModel();
    const path = join(dir, "unet/model.onnx");
    const bytes = await readFile(path);
    bytes[bytes.length - 5]! ^= 0xff;
    await writeFile(path, bytes);
    await expect(loadModelDir({ dir })).rejects.toMatchObject({ code: InferenceErrorCode.ModelHashMismatch });
  });

  it("refuses a truncated file and a missing file", async () => {
    const dir = await copyModel();
    const path = join(dir, "vae_decoder/model.onnx");
    await writeFile(path, (await readFile(path)).subarray(0, 10));
    await expect(loadModelDir({ dir })).rejects.toMatchObject({ code: InferenceErrorCode.ModelHashMismatch });
    await rm(path);
    await expect(loadModelDir({ dir })).rejects.toMatchObject({ code: InferenceErrorCode.ModelFileMissing });
  });

  it("refuses a manifest edited after signing, and untrusted or missing signatures when required", async () => {
    const dir = await copyModel();
    const m = await readManifest(dir);
    await writeManifest(dir, { ...m, modelId: "someone/else" });
    await expect(loadModelDir({ dir })).rejects.toMatchObject({ code: InferenceErrorCode.ModelSignatureInvalid });
    await writeManifest(dir, m);
    await expect(loadModelDir({ dir, trustedPublicKeys: ["00".repeat(32)] })).rejects.toMatchObject({ code: InferenceErrorCode.ModelSignatureInvalid });
    const { signature: _s, ...unsigned } = m;
    await writeManifest(dir, unsigned);
    await expect(loadModelDir({ dir })).resolves.toBeTruthy();
    await expect(loadModelDir({ dir, requireSignature: true })).rejects.toMatchObject({ code: InferenceErrorCode.ModelSignatureMissing });
  });

  it("refuses invalid manifests with MANIFEST_INVALID", async () => {
    const dir = await copyModel();
    await writeFile(join(dir, MANIFEST_FILE), "{ not json");
    await expect(loadModelDir({ dir })).rejects.toMatchObject({ code: InferenceErrorCode.ManifestInvalid });
    const m = await readManifest(source);
    const { unet: _u, ...files } = m.files;
    await writeManifest(dir, { ...m, files, signature: undefined });
    await expect(loadModelDir({ dir })).rejects.toMatchObject({ code: InferenceErrorCode.ManifestInvalid });
    await writeManifest(dir, { ...m, files: { ...m.files, unet: { ...m.files.unet!, path: "../../etc/passwd" } }, signature: undefined });
    await expect(loadModelDir({ dir })).rejects.toMatchObject({ code: InferenceErrorCode.ManifestInvalid });
  });

  it("a corrupt model file that matches its (re-signed) manifest fails at session creation with MODEL_CORRUPT", async () => {
    const dir = await copyModel();
    const path = join(dir, "unet/model.onnx");
    const garbage = Buffer.from("this is not an onnx protobuf at all".repeat(10));
    await writeFile(path, garbage);
    const m = await readManifest(dir);
    const files = { ...m.files, unet: { ...m.files.unet!, sha256: await sha256File({ path }), bytes: garbage.length } };
    await writeManifest(dir, signManifest({ manifest: { ...m, files }, secretSeed: TINY_SIGNING_SEED }));
    await expect(createTextToImagePipeline({ modelDir: dir })).rejects.toMatchObject({ code: InferenceErrorCode.ModelCorrupt });
  });

  it("a model whose inputs differ from the manifest is refused with MODEL_IO_MISMATCH", async () => {
    const dir = await copyModel();
    const m = await readManifest(dir);
    const unet = m.files.unet!;
    const inputs = unet.inputs!.map((s) => (s.name === "timestep" ? { ...s, name: "t" } : s));
    await writeManifest(dir, { ...m, files: { ...m.files, unet: { ...unet, inputs } }, signature: undefined });
    await expect(createTextToImagePipeline({ modelDir: dir })).rejects.toMatchObject({ code: InferenceErrorCode.ModelIoMismatch });
    const wrongType = unet.inputs!.map((s) => (s.name === "sample" ? { ...s, dtype: "float16" as const } : s));
    await writeManifest(dir, { ...m, files: { ...m.files, unet: { ...unet, inputs: wrongType } }, signature: undefined });
    await expect(createTextToImagePipeline({ modelDir: dir })).rejects.toMatchObject({ code: InferenceErrorCode.ModelIoMismatch });
  });
});
