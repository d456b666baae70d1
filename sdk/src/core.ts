import { MPL_CORE_PROGRAM_ID, mplCore, safeFetchAssetV1, safeFetchCollectionV1, type AssetV1, type CollectionV1 } from "@metaplex-foundation/mpl-core";
import { publicKey as umiPublicKey, type Umi } from "@metaplex-foundation/umi";
import { createUmi } from "@metaplex-foundation/umi-bundle-defaults";
import { PublicKey } from "@solana/web3.js";
import type { AtelierClient } from "./client.js";
import { configPda } from "./pda.js";

/** The Metaplex Core program id (on localnet a native stand-in is registered at it). */
export const CORE_PROGRAM_ID = new PublicKey(MPL_CORE_PROGRAM_ID);

/**
 * Metaplex Core reads through umi over the client's connection. On localnet the Core program
 * is a native stand-in registered at the Core program id; on real clusters it is Core itself.
 */
export function createCoreUmi({ client }: { client: AtelierClient }): Umi {
  return createUmi(client.connection).use(mplCore());
}

/** umi knows only the three standard commitments. */
function umiCommitment(client: AtelierClient): "processed" | "confirmed" | "finalized" {
  const c = client.commitment;
  return c === "processed" || c === "finalized" ? c : "confirmed";
}

const cache = new WeakMap<AtelierClient, Umi>();
function umiOf(client: AtelierClient): Umi {
  let umi = cache.get(client);
  if (!umi) {
    umi = createCoreUmi({ client });
    cache.set(client, umi);
  }
  return umi;
}

/** A Core asset decoded with `@metaplex-foundation/mpl-core` (plugins included), or null. */
export async function fetchCoreAsset({ client, asset }: { client: AtelierClient; asset: PublicKey }): Promise<AssetV1 | null> {
  return safeFetchAssetV1(umiOf(client), umiPublicKey(asset.toBase58()), { commitment: umiCommitment(client) });
}

/** A Core collection decoded with `@metaplex-foundation/mpl-core`, or null. */
export async function fetchCoreCollection({
  client,
  collection,
}: {
  client: AtelierClient;
  collection: PublicKey;
}): Promise<CollectionV1 | null> {
  return safeFetchCollectionV1(umiOf(client), umiPublicKey(collection.toBase58()), { commitment: umiCommitment(client) });
}

/**
 * The Atelier collection (the one the config records) decoded with `@metaplex-foundation/mpl-core`,
 * or null before `initialize_collection`.
 */
export async function fetchAtelierCollection({ client }: { client: AtelierClient }): Promise<CollectionV1 | null> {
  const config = await client.program.account.config.fetchNullable(configPda({ programId: client.programId }).address, client.commitment);
  if (!config?.collection) return null;
  return fetchCoreCollection({ client, collection: config.collection });
}
