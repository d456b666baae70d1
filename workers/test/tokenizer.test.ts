import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BYTE_VOCAB_ORDER, createTokenizer, loadTokenizer } from "../src/inference/tokenizer.js";
import { tinyModels } from "./helpers/tiny-models.js";

// A hand-written CLIP-layout vocabulary: ids 0..255 bytes, 256..511 bytes+</w>, then merges, then specials.
function handVocab(): Record<string, number> {
  const vocab: Record<string, number> = {};
  BYTE_VOCAB_ORDER.forEach((c, i) => {
    vocab[c] = i;
    vocab[`${c}</w>`] = 256 + i;
  });
  vocab.ca = 512;
  vocab["cat</w>"] = 513;
  vocab["<|startoftext|>"] = 514;
  vocab["<|endoftext|>"] = 515;
  return vocab;
}

const config = { maxLength: 8, bosToken: "<|startoftext|>", eosToken: "<|endoftext|>", padToken: "<|endoftext|>", lowercase: true };

describe("CLIP BPE tokenizer", () => {
  it("maps bytes the way CLIP does ('!' = 0, 'a</w>' = 320)", () => {
    const tok = createTokenizer({ vocab: handVocab(), merges: [], config });
    expect(tok.encode({ text: "!" }).inputIds.slice(0, 3)).toEqual([514, 256, 515]);
    // 'a' is the 65th printable byte (0x61 - 0x21 = 64), so 'a</w>' = 256 + 64 = 320, as in OpenAI's vocab.
    expect(tok.encode({ text: "a" }).inputIds[1]).toBe(320);
  });

  it("applies merges by rank, lower-cases, splits punctuation and pads with the pad token", () => {
    const tok = createTokenizer({ vocab: handVocab(), merges: ["c a", "ca t</w>"], config });
    expect(tok.tokenize({ text: "  A   CAT! " })).toEqual(["a</w>", "cat</w>", "!</w>"]);
    const enc = tok.encode({ text: "A cat!" });
    expect(enc.inputIds).toEqual([514, 320, 513, 256, 515, 515, 515, 515]);
    expect(enc.attentionMask).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
    expect(enc.truncated).toBe(false);
  });

  it("encodes non-ASCII as UTF-8 byte symbols", () => {
    const tok = createTokenizer({ vocab: handVocab(), merges: [], config });
    // é = C3 A9; byte 0xC3 sits at index 94 + 12 + (0xC3 - 0xAE) = 127, byte 0xA9 at 94 + (0xA9 - 0xA1) = 102.
    expect(tok.encode({ text: "é" }).inputIds.slice(1, 3)).toEqual([127, 256 + 102]);
  });

  it("truncates to maxLength keeping bos and eos", () => {
    const tok = createTokenizer({ vocab: handVocab(), merges: ["c a", "ca t</w>"], config });
    const enc = tok.encode({ text: "cat cat cat cat cat cat cat cat" });
    expect(enc.inputIds).toEqual([514, 513, 513, 513, 513, 513, 513, 515]);
    expect(enc.truncated).toBe(true);
    expect(enc.tokenCount).toBe(8);
  });

  it("follows the model's padding rule: '!' (id 0) for SD 2.x style, eos for OpenAI CLIP", () => {
    const sd = createTokenizer({ vocab: handVocab(), merges: [], config: { ...config, padToken: "!" } });
    expect(sd.encode({ text: "a" }).inputIds).toEqual([514, 320, 515, 0, 0, 0, 0, 0]);
  });

  describe("generated tiny vocabulary", () => {
    let dir = "";
    beforeAll(async () => {
      dir = (await tinyModels()).sd;
    });

    it("tokenizes whole known words to single ids", async () => {
      const tok = await loadTokenizer({
        vocabPath: join(dir, "tokenizer/vocab.json"),
        mergesPath: join(dir, "tokenizer/merges.txt"),
        config: { ...config, maxLength: 77, padToken: "!" },
      });
      expect(tok.tokenize({ text: "a photo of a cat" })).toEqual(["a</w>", "photo</w>", "of</w>", "a</w>", "cat</w>"]);
      const enc = tok.encode({ text: "a photo of a cat" });
      expect(enc.inputIds.length).toBe(77);
      expect(enc.inputIds[1]).toBe(320);
      expect(enc.inputIds[6]).toBe(tok.encode({ text: "" }).inputIds[1]); // eos after 5 tokens
      expect(enc.inputIds.slice(7).every((id) => id === 0)).toBe(true);
    });
  });
});
