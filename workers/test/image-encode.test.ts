import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_BYTES, PROVENANCE_KEY, decodeImage, encodeImage, readProvenance } from "../src/image/encode.js";
import { encodeJpeg } from "../src/image/jpeg.js";
import { decodePng, encodePng } from "../src/image/png.js";
import type { Raster } from "../src/image/raster.js";
import { encodeWebp, webpAvailable } from "../src/image/webp.js";
import { gradient, noise } from "./helpers/images.js";

const provenance = { job: "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin", modelId: "atelier/tiny-sd", seed: "42", prompt: "a fox — in “quotes” & <tags>" };
const hasWebp = await webpAvailable();

const meanAbs = (a: Raster, b: Raster): number => {
  let err = 0;
  for (let i = 0; i < a.data.length; i++) err += Math.abs(a.data[i]! - b.data[i]!);
  return err / a.data.length;
};

describe("PNG", () => {
  it("round-trips pixels and provenance text exactly", () => {
    const img = noise({ width: 33, height: 17, seed: 4 });
    const png = encodePng({ image: img, text: { [PROVENANCE_KEY]: JSON.stringify(provenance) } });
    const back = decodePng({ bytes: png });
    expect(back.image.width).toBe(33);
    expect(Buffer.from(back.image.data).equals(Buffer.from(img.data))).toBe(true);
    expect(JSON.parse(back.text[PROVENANCE_KEY]!)).toEqual(provenance);
    // IDAT is plain zlib: independently inflatable
    const idatAt = Buffer.from(png).indexOf("IDAT");
    const len = Buffer.from(png).readUInt32BE(idatAt - 4);
    expect(inflateSync(Buffer.from(png).subarray(idatAt + 4, idatAt + 4 + len)).length).toBe((33 * 3 + 1) * 17);
  });

  it("rejects corrupted files", () => {
    const png = encodePng({ image: gradient({ width: 8, height: 8 }) });
    png[20]! ^= 1;
    expect(() => decodePng({ bytes: png })).toThrow(/CRC/);
  });
});

describe("JPEG and WebP provenance", () => {
  it("JPEG carries provenance in XMP and decodes close to the source", async () => {
    const img = gradient({ width: 64, height: 48 });
    const bytes = encodeJpeg({ image: img, quality: 92, provenanceJson: JSON.stringify(provenance) });
    expect(readProvenance({ bytes })).toEqual(provenance);
    const back = await decodeImage({ bytes });
    expect(back.format).toBe("jpeg");
    expect(back.provenance).toEqual(provenance);
    expect(meanAbs(back.image, img)).toBeLessThan(3);
  });

  it.runIf(hasWebp)("WebP carries provenance in its XMP chunk (read back without sharp) and decodes", async () => {
    const img = gradient({ width: 64, height: 48 });
    const bytes = await encodeWebp({ image: img, quality: 90, provenanceJson: JSON.stringify(provenance) });
    expect(Buffer.from(bytes.subarray(8, 12)).toString("latin1")).toBe("WEBP");
    expect(readProvenance({ bytes })).toEqual(provenance);
    const back = await decodeImage({ bytes });
    expect(back.format).toBe("webp");
    expect(back.image.width).toBe(64);
    expect(meanAbs(back.image, img)).toBeLessThan(4);
  });
});

describe("encodeImage", () => {
  it("keeps a smooth 512×512 image as PNG under 100 KiB with readable provenance", async () => {
    const out = await encodeImage({ image: gradient({ width: 512, height: 512 }), provenance });
    expect(out.format).toBe("png");
    expect(out.bytes.length).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    expect((await decodeImage({ bytes: out.bytes })).provenance).toEqual(provenance);
  });

  it("falls back to a lossy format under the budget when PNG would exceed it", async () => {
    const img = noise({ width: 256, height: 256, seed: 1 });
    const out = await encodeImage({ image: img, provenance });
    expect(out.format).toBe(hasWebp ? "webp" : "jpeg");
    expect(out.withinBudget).toBe(true);
    expect(out.bytes.length).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    const back = await decodeImage({ bytes: out.bytes });
    expect(back.provenance).toEqual(provenance);
    expect(back.image.width).toBe(256);
  });

  it("honours an explicit format and reports when the budget cannot be met", async () => {
    const img = gradient({ width: 64, height: 64 });
    const jpg = await encodeImage({ image: img, provenance, format: "jpeg" });
    expect(jpg).toMatchObject({ format: "jpeg", mime: "image/jpeg", quality: 92, withinBudget: true });
    const png = await encodeImage({ image: noise({ width: 256, height: 256, seed: 2 }), provenance, format: "png" });
    expect(png.withinBudget).toBe(false);
    const tiny = await encodeImage({ image: noise({ width: 256, height: 256, seed: 2 }), provenance, format: "jpeg", maxBytes: 1000 });
    expect(tiny).toMatchObject({ format: "jpeg", quality: 40, withinBudget: false });
  });
});
