/**
 * PNG encode/decode (8-bit RGB/RGBA/grey) with provenance text in iTXt chunks. Encoder picks a filter per
 * row with libpng's minimum-sum-of-absolute-differences heuristic and deflates at level 9.
 */
import { deflateSync, inflateSync } from "node:zlib";
import { type Raster, assertRaster } from "./raster.js";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32({ bytes }: { bytes: Uint8Array }): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const body = Buffer.concat([head.subarray(4), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32({ bytes: body }), 0);
  return Buffer.concat([head.subarray(0, 4), body, crc]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function filterRows(data: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array((stride + 1) * height);
  const candidate = new Uint8Array(stride);
  const best = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const prev = row - stride;
    let bestSum = Number.POSITIVE_INFINITY;
    let bestType = 0;
    for (let type = 0; type < 5; type++) {
      let sum = 0;
      for (let i = 0; i < stride; i++) {
        const x = data[row + i]!;
        const a = i >= bpp ? data[row + i - bpp]! : 0;
        const b = y > 0 ? data[prev + i]! : 0;
        const c = y > 0 && i >= bpp ? data[prev + i - bpp]! : 0;
        const v = (type === 0 ? x : type === 1 ? x - a : type === 2 ? x - b : type === 3 ? x - ((a + b) >> 1) : x - paeth(a, b, c)) & 0xff;
        candidate[i] = v;
        sum += v < 128 ? v : 256 - v;
      }
      if (sum < bestSum) {
        bestSum = sum;
        bestType = type;
        best.set(candidate);
      }
    }
    out[y * (stride + 1)] = bestType;
    out.set(best, y * (stride + 1) + 1);
  }
  return out;
}

function itxt(keyword: string, text: string): Buffer {
  // keyword \0 compression-flag(0) method(0) language-tag \0 translated-keyword \0 text(UTF-8)
  return chunk("iTXt", Buffer.concat([Buffer.from(keyword, "latin1"), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, "utf8")]));
}

export function encodePng({ image, text = {} }: { image: Raster; text?: Readonly<Record<string, string>> }): Uint8Array {
  assertRaster({ image });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(image.width, 0);
  ihdr.writeUInt32BE(image.height, 4);
  ihdr[8] = 8;
  ihdr[9] = image.channels === 4 ? 6 : 2;
  const idat = deflateSync(filterRows(image.data, image.width, image.height, image.channels), { level: 9, memLevel: 9 });
  const texts = Object.entries(text).map(([k, v]) => {
    if (!/^[\x20-\x7e]{1,79}$/.test(k)) throw new RangeError(`invalid PNG text keyword ${JSON.stringify(k)}`);
    return itxt(k, v);
  });
  return new Uint8Array(Buffer.concat([SIGNATURE, chunk("IHDR", ihdr), ...texts, chunk("IDAT", idat), chunk("IEND", new Uint8Array(0))]));
}

export interface DecodedPng {
  readonly image: Raster;
  /** tEXt / iTXt entries. */
  readonly text: Record<string, string>;
}

/** Decode 8-bit non-interlaced greyscale, grey+alpha, RGB or RGBA PNGs (to RGB / RGBA). */
export function decodePng({ bytes }: { bytes: Uint8Array }): DecodedPng {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG file");
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  const text: Record<string, string> = {};
  while (pos + 12 <= buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString("latin1", pos + 4, pos + 8);
    if (pos + 12 + len > buf.length) throw new Error(`truncated PNG chunk ${type}`);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (crc32({ bytes: buf.subarray(pos + 4, pos + 8 + len) }) !== buf.readUInt32BE(pos + 8 + len)) throw new Error(`PNG chunk ${type} has a bad CRC`);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error("only 8-bit non-interlaced PNGs are supported");
      colorType = data[9]!;
    } else if (type === "IDAT") idat.push(data);
    else if (type === "tEXt") {
      const z = data.indexOf(0);
      text[data.toString("latin1", 0, z)] = data.toString("latin1", z + 1);
    } else if (type === "iTXt") {
      const z = data.indexOf(0);
      const key = data.toString("latin1", 0, z);
      const compressed = data[z + 1] === 1;
      let p = z + 3;
      p = data.indexOf(0, p) + 1; // language tag
      p = data.indexOf(0, p) + 1; // translated keyword
      const raw = data.subarray(p);
      text[key] = (compressed ? inflateSync(raw) : raw).toString("utf8");
    } else if (type === "IEND") break;
    pos += 12 + len;
  }
  const srcChannels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!srcChannels) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * srcChannels;
  if (raw.length < (stride + 1) * height) throw new Error("PNG image data is truncated");
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= srcChannels ? px[y * stride + i - srcChannels]! : 0;
      const b = y > 0 ? px[(y - 1) * stride + i]! : 0;
      const c = y > 0 && i >= srcChannels ? px[(y - 1) * stride + i - srcChannels]! : 0;
      px[y * stride + i] = (type === 0 ? x : type === 1 ? x + a : type === 2 ? x + b : type === 3 ? x + ((a + b) >> 1) : x + paeth(a, b, c)) & 0xff;
    }
  }
  const channels: 3 | 4 = srcChannels === 2 || srcChannels === 4 ? 4 : 3;
  if (srcChannels === channels) return { image: { width, height, channels, data: px }, text };
  const out = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    const g = px[p * srcChannels]!;
    out[p * channels] = g;
    out[p * channels + 1] = g;
    out[p * channels + 2] = g;
    if (channels === 4) out[p * channels + 3] = px[p * srcChannels + 1]!;
  }
  return { image: { width, height, channels, data: out }, text };
}
