/**
 * On-chain addresses as BullMQ job ids: a base58 string that decodes to exactly 32 bytes. Checked
 * here without the chain SDK so the queues stay chain-agnostic.
 */
import { z } from "zod";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const DIGIT = new Map([...ALPHABET].map((c, i) => [c, BigInt(i)]));

/** Decoded byte length of a base58 string, or undefined when it holds a non-alphabet character. */
export function base58ByteLength({ text }: { text: string }): number | undefined {
  let value = 0n;
  for (const c of text) {
    const digit = DIGIT.get(c);
    if (digit === undefined) return undefined;
    value = value * 58n + digit;
  }
  let leadingZeros = 0;
  while (text[leadingZeros] === "1") leadingZeros++;
  const bodyBytes = value === 0n ? 0 : Math.ceil(value.toString(16).length / 2);
  return leadingZeros + bodyBytes;
}

/** True for a base58 string of a 32-byte public key (what a Solana account address is). */
export function isAddress({ text }: { text: string }): boolean {
  return text.length >= 32 && text.length <= 44 && base58ByteLength({ text }) === 32;
}

/** zod schema of an on-chain address in base58. */
export const addressSchema = z.string().refine((text) => isAddress({ text }), { message: "must be a base58 32-byte address" });
