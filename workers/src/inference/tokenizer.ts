/**
 * CLIP byte-level BPE tokenizer (the one used by Stable Diffusion text encoders and CLIP), reading the
 * Hugging Face `vocab.json` + `merges.txt` files. Matches `CLIPTokenizer` without ftfy: whitespace
 * cleaned, lower-cased, `<|startoftext|>` … `<|endoftext|>`, truncated and padded to `maxLength`.
 */
import { readFile } from "node:fs/promises";
import { InferenceError, InferenceErrorCode } from "./errors.js";

export interface TokenizerConfig {
  /** Sequence length the text encoder expects (77 for CLIP). */
  readonly maxLength: number;
  readonly bosToken: string;
  readonly eosToken: string;
  /** Padding token: `<|endoftext|>` for OpenAI CLIP, `!` (id 0) for SD 2.x / SD-Turbo. */
  readonly padToken: string;
  readonly lowercase: boolean;
}

export interface EncodedText {
  /** Length `maxLength`: bos, tokens, eos, padding. */
  readonly inputIds: readonly number[];
  /** 1 for bos, tokens and eos; 0 for padding. */
  readonly attentionMask: readonly number[];
  /** Tokens of the prompt itself (without bos/eos), before truncation. */
  readonly tokenCount: number;
  readonly truncated: boolean;
}

export interface Tokenizer {
  readonly config: TokenizerConfig;
  readonly vocabSize: number;
  readonly padTokenId: number;
  encode(args: { text: string }): EncodedText;
  /** BPE tokens of `text` (no specials, no truncation): for debugging and tests. */
  tokenize(args: { text: string }): string[];
}

/** GPT-2 / CLIP reversible byte -> printable unicode mapping. Index = byte value. */
export const BYTE_TO_UNICODE: readonly string[] = (() => {
  const bs: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bs.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bs.push(b);
  for (let b = 0xae; b <= 0xff; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const table: string[] = new Array(256);
  bs.forEach((b, i) => (table[b] = String.fromCodePoint(cs[i]!)));
  return table;
})();

/** The byte order CLIP uses to lay out the first 256 (and next 256 `</w>`) vocabulary entries. */
export const BYTE_VOCAB_ORDER: readonly string[] = (() => {
  const bs: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bs.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bs.push(b);
  for (let b = 0xae; b <= 0xff; b++) bs.push(b);
  for (let b = 0; b < 256; b++) if (!bs.includes(b)) bs.push(b);
  return bs.map((b) => BYTE_TO_UNICODE[b]!);
})();

const PATTERN = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu;

export function createTokenizer({
  vocab,
  merges,
  config,
}: {
  vocab: Readonly<Record<string, number>>;
  merges: readonly string[];
  config: TokenizerConfig;
}): Tokenizer {
  const encoder = new Map(Object.entries(vocab));
  const ranks = new Map<string, number>();
  merges.forEach((m, i) => {
    const parts = m.split(" ");
    if (parts.length !== 2) throw new InferenceError({ code: InferenceErrorCode.TokenizerInvalid, message: `merges line ${i + 1} is not "a b": ${JSON.stringify(m)}` });
    ranks.set(m, i);
  });
  const idOf = (token: string, what: string): number => {
    const id = encoder.get(token);
    if (id === undefined) throw new InferenceError({ code: InferenceErrorCode.TokenizerInvalid, message: `tokenizer vocab has no ${what} token ${JSON.stringify(token)}` });
    return id;
  };
  const bos = idOf(config.bosToken, "bos");
  const eos = idOf(config.eosToken, "eos");
  const pad = idOf(config.padToken, "pad");
  const cache = new Map<string, string[]>();

  const bpe = (token: string): string[] => {
    const cached = cache.get(token);
    if (cached) return cached;
    const chars = [...token];
    let word = [...chars.slice(0, -1), `${chars[chars.length - 1]}</w>`];
    while (word.length > 1) {
      let best = -1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i < word.length - 1; i++) {
        const r = ranks.get(`${word[i]} ${word[i + 1]}`);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      const [a, b] = [word[best]!, word[best + 1]!];
      const merged: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i < word.length - 1 && word[i] === a && word[i + 1] === b) {
          merged.push(a + b);
          i++;
        } else merged.push(word[i]!);
      }
      word = merged;
    }
    if (cache.size < 10_000) cache.set(token, word);
    return word;
  };

  const tokenize = ({ text }: { text: string }): string[] => {
    let clean = text.replace(/\s+/g, " ").trim();
    if (config.lowercase) clean = clean.toLowerCase();
    const out: string[] = [];
    for (const match of clean.matchAll(PATTERN)) {
      const piece = match[0];
      if (piece === config.bosToken || piece === config.eosToken) {
        out.push(piece);
        continue;
      }
      const mapped = Array.from(new TextEncoder().encode(piece), (b) => BYTE_TO_UNICODE[b]!).join("");
      out.push(...bpe(mapped));
    }
    return out;
  };

  const encode = ({ text }: { text: string }): EncodedText => {
    const unk = eos; // CLIP's unk_token is <|endoftext|>
    const ids = tokenize({ text }).map((t) => encoder.get(t) ?? unk);
    const room = config.maxLength - 2;
    const body = ids.slice(0, room);
    const inputIds = [bos, ...body, eos];
    const attentionMask = inputIds.map(() => 1);
    while (inputIds.length < config.maxLength) {
      inputIds.push(pad);
      attentionMask.push(0);
    }
    return { inputIds, attentionMask, tokenCount: ids.length, truncated: ids.length > room };
  };

  return { config, vocabSize: encoder.size, padTokenId: pad, encode, tokenize };
}

/** Load a tokenizer from Hugging Face style files (`vocab.json`, `merges.txt` with a `#version` header). */
export async function loadTokenizer({
  vocabPath,
  mergesPath,
  config,
}: {
  vocabPath: string;
  mergesPath: string;
  config: TokenizerConfig;
}): Promise<Tokenizer> {
  let vocab: Record<string, number>;
  try {
    vocab = JSON.parse(await readFile(vocabPath, "utf8")) as Record<string, number>;
  } catch (cause) {
    throw new InferenceError({ code: InferenceErrorCode.TokenizerInvalid, message: `cannot read tokenizer vocab ${vocabPath}: ${(cause as Error).message}`, cause });
  }
  const merges = (await readFile(mergesPath, "utf8"))
    .split("\n")
    .filter((line, i) => line.length > 0 && !(i === 0 && line.startsWith("#version")));
  return createTokenizer({ vocab, merges, config });
}
