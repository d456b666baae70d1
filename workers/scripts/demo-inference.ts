/**
 * Embedded-default demo on the tiny models: generate → CLIP score → influence weights → integrity
 * signals → encode with provenance. Writes the image next to the models.
 *   npm run demo:inference -w @atelier/workers [-- --sd <dir> --clip <dir>]   (real model dirs work too)
 * `--result-json <file>` also writes what the chain needs to record the result (the main job,
 * `npm start`, hands it to the program's job_lifecycle example).
 */
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { encodeImage } from "../src/image/encode.js";
import { createClipScorer } from "../src/inference/clip-scorer.js";
import { executionConfigFromEnv } from "../src/inference/execution-providers.js";
import { buildInfluenceIndex, influenceWeights } from "../src/inference/influence-index.js";
import { perceptualHash, pixelStats } from "../src/inference/integrity.js";
import { createTextToImagePipeline } from "../src/inference/text-to-image.js";
import { makeTinyModels } from "../src/inference/tiny/tiny-models.js";

const { values } = parseArgs({ options: { sd: { type: "string" }, clip: { type: "string" }, prompt: { type: "string", default: "a watercolor painting of a red fox" }, seed: { type: "string", default: "42" }, "result-json": { type: "string" } } });
const tinyDir = fileURLToPath(new URL("../.models/tiny", import.meta.url));
const tiny = await makeTinyModels({ outDir: tinyDir });
const execution = executionConfigFromEnv({ env: process.env });
const logger = { info: (o: object, m?: string) => console.log(m, JSON.stringify(o)), warn: (o: object, m?: string) => console.warn(m, JSON.stringify(o)) };

const sd = await createTextToImagePipeline({ modelDir: values.sd ?? tiny.sd, execution, logger });
const clip = await createClipScorer({ modelDir: values.clip ?? tiny.clip, execution, logger });
try {
  const result = await sd.generate({ prompt: values.prompt, seed: values.seed });
  const [embedding] = await clip.embedImages({ images: [result.image] });
  const score = await clip.score({ text: values.prompt, image: result.image });
  // A toy catalog: three "artists" whose works are tinted variants of the generated image.
  const artists = await Promise.all(
    (["warm", "cool", "mono"] as const).map(async (artistId, k) => {
      const tint = [[1.2, 0.9, 0.7], [0.7, 0.9, 1.2], [1, 1, 1]][k]!;
      const images = [0, 1].map((j) => ({ ...result.image, data: result.image.data.map((v, i) => Math.min(255, Math.round(v * tint[i % 3]! * (1 - 0.1 * j)))) }));
      const embeddings = await clip.embedImages({ images });
      return { artistId, works: embeddings.map((e, j) => ({ workId: `${artistId}-${j}`, embedding: e })) };
    }),
  );
  const index = buildInfluenceIndex({ modelId: clip.model.modelId, artists });
  const weights = influenceWeights({ index, embedding: embedding!, topK: 3, floor: 0.2 });
  const provenance = { model: result.model, params: result.params, clipScore: score, influence: weights, phash: perceptualHash({ image: result.image }) };
  const encoded = await encodeImage({ image: result.image, provenance });
  const out = join(tinyDir, `demo.${encoded.format === "jpeg" ? "jpg" : encoded.format}`);
  await writeFile(out, encoded.bytes);
  if (values["result-json"]) {
    const contentHash = createHash("sha256").update(encoded.bytes).digest("hex");
    const chainResult = {
      prompt: values.prompt,
      modelId: result.model.modelId,
      contentHash,
      clipScore: score,
      // Not uploaded yet: Irys/Arweave storage arrives with the worker pipeline.
      storageId: `local:${contentHash.slice(0, 40)}`,
      metadataUri: `file:${relative(process.cwd(), out)}`,
      seed: Number(result.params.seed),
      steps: result.params.steps,
      size: result.params.width,
      influences: weights.map((w) => ({ artist: `${w.artistId} (demo artist)`, bps: w.bps })),
      image: out,
    };
    await writeFile(values["result-json"], JSON.stringify(chainResult, null, 2));
  }
  console.log(JSON.stringify({ out, bytes: encoded.bytes.length, format: encoded.format, timings: result.timings, clipScore: score, influence: weights, pixelStats: pixelStats({ image: result.image }) }, null, 2));
} finally {
  await Promise.all([sd.close(), clip.close()]);
}
