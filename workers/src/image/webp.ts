/**
 * WebP via sharp (an optional dependency: prebuilt libvips from npm, no install script). Provenance
 * goes into the RIFF `XMP ` chunk and is read back with a small pure-JS RIFF parser.
 */
import { xmpPacket } from "./jpeg.js";
import { type Raster, assertRaster } from "./raster.js";

type SharpModule = typeof import("sharp").default;
let sharpModule: Promise<SharpModule | undefined> | undefined;

/** sharp, if installed on this platform. */
export function loadSharp(): Promise<SharpModule | undefined> {
  sharpModule ??= import("sharp").then(
    (m) => m.default,
    () => undefined,
  );
  return sharpModule;
}

export async function webpAvailable(): Promise<boolean> {
  return (await loadSharp()) !== undefined;
}

export async function encodeWebp({ image, quality, provenanceJson }: { image: Raster; quality: number; provenanceJson?: string }): Promise<Uint8Array> {
  assertRaster({ image });
  const sharp = await loadSharp();
  if (!sharp) throw new Error("WebP encoding needs the optional dependency sharp (npm install sharp)");
  let pipeline = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: image.channels },
  }).webp({ quality, effort: 4 });
  if (provenanceJson !== undefined) pipeline = pipeline.withXmp(xmpPacket({ provenanceJson }));
  return new Uint8Array(await pipeline.toBuffer());
}

export async function decodeWebp({ bytes }: { bytes: Uint8Array }): Promise<Raster> {
  const sharp = await loadSharp();
  if (!sharp) throw new Error("WebP decoding needs the optional dependency sharp (npm install sharp)");
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** The XMP packet of a WebP file (RIFF chunk `XMP `), if any. */
export function readWebpXmp({ bytes }: { bytes: Uint8Array }): string | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 12 || buf.toString("latin1", 0, 4) !== "RIFF" || buf.toString("latin1", 8, 12) !== "WEBP") return undefined;
  let pos = 12;
  while (pos + 8 <= buf.length) {
    const id = buf.toString("latin1", pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    if (id === "XMP ") return buf.toString("utf8", pos + 8, pos + 8 + size);
    pos += 8 + size + (size & 1);
  }
  return undefined;
}
