import { buyAsset, buyAssetIx, delistAsset, fetchCoreAsset, fetchListing, listAsset, sendInstructions, setPaused, subscribeEvents, type AtelierEvent } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { balances, feeOf, newActor } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { acceptedJob } from "./fixtures/mint.js";
import { DEFAULT_PARAMS, newArtist, useProtocol } from "./fixtures/protocol.js";

const royaltyOf = (price: number) => Math.floor((price * DEFAULT_PARAMS.royaltyBps!) / 10_000);

describe("buy_asset", () => {
  const protocol = useProtocol();

  it("pays the royalty to the splitter and the rest with the listing's rent to the seller; the asset moves to the buyer", async () => {
    const p = protocol.current;
    const artist = await newArtist({ p, name: "Monet" });
    const minted = await acceptedJob({ p, influences: [{ artist: artist.artist, bps: 10_000 }] });
    const price = 777_777_777;
    const { listing } = await listAsset({ client: minted.client.client, asset: minted.asset, price });
    const buyer = await newActor({ connection: p.connection, sol: 5 });
    const events: AtelierEvent[] = [];
    const stop = subscribeEvents({ client: buyer.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100 });
    await stop.ready;
    const keys = [buyer.keypair.publicKey, minted.client.keypair.publicKey, minted.splitter, listing];
    const before = await balances({ connection: p.connection, keys });

    const { signature } = await buyAsset({ client: buyer.client, asset: minted.asset, price });
    const after = await balances({ connection: p.connection, keys });
    const fee = await feeOf({ connection: p.connection, signature });
    const royalty = royaltyOf(price);
    expect(after.map((a, i) => a - before[i]!)).toEqual([-(price + fee), price - royalty + before[3]!, royalty, -before[3]!]);
    expect((await fetchCoreAsset({ client: buyer.client, asset: minted.asset }))?.owner.toString()).toBe(buyer.keypair.publicKey.toBase58());
    expect(await fetchListing({ client: buyer.client, asset: minted.asset })).toBeNull();

    await expect.poll(() => events.some((e) => e.name === "assetSold" && e.signature === signature), { timeout: 10_000 }).toBe(true);
    const sold = events.find((e) => e.name === "assetSold") as AtelierEvent<"assetSold">;
    expect(sold.data.royalty.toNumber()).toBe(royalty);
    expect(sold.data.royaltyRecipient).toEqual(minted.splitter);
    expect(sold.data.sellerProceeds.toNumber()).toBe(price - royalty);
    await stop();
  });

  it("an image without artists pays its royalty to the treasury", async () => {
    const p = protocol.current;
    const minted = await acceptedJob({ p });
    const price = 1_000_000;
    await listAsset({ client: minted.client.client, asset: minted.asset, price });
    const buyer = await newActor({ connection: p.connection, sol: 2 });
    const [before] = await balances({ connection: p.connection, keys: [p.treasury.publicKey] });
    await buyAsset({ client: buyer.client, asset: minted.asset, price });
    const [after] = await balances({ connection: p.connection, keys: [p.treasury.publicKey] });
    expect(after! - before!).toBe(royaltyOf(price));
  });

  it("refuses a wrong price, a wrong royalty recipient, the seller itself, a delisted asset, and while paused", async () => {
    const p = protocol.current;
    const artist = await newArtist({ p, name: "Degas" });
    const minted = await acceptedJob({ p, influences: [{ artist: artist.artist, bps: 10_000 }] });
    const seller = minted.client;
    await listAsset({ client: seller.client, asset: minted.asset, price: 1_000 });
    const buyer = await newActor({ connection: p.connection, sol: 2 });
    await expectAtelierError({ call: buyAsset({ client: buyer.client, asset: minted.asset, price: 999 }), name: "PriceMismatch" });
    await expectAtelierError({
      call: buyAsset({ client: buyer.client, asset: minted.asset, price: 1_000, royaltyRecipient: p.treasury.publicKey }),
      name: "RoyaltyRecipientMismatch",
    });
    await expectAtelierError({ call: buyAsset({ client: buyer.client, asset: minted.asset, price: 1_000, seller: buyer.keypair.publicKey }), name: "NotListingSeller" });
    await expectAtelierError({ call: buyAsset({ client: seller.client, asset: minted.asset, price: 1_000 }), name: "SelfPurchase" });

    await setPaused({ client: p.admin.client, paused: true });
    await expectAtelierError({ call: buyAsset({ client: buyer.client, asset: minted.asset, price: 1_000 }), name: "ProtocolPaused" });
    await setPaused({ client: p.admin.client, paused: false });

    // Built while listed, sent after the delist: the listing no longer exists.
    const stale = await buyAssetIx({ client: buyer.client, asset: minted.asset, price: 1_000 });
    await delistAsset({ client: seller.client, asset: minted.asset });
    const [buyerBefore] = await balances({ connection: p.connection, keys: [buyer.keypair.publicKey] });
    await expectNamedError({ call: sendInstructions({ client: buyer.client, instructions: [stale] }), name: "AccountNotInitialized" });
    await expectNamedError({ call: buyAsset({ client: buyer.client, asset: minted.asset, price: 1_000 }), name: "AccountNotFound" });
    const [buyerAfter] = await balances({ connection: p.connection, keys: [buyer.keypair.publicKey] });
    expect(buyerAfter).toBe(buyerBefore);
    expect((await fetchCoreAsset({ client: buyer.client, asset: minted.asset }))?.owner.toString()).toBe(seller.keypair.publicKey.toBase58());
  });
});
