/**
 * Embedded-default demo on the tiny models: generate → CLIP score → influence weights → integrity
 * signals → encode with provenance. Writes the image next to the models.
 *   npm run demo:inference -w @atelier/workers [-- --sd <dir> --clip <dir>]   (real model dirs work too)
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { encodeImage } from "../src/image/encode.js";
import { createClipScorer } from "../src/inference/clip-scorer.js";
import { executionConfigFromEnv } from "../src/inference/execution-providers.js";
import { buildInfluenceIndex, influenceWeights } from "../src/inference/influence-index.js";
import { perceptualHash, pixelStats } from "../src/inference/integrity.js";
import { createTextToImagePipeline } from "../src/inference/text-to-image.js";
import { makeTinyModels } from "../src/inference/tiny/tiny-models.js";

const { values } = parseArgs({ options: { sd: { type: "string" }, clip: { type: "string" }, prompt: { type: "string", default: "a watercolor painting of a red fox" }, seed: { type: "string", default: "42" } } });
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
  console.log(JSON.stringify({ out, bytes: encoded.bytes.length, format: encoded.format, timings: result.timings, clipScore: score, influence: weights, pixelStats: pixelStats({ image: result.image }) }, null, 2));
} finally {
  await Promise.all([sd.close(), clip.close()]);
}
