/** Synthetic test images. */
import type { Raster } from "../../src/image/raster.js";
import { createRng } from "../../src/inference/noise.js";

export function solid({ width, height, rgb }: { width: number; height: number; rgb: readonly [number, number, number] }): Raster {
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) data.set(rgb, p * 3);
  return { width, height, channels: 3, data };
}

export function noise({ width, height, seed }: { width: number; height: number; seed: number }): Raster {
  const rng = createRng({ seed });
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = rng.nextU32() & 0xff;
  return { width, height, channels: 3, data };
}

/** Smooth diagonal gradient with a soft blob: a stand-in for a natural image. */
export function gradient({ width, height, tint = [1, 1, 1] }: { width: number; height: number; tint?: readonly [number, number, number] }): Raster {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const blob = 60 * Math.exp(-(((x - width / 2) ** 2 + (y - height / 3) ** 2) / (2 * (width / 6) ** 2)));
      const base = (120 * (x + y)) / (width + height) + blob + 40;
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = Math.min(255, Math.round(base * tint[c]!));
    }
  }
  return { width, height, channels: 3, data };
}
