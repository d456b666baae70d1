/**
 * CPU-heavy input preparation that runs inside the session worker thread instead of the main event
 * loop (today: CLIP image preprocessing for the vision tower).
 */
import type { Raster } from "../image/raster.js";
import { type ClipPreprocessConfig, preprocessClipImage } from "./clip-preprocess.js";
import { toFloat16Array } from "./float16.js";
import type { WireTensor } from "./tensors.js";

export interface ClipPixelsPrepare {
  readonly kind: "clip-pixels";
  /** Model input to fill, e.g. "pixel_values". */
  readonly input: string;
  readonly dtype: "float32" | "float16";
  readonly images: readonly Raster[];
  readonly config: ClipPreprocessConfig;
}

export type PrepareSpec = ClipPixelsPrepare;

export function applyPrepare({ prepare }: { prepare: PrepareSpec }): Record<string, WireTensor> {
  const S = prepare.config.size;
  const per = 3 * S * S;
  const pixels = new Float32Array(prepare.images.length * per);
  prepare.images.forEach((image, i) => pixels.set(preprocessClipImage({ image, config: prepare.config }), i * per));
  const dims = [prepare.images.length, 3, S, S];
  const tensor: WireTensor = prepare.dtype === "float16" ? { dtype: "float16", dims, data: toFloat16Array({ data: pixels }) } : { dtype: "float32", dims, data: pixels };
  return { [prepare.input]: tensor };
}
