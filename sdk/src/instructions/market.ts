import { PublicKey, SystemProgram, type TransactionInstruction } from "@solana/web3.js";
import { fetchConfig, fetchListing } from "../accounts.js";
import { signerKey, type AtelierClient } from "../client.js";
import { CORE_PROGRAM_ID, fetchCoreAsset } from "../core.js";
import { accountNotFound, AtelierError, ERROR_SOURCE } from "../errors.js";
import { collectionPda, configPda, listingPda } from "../pda.js";
import type { SendOptions, SentTransaction } from "../tx.js";
import { toBN, type IntLike } from "../types.js";
import { sendOne } from "./send.js";


/** The collection the config records (its PDA before `initialize_collection`: the program then answers CollectionMismatch). */
async function collectionOf({ client }: { client: AtelierClient }): Promise<PublicKey> {
  const config = await fetchConfig({ client });
  if (!config) throw accountNotFound({ what: "config", address: configPda({ programId: client.programId }).address });
  return config.collection ?? collectionPda({ programId: client.programId }).address;
}

/** `list_asset`: the owner lists an Atelier asset at a price; the asset moves into the listing's escrow. */
export interface ListAssetInput {
  client: AtelierClient;
  asset: PublicKey;
  /** Lamports, royalty included. */
  price: IntLike;
}

export async function listAssetIx({ client, asset, price }: ListAssetInput): Promise<TransactionInstruction> {
  const programId = client.programId;
  return client.program.methods
    .listAsset(toBN({ value: price, what: "price" }))
    .accountsStrict({
      seller: signerKey({ client }),
      config: configPda({ programId }).address,
      asset,
      collection: await collectionOf({ client }),
      listing: listingPda({ asset, programId }).address,
      coreProgram: CORE_PROGRAM_ID,
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

/** Sends `list_asset`; returns the listing address with the signature. */
export async function listAsset(input: ListAssetInput & SendOptions): Promise<SentTransaction & { listing: PublicKey }> {
  const sent = await sendOne({ input, instruction: await listAssetIx(input) });
  return { ...sent, listing: listingPda({ asset: input.asset, programId: input.client.programId }).address };
}

/** `delist_asset`: the seller ends a listing; the asset and the listing's rent return to them. */
export interface DelistAssetInput {
  client: AtelierClient;
  asset: PublicKey;
}

export async function delistAssetIx({ client, asset }: DelistAssetInput): Promise<TransactionInstruction> {
  const programId = client.programId;
  return client.program.methods
    .delistAsset()
    .accountsStrict({
      seller: signerKey({ client }),
      config: configPda({ programId }).address,
      listing: listingPda({ asset, programId }).address,
      asset,
      collection: await collectionOf({ client }),
      coreProgram: CORE_PROGRAM_ID,
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

export async function delistAsset(input: DelistAssetInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await delistAssetIx(input) });
}

/**
 * `buy_asset`: the buyer pays `price` (which must equal the listing's); the royalty goes to the
 * asset's Royalties creator (its splitter, or the treasury), the rest to the seller.
 */
export interface BuyAssetInput {
  client: AtelierClient;
  asset: PublicKey;
  /** The price the buyer agrees to pay, in lamports; the program refuses any other (PriceMismatch). */
  price: IntLike;
  /** The listing's seller; read from the listing unless given. */
  seller?: PublicKey;
  /** The asset's single Royalties creator; read from the asset through mpl-core unless given. */
  royaltyRecipient?: PublicKey;
}

async function royaltyRecipientOf({ client, asset }: { client: AtelierClient; asset: PublicKey }): Promise<PublicKey> {
  const decoded = await fetchCoreAsset({ client, asset });
  if (!decoded) throw accountNotFound({ what: "asset", address: asset });
  const creator = decoded.royalties?.creators[0];
  if (!creator) {
    throw new AtelierError({
      name: "MissingRoyalties",
      code: null,
      source: ERROR_SOURCE.runtime,
      message: `asset ${asset.toBase58()} has no Royalties plugin with a creator`,
    });
  }
  return new PublicKey(creator.address);
}

export async function buyAssetIx({ client, asset, price, seller, royaltyRecipient }: BuyAssetInput): Promise<TransactionInstruction> {
  const programId = client.programId;
  let sellerKey = seller;
  if (!sellerKey) {
    const listing = await fetchListing({ client, asset });
    if (!listing) throw accountNotFound({ what: "listing", address: listingPda({ asset, programId }).address });
    sellerKey = listing.seller;
  }
  return client.program.methods
    .buyAsset(toBN({ value: price, what: "price" }))
    .accountsStrict({
      buyer: signerKey({ client }),
      seller: sellerKey,
      config: configPda({ programId }).address,
      listing: listingPda({ asset, programId }).address,
      asset,
      collection: await collectionOf({ client }),
      royaltyRecipient: royaltyRecipient ?? (await royaltyRecipientOf({ client, asset })),
      coreProgram: CORE_PROGRAM_ID,
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

/** Sends `buy_asset`; the split is in the `AssetSold` event. */
export async function buyAsset(input: BuyAssetInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await buyAssetIx(input) });
}
