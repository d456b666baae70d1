/** Baseline JPEG via jpeg-js (pure JS), with provenance carried as an XMP packet in an APP1 segment. */
import jpeg from "jpeg-js";
import { type Raster, assertRaster } from "./raster.js";

const XMP_HEADER = "http://ns.adobe.com/xap/1.0/\0";

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function unescapeXml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&gt;/g, ">").replace(/&lt;/g, "<").replace(/&amp;/g, "&");
}

export function xmpPacket({ provenanceJson }: { provenanceJson: string }): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:atelier="https://atelier.art/ns/1.0/"><atelier:provenance>${escapeXml(provenanceJson)}</atelier:provenance></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="r"?>`;
}

/** Insert an APP1 XMP segment right after SOI / APP0 (JFIF). */
function insertXmp(jpg: Uint8Array, xmp: string): Uint8Array {
  const payload = Buffer.concat([Buffer.from(XMP_HEADER, "latin1"), Buffer.from(xmp, "utf8")]);
  if (payload.length + 2 > 0xffff) throw new RangeError("XMP packet too large for one APP1 segment");
  const seg = Buffer.alloc(4);
  seg.writeUInt16BE(0xffe1, 0);
  seg.writeUInt16BE(payload.length + 2, 2);
  let at = 2;
  if (jpg[2] === 0xff && jpg[3] === 0xe0) at = 4 + ((jpg[4]! << 8) | jpg[5]!);
  return new Uint8Array(Buffer.concat([jpg.subarray(0, at), seg, payload, jpg.subarray(at)]));
}

export function encodeJpeg({ image, quality, provenanceJson }: { image: Raster; quality: number; provenanceJson?: string }): Uint8Array {
  assertRaster({ image });
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let p = 0; p < image.width * image.height; p++) {
    rgba[p * 4] = image.data[p * image.channels]!;
    rgba[p * 4 + 1] = image.data[p * image.channels + 1]!;
    rgba[p * 4 + 2] = image.data[p * image.channels + 2]!;
    rgba[p * 4 + 3] = 255;
  }
  const encoded = jpeg.encode({ data: Buffer.from(rgba.buffer), width: image.width, height: image.height }, quality).data;
  const bytes = new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  return provenanceJson === undefined ? bytes : insertXmp(bytes, xmpPacket({ provenanceJson }));
}

export function decodeJpeg({ bytes }: { bytes: Uint8Array }): Raster {
  const d = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  return { width: d.width, height: d.height, channels: 3, data: d.data };
}

/** The atelier provenance JSON inside an XMP packet, if present. */
export function provenanceFromXmp({ xml }: { xml: string }): string | undefined {
  const m = /<atelier:provenance>([\s\S]*?)<\/atelier:provenance>/.exec(xml);
  return m ? unescapeXml(m[1]!) : undefined;
}

/** The provenance JSON string from a JPEG's XMP packet, if any. */
export function readJpegProvenance({ bytes }: { bytes: Uint8Array }): string | undefined {
  let pos = 2;
  while (pos + 4 <= bytes.length && bytes[pos] === 0xff) {
    const marker = bytes[pos + 1]!;
    if (marker === 0xda || marker === 0xd9) break; // start of scan / end of image
    const len = (bytes[pos + 2]! << 8) | bytes[pos + 3]!;
    if (marker === 0xe1) {
      const body = Buffer.from(bytes.subarray(pos + 4, pos + 2 + len));
      if (body.toString("latin1", 0, XMP_HEADER.length) === XMP_HEADER) {
        const found = provenanceFromXmp({ xml: body.toString("utf8", XMP_HEADER.length) });
        if (found !== undefined) return found;
      }
    }
    pos += 2 + len;
  }
  return undefined;
}
