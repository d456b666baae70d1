/** An 8-bit raster image, row-major, interleaved channels (RGB or RGBA). */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  readonly data: Uint8Array;
}

export function assertRaster({ image }: { image: Raster }): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) throw new RangeError(`invalid image size ${width}x${height}`);
  if (channels !== 3 && channels !== 4) throw new RangeError(`unsupported channel count ${channels}`);
  if (data.length !== width * height * channels) throw new RangeError(`image data has ${data.length} bytes, expected ${width * height * channels}`);
}

/** Luma (BT.601) as floats in [0, 255]. */
export function toGray({ image }: { image: Raster }): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n);
  const c = image.channels;
  for (let i = 0; i < n; i++) out[i] = 0.299 * image.data[i * c]! + 0.587 * image.data[i * c + 1]! + 0.114 * image.data[i * c + 2]!;
  return out;
}
