import { CORE_PROGRAM_ID, fetchCoreAsset, fetchListing, listAsset, listAssetIx, listingPda, sendInstructions } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { balances, feeOf, newActor, rentOf } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { acceptedJob } from "./fixtures/mint.js";
import { useProtocol } from "./fixtures/protocol.js";
import { LISTING_BYTES } from "./fixtures/sizes.js";

describe("list_asset", () => {
  const protocol = useProtocol();

  it("moves the asset into the listing's escrow at a price; the seller pays the listing's rent", async () => {
    const p = protocol.current;
    const minted = await acceptedJob({ p });
    const seller = minted.client;
    const [before] = await balances({ connection: p.connection, keys: [seller.keypair.publicKey] });
    const { signature, listing } = await listAsset({ client: seller.client, asset: minted.asset, price: 250_000_000 });

    expect(listing).toEqual(listingPda({ asset: minted.asset }).address);
    const account = await fetchListing({ client: seller.client, asset: minted.asset });
    expect(account?.asset).toEqual(minted.asset);
    expect(account?.seller).toEqual(seller.keypair.publicKey);
    expect(account?.price.toNumber()).toBe(250_000_000);
    expect((await fetchCoreAsset({ client: seller.client, asset: minted.asset }))?.owner.toString()).toBe(listing.toBase58());
    const rent = await rentOf({ connection: p.connection, bytes: LISTING_BYTES });
    const [after, held] = await balances({ connection: p.connection, keys: [seller.keypair.publicKey, listing] });
    expect(held).toBe(rent);
    expect(before! - after!).toBe(rent + (await feeOf({ connection: p.connection, signature })));
  });

  it("refuses a not-owned asset, a zero price, a second listing and a non-Atelier account", async () => {
    const p = protocol.current;
    const minted = await acceptedJob({ p });
    const stranger = await newActor({ connection: p.connection, sol: 1 });
    await expectAtelierError({ call: listAsset({ client: stranger.client, asset: minted.asset, price: 1 }), name: "NotAssetOwner" });
    await expectAtelierError({ call: listAsset({ client: minted.client.client, asset: minted.asset, price: 0 }), name: "ZeroPrice" });
    // Not a Core asset: a program account of Atelier (the provenance record).
    await expectAtelierError({ call: listAsset({ client: minted.client.client, asset: minted.provenance, price: 1 }), name: "NotAtelierAsset" });
    // A wrong Core program id is refused by the program.
    const ix = await listAssetIx({ client: minted.client.client, asset: minted.asset, price: 1 });
    const core = ix.keys.findIndex((k) => k.pubkey.equals(CORE_PROGRAM_ID));
    ix.keys[core]!.pubkey = stranger.keypair.publicKey;
    await expectAtelierError({ call: sendInstructions({ client: minted.client.client, instructions: [ix] }), name: "InvalidCoreProgram" });

    await listAsset({ client: minted.client.client, asset: minted.asset, price: 10 });
    // Listed once: the listing PDA exists (the system program refuses to create it again).
    await expectNamedError({ call: listAsset({ client: minted.client.client, asset: minted.asset, price: 20 }), name: "AccountAlreadyInUse" });
    expect((await fetchListing({ client: minted.client.client, asset: minted.asset }))?.price.toNumber()).toBe(10);
  });
});
