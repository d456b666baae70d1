/**
 * Encode a generated image with its provenance embedded, staying under a byte budget where the format
 * allows (default 100 KiB, Irys's free upload size): lossless PNG when it fits, otherwise JPEG at the
 * highest quality that fits. WebP is not produced (no pure-JS encoder; see docs/inference.md).
 */
import { decodeJpeg, encodeJpeg, readJpegProvenance } from "./jpeg.js";
import { decodePng, encodePng } from "./png.js";
import type { Raster } from "./raster.js";

export const PROVENANCE_KEY = "atelier:provenance";
export const DEFAULT_MAX_BYTES = 100 * 1024;

export const ImageFormat = { png: "png", jpeg: "jpeg", auto: "auto" } as const;
export type ImageFormat = (typeof ImageFormat)[keyof typeof ImageFormat];

export type Provenance = Readonly<Record<string, unknown>>;

export interface EncodedImage {
  readonly bytes: Uint8Array;
  readonly format: "png" | "jpeg";
  readonly mime: "image/png" | "image/jpeg";
  readonly quality?: number;
  readonly withinBudget: boolean;
}

const JPEG_QUALITIES = [92, 85, 78, 70, 60, 50, 40] as const;

export function encodeImage({
  image,
  provenance,
  format = "auto",
  maxBytes = DEFAULT_MAX_BYTES,
}: {
  image: Raster;
  provenance: Provenance;
  format?: ImageFormat;
  maxBytes?: number;
}): EncodedImage {
  const json = JSON.stringify(provenance);
  if (format !== "jpeg") {
    const png = encodePng({ image, text: { [PROVENANCE_KEY]: json, Software: "Atelier" } });
    if (format === "png" || png.length <= maxBytes) return { bytes: png, format: "png", mime: "image/png", withinBudget: png.length <= maxBytes };
  }
  let last: Uint8Array | undefined;
  let lastQ = 0;
  for (const q of JPEG_QUALITIES) {
    last = encodeJpeg({ image, quality: q, provenanceJson: json });
    lastQ = q;
    if (last.length <= maxBytes) break;
  }
  return { bytes: last!, format: "jpeg", mime: "image/jpeg", quality: lastQ, withinBudget: last!.length <= maxBytes };
}

/** Decode PNG or JPEG (sniffed) and read the embedded provenance back. */
export function decodeImage({ bytes }: { bytes: Uint8Array }): { image: Raster; provenance?: Provenance } {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) {
    const { image, text } = decodePng({ bytes });
    const p = text[PROVENANCE_KEY];
    return p === undefined ? { image } : { image, provenance: JSON.parse(p) as Provenance };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const image = decodeJpeg({ bytes });
    const p = readJpegProvenance({ bytes });
    return p === undefined ? { image } : { image, provenance: JSON.parse(p) as Provenance };
  }
  throw new Error("unsupported image format (expected PNG or JPEG)");
}
