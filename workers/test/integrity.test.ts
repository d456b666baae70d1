import { describe, expect, it } from "vitest";
import type { Raster } from "../src/image/raster.js";
import { buildInfluenceIndex } from "../src/inference/influence-index.js";
import { findNearDuplicates, hammingDistance, perceptualHash, pixelStats } from "../src/inference/integrity.js";
import { createRng } from "../src/inference/noise.js";
import { gradient, noise, solid } from "./helpers/images.js";

function brighten(img: Raster, by: number): Raster {
  return { ...img, data: img.data.map((v) => Math.min(255, v + by)) };
}

describe("perceptual hash", () => {
  it("is stable under small edits and far apart for different images", () => {
    const a = gradient({ width: 128, height: 96 });
    const h = perceptualHash({ image: a });
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(perceptualHash({ image: a })).toBe(h);
    expect(hammingDistance({ a: h, b: perceptualHash({ image: brighten(a, 6) }) })).toBeLessThanOrEqual(4);
    expect(hammingDistance({ a: h, b: perceptualHash({ image: gradient({ width: 256, height: 192 }) }) })).toBeLessThanOrEqual(6);
    const flipped: Raster = { ...a, data: Uint8Array.from(a.data, (_, i) => a.data[a.data.length - 3 - (i - (i % 3)) + (i % 3)]!) };
    expect(hammingDistance({ a: h, b: perceptualHash({ image: flipped }) })).toBeGreaterThan(16);
    expect(hammingDistance({ a: h, b: perceptualHash({ image: noise({ width: 128, height: 96, seed: 2 }) }) })).toBeGreaterThan(16);
  });

  it("hamming distance counts differing bits", () => {
    expect(hammingDistance({ a: "0000000000000000", b: "000000000000000f" })).toBe(4);
    expect(hammingDistance({ a: "ffffffffffffffff", b: "0000000000000000" })).toBe(64);
  });
});

describe("pixel statistics", () => {
  it("flags near-uniform images", () => {
    const s = pixelStats({ image: solid({ width: 64, height: 64, rgb: [12, 200, 40] }) });
    expect(s.std).toBe(0);
    expect(s.nearUniform).toBe(true);
    expect(s.noiseLike).toBe(false);
  });

  it("flags i.i.d. noise but not smooth content", () => {
    const n = pixelStats({ image: noise({ width: 128, height: 128, seed: 9 }) });
    expect(Math.abs(n.neighbourCorrelation)).toBeLessThan(0.1);
    expect(n.noiseLike).toBe(true);
    const g = pixelStats({ image: gradient({ width: 128, height: 128 }) });
    expect(g.neighbourCorrelation).toBeGreaterThan(0.9);
    expect(g.noiseLike).toBe(false);
    expect(g.nearUniform).toBe(false);
  });
});

describe("near-duplicate search", () => {
  it("finds the catalog work an embedding duplicates, and nothing for an unrelated one", () => {
    const rng = createRng({ seed: 3 });
    const vec = (): Float32Array => Float32Array.from({ length: 16 }, () => rng.nextGaussian());
    const artists = ["a", "b", "c"].map((artistId) => ({ artistId, works: [0, 1, 2].map((i) => ({ workId: `${artistId}${i}`, embedding: vec() })) }));
    const index = buildInfluenceIndex({ modelId: "m", artists });
    const target = artists[1]!.works[2]!.embedding;
    const hits = findNearDuplicates({ index, embedding: Float32Array.from(target, (v) => v * 3 + 0.01) });
    expect(hits.map((h) => [h.artistId, h.workId])).toEqual([["b", "b2"]]);
    expect(hits[0]!.similarity).toBeGreaterThan(0.99);
    expect(findNearDuplicates({ index, embedding: vec() })).toEqual([]);
  });
});
