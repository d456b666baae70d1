import { describe, expect, it } from "vitest";
import { float16BitsToFloat32, float32ToFloat16Bits } from "../src/inference/float16.js";
import { createRng, gaussianNoise } from "../src/inference/noise.js";

describe("seeded noise", () => {
  it("is reproducible for a seed and differs across seeds", () => {
    expect(gaussianNoise({ seed: 42, length: 1000 })).toEqual(gaussianNoise({ seed: 42n, length: 1000 }));
    expect(gaussianNoise({ seed: "42", length: 8 })).toEqual(gaussianNoise({ seed: 42, length: 8 }));
    expect(gaussianNoise({ seed: 43, length: 8 })).not.toEqual(gaussianNoise({ seed: 42, length: 8 }));
  });

  it("has standard-normal moments and uniform floats in [0,1)", () => {
    const x = gaussianNoise({ seed: 123, length: 200_000 });
    let m = 0;
    for (const v of x) m += v;
    m /= x.length;
    let v2 = 0;
    for (const v of x) v2 += (v - m) ** 2;
    expect(Math.abs(m)).toBeLessThan(0.01);
    expect(Math.abs(v2 / x.length - 1)).toBeLessThan(0.02);
    const rng = createRng({ seed: 5 });
    for (let i = 0; i < 10_000; i++) {
      const u = rng.nextFloat();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });

  it("accepts full u64 seeds and rejects unsafe numbers", () => {
    expect(gaussianNoise({ seed: (1n << 64n) - 1n, length: 2 }).every(Number.isFinite)).toBe(true);
    expect(() => createRng({ seed: 2 ** 60 })).toThrow(RangeError);
  });
});

describe("float16 conversion", () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff],
    [0.1, 0x2e66],
    [2 ** -24, 0x0001],
    [1e6, 0x7c00],
    [0, 0],
  ])("%f <-> 0x%s", (value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  it("round-trips representable values", () => {
    for (const v of [0.5, -0.25, 1024, 3.140625, 2 ** -14]) expect(float16BitsToFloat32(float32ToFloat16Bits(v))).toBe(v);
  });
});
