/** A small CLIP-layout BPE vocabulary (bytes, bytes+</w>, merges, specials) for the tiny test models. */
import { BYTE_VOCAB_ORDER } from "../tokenizer.js";

export const TINY_WORDS = [
  "a", "an", "the", "of", "in", "on", "with", "and", "by",
  "photo", "painting", "portrait", "landscape", "sketch", "drawing", "watercolor", "oil",
  "cat", "dog", "fox", "bird", "horse", "tree", "flower", "mountain", "river", "sea", "city", "house",
  "red", "blue", "green", "yellow", "golden", "dark", "bright", "sunset", "night", "morning",
  "style", "artist", "detailed", "abstract", "old", "small", "big",
] as const;

/** Build `{ vocab, merges }` the way CLIP lays them out: merges grow each word left to right. */
export function buildTinyVocab({ words = TINY_WORDS }: { words?: readonly string[] } = {}): { vocab: Record<string, number>; merges: string[] } {
  const tokens: string[] = [...BYTE_VOCAB_ORDER, ...BYTE_VOCAB_ORDER.map((c) => `${c}</w>`)];
  const merges: string[] = [];
  const seen = new Set<string>();
  for (const word of words) {
    const chars = [...word];
    let symbols = [...chars.slice(0, -1), `${chars[chars.length - 1]}</w>`];
    while (symbols.length > 1) {
      const merge = `${symbols[0]} ${symbols[1]}`;
      const merged = symbols[0]! + symbols[1]!;
      if (!seen.has(merge)) {
        seen.add(merge);
        merges.push(merge);
        tokens.push(merged);
      }
      symbols = [merged, ...symbols.slice(2)];
    }
  }
  tokens.push("<|startoftext|>", "<|endoftext|>");
  const vocab: Record<string, number> = {};
  tokens.forEach((t, i) => {
    if (!(t in vocab)) vocab[t] = i;
  });
  return { vocab, merges };
}
