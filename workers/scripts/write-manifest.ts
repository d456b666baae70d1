/**
 * Write atelier-model.json for an exported model directory (real SD-Turbo / CLIP or any compatible
 * export): hashes every file, records each ONNX graph's real I/O, fills settings from a preset,
 * optionally signs (ed25519, 32-byte seed in ATELIER_MODEL_SIGNING_SEED as 64 hex chars).
 *
 *   tsx workers/scripts/write-manifest.ts --dir /models/sd-turbo --preset sd-turbo --model-id stabilityai/sd-turbo --version 1.0
 *   tsx workers/scripts/write-manifest.ts --dir /models/clip-vit-b-32 --preset clip-vit-b-32 --model-id openai/clip-vit-base-patch32 --version 1.0
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MANIFEST_FILE, signManifest } from "../src/inference/manifest.js";
import { MANIFEST_PRESETS, buildManifest } from "../src/inference/manifest-builder.js";

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
  console.error(`usage: write-manifest --dir <model dir> --preset ${Object.keys(MANIFEST_PRESETS).join("|")} --model-id <id> [--version v] [--source url] [--license id]`);
  process.exit(2);
}
let manifest = await buildManifest({
  dir: values.dir,
  preset: values.preset,
  modelId: values["model-id"],
  version: values.version,
  ...(values.source ? { source: values.source } : {}),
  ...(values.license ? { license: values.license } : {}),
  onFile: ({ path, key }) => console.error(`hashed ${path} -> ${key}`),
});
const seed = process.env.ATELIER_MODEL_SIGNING_SEED;
if (seed) {
  if (!/^[0-9a-fA-F]{64}$/.test(seed)) throw new Error("ATELIER_MODEL_SIGNING_SEED must be 64 hex characters");
  manifest = signManifest({ manifest, secretSeed: Buffer.from(seed, "hex") });
}
await writeFile(join(values.dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${join(values.dir, MANIFEST_FILE)}${seed ? " (signed)" : ""}`);
