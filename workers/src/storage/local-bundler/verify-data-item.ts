/**
 * LOCAL BUNDLER STAND-IN: checks an uploaded ANS-104 data item with @irys/bundles: well-formed
 * binary and tags, a Solana (ed25519, type 4) signature by the owner key in the item, and derives
 * the id as base58(sha256(signature)) and the paying address as base58(owner).
 */
import { DataItem, SignatureConfig } from "@irys/bundles";
import bs58 from "bs58";

/** A verified item's facts. */
export interface VerifiedItem {
  id: string;
  address: string;
  owner: string;
  signatureType: number;
  anchor: string;
  tags: { name: string; value: string }[];
  dataStart: number;
  dataSize: number;
}

/** Why an item is refused. */
export type ItemRefusal = { ok: false; reason: string };

/** Verifies `raw` as a signed data item; never throws for bad bytes. */
export async function verifyDataItem({ raw }: { raw: Buffer }): Promise<({ ok: true } & VerifiedItem) | ItemRefusal> {
  if (raw.length < 80) return { ok: false, reason: "body is too short to be an ANS-104 data item" };
  try {
    const item = new DataItem(raw);
    if (item.signatureType !== SignatureConfig.SOLANA)
      return { ok: false, reason: `signature type ${item.signatureType} is not accepted; sign with a Solana key (type ${SignatureConfig.SOLANA})` };
    if (!(await DataItem.verify(raw))) return { ok: false, reason: "data item signature or tag encoding is invalid" };
    const dataStart = item.getStartOfData();
    return {
      ok: true,
      id: item.id,
      address: bs58.encode(item.rawOwner),
      owner: item.owner,
      signatureType: item.signatureType,
      anchor: item.rawAnchor.toString("utf8"),
      tags: item.tags,
      dataStart,
      dataSize: raw.length - dataStart,
    };
  } catch (error) {
    return { ok: false, reason: `malformed data item: ${(error as Error).message}` };
  }
}
