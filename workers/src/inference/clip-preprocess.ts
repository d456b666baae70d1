/**
 * Standard CLIP image preprocessing (Hugging Face CLIPImageProcessor): resize the shortest edge to
 * `size` with bicubic resampling (PIL-style, antialiased when shrinking), centre crop `size`×`size`,
 * rescale to [0, 1], normalise per channel, emit CHW float32. Works in float (no uint8 round trip).
 */
import { type Raster, assertRaster } from "../image/raster.js";

export interface ClipPreprocessConfig {
  readonly size: number;
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** PIL's bicubic kernel (a = −0.5). */
function bicubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

interface Taps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly weights: Float64Array;
  readonly maxTaps: number;
}

/** Per-output-pixel source taps and normalised weights for a 1-D resample (PIL precompute_coeffs). */
export function resampleTaps({ inSize, outSize }: { inSize: number; outSize: number }): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * maxTaps);
  for (let x = 0; x < outSize; x++) {
    const center = (x + 0.5) * scale;
    const lo = Math.max(Math.floor(center - support + 0.5), 0);
    const hi = Math.min(Math.floor(center + support + 0.5), inSize);
    let total = 0;
    const n = hi - lo;
    for (let j = 0; j < n; j++) {
      const w = bicubic((j + lo - center + 0.5) / filterScale);
      weights[x * maxTaps + j] = w;
      total += w;
    }
    if (total !== 0) for (let j = 0; j < n; j++) weights[x * maxTaps + j]! /= total;
    start[x] = lo;
    count[x] = n;
  }
  return { start, count, weights, maxTaps };
}

/** Resize interleaved float pixels (C channels) with separable bicubic resampling. */
export function resizeBicubic({ data, width, height, channels, outWidth, outHeight }: { data: Float32Array; width: number; height: number; channels: number; outWidth: number; outHeight: number }): Float32Array {
  const C = channels;
  const h = resampleTaps({ inSize: width, outSize: outWidth });
  const hw = h.weights;
  const tmp = new Float32Array(outWidth * height * C);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < outWidth; x++) {
      const n = h.count[x]!;
      const wBase = x * h.maxTaps;
      const src0 = (row + h.start[x]!) * C;
      const dst = (y * outWidth + x) * C;
      for (let c = 0; c < C; c++) {
        let a = 0;
        for (let j = 0, src = src0 + c; j < n; j++, src += C) a += hw[wBase + j]! * data[src]!;
        tmp[dst + c] = a;
      }
    }
  }
  const v = resampleTaps({ inSize: height, outSize: outHeight });
  const out = new Float32Array(outWidth * outHeight * C);
  const stride = outWidth * C;
  for (let y = 0; y < outHeight; y++) {
    const n = v.count[y]!;
    const wBase = y * v.maxTaps;
    const first = v.start[y]! * stride;
    const dstRow = y * stride;
    const vw = v.weights;
    for (let i = 0; i < stride; i++) {
      let a = 0;
      for (let j = 0, src = first + i; j < n; j++, src += stride) a += vw[wBase + j]! * tmp[src]!;
      out[dstRow + i] = a;
    }
  }
  return out;
}

/** Output size after "shortest edge = size" (HF get_resize_output_image_size truncates the long edge). */
export function shortestEdgeSize({ width, height, size }: { width: number; height: number; size: number }): { width: number; height: number } {
  if (width <= height) return { width: size, height: Math.trunc((size * height) / width) };
  return { width: Math.trunc((size * width) / height), height: size };
}

/** CHW float32 `pixel_values` for one image. */
export function preprocessClipImage({ image, config }: { image: Raster; config: ClipPreprocessConfig }): Float32Array {
  assertRaster({ image });
  const { size, mean, std } = config;
  const rgb = new Float32Array(image.width * image.height * 3);
  for (let p = 0, n = image.width * image.height; p < n; p++) {
    for (let c = 0; c < 3; c++) rgb[p * 3 + c] = image.data[p * image.channels + c]!;
  }
  const target = shortestEdgeSize({ width: image.width, height: image.height, size });
  const resized =
    target.width === image.width && target.height === image.height
      ? rgb
      : resizeBicubic({ data: rgb, width: image.width, height: image.height, channels: 3, outWidth: target.width, outHeight: target.height });
  const top = Math.floor((target.height - size) / 2);
  const left = Math.floor((target.width - size) / 2);
  const out = new Float32Array(3 * size * size);
  const plane = size * size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const src = ((y + top) * target.width + (x + left)) * 3;
      for (let c = 0; c < 3; c++) out[c * plane + y * size + x] = (resized[src + c]! / 255 - mean[c]!) / std[c]!;
    }
  }
  return out;
}
