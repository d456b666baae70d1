/**
 * Inference benchmark (not a test): per-stage latency and images/s for the tiny models on CPU, CLIP
 * scores/s, influence lookup for 10k artists × 100 works, event-loop lag while inference runs.
 *   npm run bench:inference -w @atelier/workers  [-- --quick]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { encodeImage } from "../src/image/encode.js";
import { createClipScorer } from "../src/inference/clip-scorer.js";
import { l2Normalize } from "../src/inference/embedding-math.js";
import { type InfluenceIndex, buildInfluenceIndex, influenceWeights, loadInfluenceIndex, saveInfluenceIndex } from "../src/inference/influence-index.js";
import { findNearDuplicates, perceptualHash, pixelStats } from "../src/inference/integrity.js";
import { createRng } from "../src/inference/noise.js";
import { type GenerateParams, type StageTimings, createTextToImagePipeline } from "../src/inference/text-to-image.js";
import { makeTinyModels } from "../src/inference/tiny/tiny-models.js";

const quick = process.argv.includes("--quick");
const outDir = fileURLToPath(new URL("../.models/tiny", import.meta.url));
const fmt = (n: number, d = 1): string => n.toFixed(d);
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

console.log(`# Atelier inference benchmark — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, onnxruntime-node CPU EP${quick ? " (quick)" : ""}`);
const dirs = await makeTinyModels({ outDir });

// ---- text-to-image -------------------------------------------------------------------------------
const sd = await createTextToImagePipeline({ modelDir: dirs.sd });
const cases: { label: string; params: Omit<GenerateParams, "seed">; runs: number }[] = [
  { label: "turbo 1 step 512x512", params: { prompt: "a watercolor painting of a fox", steps: 1, width: 512, height: 512, scheduler: "euler-ancestral" }, runs: quick ? 3 : 10 },
  { label: "euler-a 4 steps 512x512", params: { prompt: "a watercolor painting of a fox", steps: 4, width: 512, height: 512, scheduler: "euler-ancestral" }, runs: quick ? 3 : 10 },
  { label: "euler 20 steps CFG 7.5 512x512", params: { prompt: "a watercolor painting of a fox", steps: 20, guidanceScale: 7.5, width: 512, height: 512, scheduler: "euler" }, runs: quick ? 2 : 5 },
  { label: "lcm 4 steps 256x256", params: { prompt: "a watercolor painting of a fox", steps: 4, width: 256, height: 256, scheduler: "lcm" }, runs: quick ? 3 : 10 },
];
await sd.generate({ prompt: "warm up", seed: 0, width: 512, height: 512 });
console.log("\n## text-to-image (tiny SD, sequential, mean ms per image)");
console.log("| case | tokenize | text enc | unet (all steps) | vae | total | images/s | encoded (auto, ≤100 KiB) |");
console.log("|---|---|---|---|---|---|---|---|");
let lastImage;
for (const c of cases) {
  const sum: StageTimings = { tokenizeMs: 0, textEncoderMs: 0, unetMs: 0, vaeMs: 0, totalMs: 0 };
  const t0 = performance.now();
  for (let i = 0; i < c.runs; i++) {
    const r = await sd.generate({ ...c.params, seed: 1000 + i });
    for (const k of Object.keys(sum) as (keyof StageTimings)[]) sum[k] += r.timings[k];
    lastImage = r;
  }
  const wall = performance.now() - t0;
  const enc = await encodeImage({ image: lastImage!.image, provenance: { modelId: lastImage!.model.modelId, seed: lastImage!.params.seed } });
  const m = (k: keyof StageTimings): string => fmt(sum[k] / c.runs);
  console.log(`| ${c.label} | ${m("tokenizeMs")} | ${m("textEncoderMs")} | ${m("unetMs")} | ${m("vaeMs")} | ${m("totalMs")} | ${fmt((c.runs * 1000) / wall, 2)} | ${enc.bytes.length} ${enc.format} |`);
}

// ---- event-loop lag while inference runs ----------------------------------------------------------
async function lagWhile(label: string, work: () => Promise<number>): Promise<void> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const n = await work();
  h.disable();
  console.log(`| ${label} | ${n} | ${fmt(h.percentile(50) / 1e6, 2)} | ${fmt(h.percentile(99) / 1e6, 2)} | ${fmt(h.max / 1e6, 2)} |`);
}
const lagMs = quick ? 1500 : 4000;
const loop = (fn: (i: number) => Promise<unknown>) => async (): Promise<number> => {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < lagMs) await fn(n++);
  return n;
};
console.log("\n## event-loop delay while inference runs (ms; monitorEventLoopDelay, 1 ms resolution)");
console.log("| setup | runs | p50 | p99 | max |");
console.log("|---|---|---|---|---|");
{
  // Baseline: what the worker threads avoid — session.run on the main thread.
  const session = await ort.InferenceSession.create(join(dirs.sd, "vae_decoder/model.onnx"));
  const feeds = { latent_sample: new ort.Tensor("float32", new Float32Array(4 * 64 * 64).fill(0.1), [1, 4, 64, 64]) };
  await lagWhile("vae 512x512 session.run on the MAIN thread (baseline)", loop(() => session.run(feeds)));
  await session.release();
}
await lagWhile("vae 512x512 via session worker thread", loop(() => sd.host.run({ key: "vae_decoder", feeds: { latent_sample: { dtype: "float32", dims: [1, 4, 64, 64], data: new Float32Array(4 * 64 * 64).fill(0.1) } } })));
await lagWhile("full generate 512x512 4 steps, worker thread (automatic intra-op threads)", loop((i) => sd.generate({ prompt: "a city at night", seed: i, steps: 4, width: 512, height: 512 })));
{
  const all = await createTextToImagePipeline({ modelDir: dirs.sd, execution: { intraOpThreads: cpus().length } });
  await lagWhile(`full generate 512x512 4 steps, worker thread, intraOpThreads=${cpus().length} (all cores)`, loop((i) => all.generate({ prompt: "a city at night", seed: i, steps: 4, width: 512, height: 512 })));
  await all.close();
}
await sd.close();

// ---- CLIP -----------------------------------------------------------------------------------------
{
  const clip = await createClipScorer({ modelDir: dirs.clip, maxBatch: 32 });
  const rng = createRng({ seed: 1 });
  const images = Array.from({ length: 32 }, () => {
    const data = new Uint8Array(256 * 256 * 3);
    for (let i = 0; i < data.length; i++) data[i] = rng.nextU32() & 0xff;
    return { width: 256, height: 256, channels: 3 as const, data };
  });
  const pairs = images.map((image, i) => ({ text: `a painting of a fox number ${i}`, image }));
  await clip.scoreBatch({ pairs });
  const rounds = quick ? 2 : 5;
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) await clip.scoreBatch({ pairs });
  const ms = performance.now() - t0;
  h.disable();
  console.log(`\n## CLIP scoring (tiny CLIP, 256x256 inputs, batch 32, incl. tokenize + bicubic preprocess in the session worker)`);
  console.log(`${fmt((rounds * pairs.length * 1000) / ms, 1)} scores/s (${fmt(ms / (rounds * pairs.length), 2)} ms/score); event-loop delay p50 ${fmt(h.percentile(50) / 1e6, 2)} ms, p99 ${fmt(h.percentile(99) / 1e6, 2)} ms, max ${fmt(h.max / 1e6, 2)} ms`);
  await clip.close();
}

// ---- influence index ------------------------------------------------------------------------------
function syntheticIndex({ artists, works, dim, seed }: { artists: number; works: number; dim: number; seed: number }): InfluenceIndex {
  const rng = createRng({ seed });
  const worksArr = new Float32Array(artists * works * dim);
  const centroids = new Float32Array(artists * dim);
  const style = new Float32Array(dim);
  const v = new Float32Array(dim);
  for (let a = 0; a < artists; a++) {
    for (let i = 0; i < dim; i++) style[i] = rng.nextGaussian();
    const sum = new Float32Array(dim);
    for (let w = 0; w < works; w++) {
      for (let i = 0; i < dim; i++) v[i] = style[i]! + 0.7 * (rng.nextFloat() * 2 - 1);
      const n = l2Normalize({ vector: v });
      worksArr.set(n, (a * works + w) * dim);
      for (let i = 0; i < dim; i++) sum[i]! += n[i]!;
    }
    centroids.set(l2Normalize({ vector: sum }), a * dim);
  }
  return {
    modelId: "bench",
    dim,
    artistIds: Array.from({ length: artists }, (_, a) => `artist-${a}`),
    workIds: Array.from({ length: artists * works }, (_, w) => `w${w}`),
    workOffsets: Uint32Array.from({ length: artists + 1 }, (_, a) => a * works),
    centroids,
    works: worksArr,
  };
}

console.log("\n## influence weights (10k artists × 100 works, top-5, floor 0.2, 64 centroid candidates refined per work)");
console.log("| dim | build | lookup p50 | lookup p99 | near-dup full scan | save / load |");
console.log("|---|---|---|---|---|---|");
for (const dim of quick ? [48] : [48, 512]) {
  const A = 10_000;
  const W = 100;
  const t0 = performance.now();
  const index = syntheticIndex({ artists: A, works: W, dim, seed: dim });
  const buildMs = performance.now() - t0;
  const rng = createRng({ seed: 99 });
  const lat: number[] = [];
  for (let q = 0; q < (quick ? 20 : 100); q++) {
    const a = rng.nextU32() % A;
    const query = Float32Array.from(index.works.subarray((a * W) * dim, (a * W + 1) * dim), (x) => x + 0.02 * rng.nextGaussian());
    const s = performance.now();
    const weights = influenceWeights({ index, embedding: query });
    lat.push(performance.now() - s);
    if (weights.reduce((x, w) => x + w.bps, 0) !== 10_000) throw new Error("bps do not sum to 10000");
  }
  const s = performance.now();
  findNearDuplicates({ index, embedding: index.works.subarray(0, dim) });
  const dupMs = performance.now() - s;
  let io = "-";
  if (dim === 48) {
    const dir = await mkdtemp(join(tmpdir(), "atelier-bench-"));
    const p = join(dir, "index.bin");
    const t1 = performance.now();
    await saveInfluenceIndex({ index, path: p });
    const t2 = performance.now();
    await loadInfluenceIndex({ path: p });
    io = `${fmt(t2 - t1, 0)} / ${fmt(performance.now() - t2, 0)} ms`;
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`| ${dim} | ${fmt(buildMs / 1000, 1)} s (synthetic) | ${fmt(pct(lat, 50), 2)} ms | ${fmt(pct(lat, 99), 2)} ms | ${fmt(dupMs, 0)} ms | ${io} |`);
}
{
  // the real build path (per-work arrays through buildInfluenceIndex) on a 1k × 100 subset
  const rng = createRng({ seed: 7 });
  const artists = Array.from({ length: 1000 }, (_, a) => ({ artistId: `a${a}`, works: Array.from({ length: 100 }, (_, w) => ({ workId: `a${a}w${w}`, embedding: Float32Array.from({ length: 48 }, () => rng.nextGaussian()) })) }));
  const t0 = performance.now();
  buildInfluenceIndex({ modelId: "bench", artists });
  console.log(`buildInfluenceIndex 1k artists × 100 works × 48 dims: ${fmt(performance.now() - t0, 0)} ms`);
}

// ---- integrity signals ----------------------------------------------------------------------------
{
  const rng = createRng({ seed: 3 });
  const data = new Uint8Array(512 * 512 * 3);
  for (let i = 0; i < data.length; i++) data[i] = rng.nextU32() & 0xff;
  const image = { width: 512, height: 512, channels: 3 as const, data };
  let t0 = performance.now();
  for (let i = 0; i < 5; i++) perceptualHash({ image });
  const ph = (performance.now() - t0) / 5;
  t0 = performance.now();
  for (let i = 0; i < 5; i++) pixelStats({ image });
  console.log(`\n## integrity (512x512): pHash ${fmt(ph, 1)} ms, pixel stats ${fmt((performance.now() - t0) / 5, 1)} ms`);
}
