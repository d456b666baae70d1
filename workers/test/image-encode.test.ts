import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_BYTES, PROVENANCE_KEY, decodeImage, encodeImage } from "../src/image/encode.js";
import { decodePng, encodePng } from "../src/image/png.js";
import { gradient, noise } from "./helpers/images.js";

const provenance = { job: "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin", modelId: "atelier/tiny-sd", seed: "42", prompt: "a fox — in “quotes” & <tags>" };

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

describe("encodeImage", () => {
  it("keeps a smooth 512×512 image as PNG under 100 KiB with readable provenance", () => {
    const out = encodeImage({ image: gradient({ width: 512, height: 512 }), provenance });
    expect(out.format).toBe("png");
    expect(out.bytes.length).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    expect(decodeImage({ bytes: out.bytes }).provenance).toEqual(provenance);
  });

  it("falls back to JPEG (with XMP provenance) when PNG would exceed the budget", () => {
    const img = noise({ width: 256, height: 256, seed: 1 });
    const out = encodeImage({ image: img, provenance });
    expect(out.format).toBe("jpeg");
    expect(out.mime).toBe("image/jpeg");
    const back = decodeImage({ bytes: out.bytes });
    expect(back.provenance).toEqual(provenance);
    expect(back.image.width).toBe(256);
    expect(out.withinBudget).toBe(out.bytes.length <= DEFAULT_MAX_BYTES);
  });

  it("honours an explicit format", () => {
    const img = gradient({ width: 64, height: 64 });
    const jpg = encodeImage({ image: img, provenance, format: "jpeg" });
    expect(jpg.format).toBe("jpeg");
    expect(jpg.quality).toBe(92);
    const back = decodeImage({ bytes: jpg.bytes });
    let err = 0;
    for (let i = 0; i < img.data.length; i++) err += Math.abs(back.image.data[i]! - img.data[i]!);
    expect(err / img.data.length).toBeLessThan(3);
    expect(encodeImage({ image: noise({ width: 256, height: 256, seed: 2 }), provenance, format: "png" }).withinBudget).toBe(false);
  });
});
