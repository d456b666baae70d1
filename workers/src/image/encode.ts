/**
 * Encode a generated image with its provenance embedded, staying under a byte budget where the format
 * allows (default 100 KiB, Irys's free upload size). `auto`: lossless PNG when it fits, else WebP at the
 * highest quality that fits (when the optional sharp is installed), else JPEG likewise.
 */
import { decodeJpeg, encodeJpeg, provenanceFromXmp, readJpegProvenance } from "./jpeg.js";
import { decodePng, encodePng } from "./png.js";
import type { Raster } from "./raster.js";
import { decodeWebp, encodeWebp, readWebpXmp, webpAvailable } from "./webp.js";

export const PROVENANCE_KEY = "atelier:provenance";
export const DEFAULT_MAX_BYTES = 100 * 1024;

export const ImageFormat = { png: "png", webp: "webp", jpeg: "jpeg", auto: "auto" } as const;
export type ImageFormat = (typeof ImageFormat)[keyof typeof ImageFormat];

const MIME = { png: "image/png", webp: "image/webp", jpeg: "image/jpeg" } as const;

export type Provenance = Readonly<Record<string, unknown>>;

export interface EncodedImage {
  readonly bytes: Uint8Array;
  readonly format: "png" | "webp" | "jpeg";
  readonly mime: (typeof MIME)[keyof typeof MIME];
  /** Lossy quality used (WebP / JPEG). */
  readonly quality?: number;
  readonly withinBudget: boolean;
}

const QUALITIES = [92, 85, 78, 70, 60, 50, 40] as const;

async function lossy({ image, json, maxBytes, format }: { image: Raster; json: string; maxBytes: number; format: "webp" | "jpeg" }): Promise<EncodedImage> {
  let bytes: Uint8Array = new Uint8Array(0);
  let quality = 0;
  for (const q of QUALITIES) {
    bytes = format === "webp" ? await encodeWebp({ image, quality: q, provenanceJson: json }) : encodeJpeg({ image, quality: q, provenanceJson: json });
    quality = q;
    if (bytes.length <= maxBytes) break;
  }
  return { bytes, format, mime: MIME[format], quality, withinBudget: bytes.length <= maxBytes };
}

export async function encodeImage({
  image,
  provenance,
  format = "auto",
  maxBytes = DEFAULT_MAX_BYTES,
}: {
  image: Raster;
  provenance: Provenance;
  format?: ImageFormat;
  maxBytes?: number;
}): Promise<EncodedImage> {
  const json = JSON.stringify(provenance);
  if (format === "png" || format === "auto") {
    const png = encodePng({ image, text: { [PROVENANCE_KEY]: json, Software: "Atelier" } });
    if (format === "png" || png.length <= maxBytes) return { bytes: png, format: "png", mime: MIME.png, withinBudget: png.length <= maxBytes };
  }
  if (format === "webp" || (format === "auto" && (await webpAvailable()))) return lossy({ image, json, maxBytes, format: "webp" });
  return lossy({ image, json, maxBytes, format: "jpeg" });
}

/** Decode PNG, JPEG or WebP (sniffed) and read the embedded provenance back. */
export async function decodeImage({ bytes }: { bytes: Uint8Array }): Promise<{ image: Raster; format: EncodedImage["format"]; provenance?: Provenance }> {
  const parse = (p: string | undefined): { provenance?: Provenance } => (p === undefined ? {} : { provenance: JSON.parse(p) as Provenance });
  if (bytes[0] === 0x89 && bytes[1] === 0x50) {
    const { image, text } = decodePng({ bytes });
    return { image, format: "png", ...parse(text[PROVENANCE_KEY]) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return { image: decodeJpeg({ bytes }), format: "jpeg", ...parse(readJpegProvenance({ bytes })) };
  const xmp = readWebpXmp({ bytes });
  if (Buffer.from(bytes.subarray(0, 4)).toString("latin1") === "RIFF") {
    return { image: await decodeWebp({ bytes }), format: "webp", ...parse(xmp === undefined ? undefined : provenanceFromXmp({ xml: xmp })) };
  }
  throw new Error("unsupported image format (expected PNG, JPEG or WebP)");
}

/** Provenance only, without decoding pixels (no sharp needed, any of the three formats). */
export function readProvenance({ bytes }: { bytes: Uint8Array }): Provenance | undefined {
  let json: string | undefined;
  if (bytes[0] === 0x89 && bytes[1] === 0x50) json = decodePng({ bytes }).text[PROVENANCE_KEY];
  else if (bytes[0] === 0xff && bytes[1] === 0xd8) json = readJpegProvenance({ bytes });
  else {
    const xmp = readWebpXmp({ bytes });
    json = xmp === undefined ? undefined : provenanceFromXmp({ xml: xmp });
  }
  return json === undefined ? undefined : (JSON.parse(json) as Provenance);
}
