/**
 * Deterministic ANS-104 anchors. The Irys client puts 32 random bytes in each item's anchor, so the
 * same bytes uploaded twice get two ids. Atelier derives the anchor from (kind, job, content hash)
 * instead; ed25519 signatures are deterministic too, so the signed item, and its id
 * (sha256 of the signature), are the same on every attempt. A worker that crashed after uploading
 * re-creates the same id and the bundler answers "already received" instead of storing (and
 * charging) twice.
 */
import { createHash } from "node:crypto";
import type { ItemKind } from "./tags.js";

/** The 32-character anchor for one item of one job. */
export function itemAnchor({ kind, job, contentHash }: { kind: ItemKind; job: string; contentHash: string }): string {
  return createHash("sha256").update(`atelier/anchor/v1|${kind}|${job}|${contentHash}`).digest("base64url").slice(0, 32);
}
