import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBasisPoints } from "../src/inference/basis-points.js";
import { embedCatalogs } from "../src/inference/catalog-embedder.js";
import { type ClipScorer, createClipScorer } from "../src/inference/clip-scorer.js";
import { InferenceErrorCode } from "../src/inference/errors.js";
import { type ArtistCatalog, buildInfluenceIndex, influenceWeights, loadInfluenceIndex, saveInfluenceIndex } from "../src/inference/influence-index.js";
import { createRng } from "../src/inference/noise.js";
import { gradient, noise } from "./helpers/images.js";
import { tinyModels } from "./helpers/tiny-models.js";

function randomCatalogs({ artists, works, dim, seed }: { artists: number; works: number; dim: number; seed: number }): ArtistCatalog[] {
  const rng = createRng({ seed });
  return Array.from({ length: artists }, (_, a) => {
    const style = Float32Array.from({ length: dim }, () => rng.nextGaussian());
    return {
      artistId: `artist-${String(a).padStart(4, "0")}`,
      works: Array.from({ length: works }, (_, w) => ({ workId: `a${a}-w${w}`, embedding: Float32Array.from(style, (v) => v + 0.6 * rng.nextGaussian()) })),
    };
  });
}

describe("basis points (largest remainder)", () => {
  it("sums to exactly 10000 and breaks ties by key", () => {
    expect(toBasisPoints({ weights: [{ key: "b", weight: 1 }, { key: "a", weight: 1 }, { key: "c", weight: 1 }] })).toEqual([
      { key: "b", bps: 3333 },
      { key: "a", bps: 3334 },
      { key: "c", bps: 3333 },
    ]);
    expect(toBasisPoints({ weights: [{ key: "x", weight: 2 }, { key: "y", weight: 1 }] }).map((r) => r.bps)).toEqual([6667, 3333]);
    const rng = createRng({ seed: 11 });
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + (rng.nextU32() % 12);
      const weights = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, weight: rng.nextFloat() + 1e-9 }));
      const out = toBasisPoints({ weights });
      expect(out.reduce((s, r) => s + r.bps, 0)).toBe(10_000);
      for (const [i, r] of out.entries()) expect(Math.abs(r.bps - (weights[i]!.weight / weights.reduce((s, w) => s + w.weight, 0)) * 10_000)).toBeLessThan(1);
    }
    expect(() => toBasisPoints({ weights: [{ key: "z", weight: 0 }] })).toThrow(RangeError);
  });
});

describe("influence index", () => {
  const catalogs = randomCatalogs({ artists: 300, works: 6, dim: 32, seed: 5 });
  const index = buildInfluenceIndex({ modelId: "test/emb", artists: catalogs });
  const query = Float32Array.from(catalogs[17]!.works[2]!.embedding, (v, i) => v + 0.1 * Math.sin(i));

  it("ranks the artist whose work the image resembles first, and weights sum to 10000", () => {
    const w = influenceWeights({ index, embedding: query, topK: 5, floor: 0.1 });
    expect(w[0]!.artistId).toBe("artist-0017");
    expect(w.length).toBeGreaterThan(0);
    expect(w.length).toBeLessThanOrEqual(5);
    expect(w.reduce((s, x) => s + x.bps, 0)).toBe(10_000);
    for (let i = 1; i < w.length; i++) expect(w[i]!.similarity).toBeLessThanOrEqual(w[i - 1]!.similarity);
    expect(w[0]!.bps).toBeGreaterThan(w[w.length - 1]!.bps);
  });

  it("is stable: independent of catalog order, and identical across repeated queries", () => {
    const shuffled = buildInfluenceIndex({ modelId: "test/emb", artists: [...catalogs].reverse().map((a) => ({ ...a, works: [...a.works].reverse() })) });
    const a = influenceWeights({ index, embedding: query });
    expect(influenceWeights({ index: shuffled, embedding: query })).toEqual(a);
    expect(influenceWeights({ index, embedding: query })).toEqual(a);
  });

  it("returns nothing when no artist clears the similarity floor", () => {
    expect(influenceWeights({ index, embedding: query, floor: 0.999 })).toEqual([]);
  });

  it("round-trips through disk and refuses corrupt or mismatched files", async () => {
    const dir = await mkdtemp(join(tmpdir(), "atelier-index-"));
    try {
      const path = join(dir, "index.bin");
      await saveInfluenceIndex({ index, path });
      const loaded = await loadInfluenceIndex({ path, expectedModelId: "test/emb" });
      expect(loaded.artistIds).toEqual(index.artistIds);
      expect(influenceWeights({ index: loaded, embedding: query })).toEqual(influenceWeights({ index, embedding: query }));
      await expect(loadInfluenceIndex({ path, expectedModelId: "other" })).rejects.toMatchObject({ code: InferenceErrorCode.IndexInvalid });
      const bytes = await readFile(path);
      bytes[bytes.length - 3]! ^= 0x55;
      await writeFile(path, bytes);
      await expect(loadInfluenceIndex({ path })).rejects.toMatchObject({ code: InferenceErrorCode.IndexInvalid });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects queries of the wrong dimension", () => {
    expect(() => influenceWeights({ index, embedding: new Float32Array(8) })).toThrow(expect.objectContaining({ code: InferenceErrorCode.IndexInvalid }));
  });
});

describe("influence from images through the tiny CLIP embedder", () => {
  let clip: ClipScorer;
  beforeAll(async () => {
    clip = await createClipScorer({ modelDir: (await tinyModels()).clip });
  });
  afterAll(async () => {
    await clip?.close();
  });

  it("attributes a warm-palette image mostly to the warm-palette artist", async () => {
    const palettes = { warm: [1.3, 0.8, 0.4], cool: [0.4, 0.8, 1.3], grey: [1, 1, 1] } as const;
    const catalogs = Object.entries(palettes).map(([artistId, tint]) => ({
      artistId,
      works: [96, 128, 160].map((w, i) => ({ workId: `${artistId}-${i}`, image: gradient({ width: w, height: 128, tint }) })),
    }));
    catalogs.push({ artistId: "noise", works: [{ workId: "noise-0", image: noise({ width: 64, height: 64, seed: 1 }) }] });
    const artists = await embedCatalogs({ scorer: clip, artists: catalogs });
    expect(artists.map((a) => a.works.length)).toEqual([3, 3, 3, 1]);
    const index = buildInfluenceIndex({ modelId: clip.model.modelId, artists });
    const [generated] = await clip.embedImages({ images: [gradient({ width: 200, height: 180, tint: [1.25, 0.85, 0.45] })] });
    const weights = influenceWeights({ index, embedding: generated!, topK: 3, floor: 0.5 });
    expect(weights[0]!.artistId).toBe("warm");
    expect(weights[0]!.bps).toBeGreaterThan(5000);
    expect(weights.reduce((s, w) => s + w.bps, 0)).toBe(10_000);
  });
});
