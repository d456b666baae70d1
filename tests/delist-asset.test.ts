import { delistAsset, fetchCoreAsset, fetchListing, listAsset, setPaused } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { balances, feeOf, newActor } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { acceptedJob } from "./fixtures/mint.js";
import { useProtocol } from "./fixtures/protocol.js";

describe("delist_asset", () => {
  const protocol = useProtocol({ per: "test" });

  it("returns the asset and the listing's rent to the seller, also while paused", async () => {
    const p = protocol.current;
    const minted = await acceptedJob({ p });
    const seller = minted.client;
    const { listing } = await listAsset({ client: seller.client, asset: minted.asset, price: 5_000 });
    const [before, rent] = await balances({ connection: p.connection, keys: [seller.keypair.publicKey, listing] });
    await setPaused({ client: p.admin.client, paused: true });

    const { signature } = await delistAsset({ client: seller.client, asset: minted.asset });
    const [after, held] = await balances({ connection: p.connection, keys: [seller.keypair.publicKey, listing] });
    expect(held).toBe(0);
    expect(after! - before!).toBe(rent! - (await feeOf({ connection: p.connection, signature })));
    expect(await fetchListing({ client: seller.client, asset: minted.asset })).toBeNull();
    expect((await fetchCoreAsset({ client: seller.client, asset: minted.asset }))?.owner.toString()).toBe(seller.keypair.publicKey.toBase58());
  });

  it("only the seller may delist, once", async () => {
    const p = protocol.current;
    const minted = await acceptedJob({ p });
    await listAsset({ client: minted.client.client, asset: minted.asset, price: 5_000 });
    const stranger = await newActor({ connection: p.connection, sol: 1 });
    await expectAtelierError({ call: delistAsset({ client: stranger.client, asset: minted.asset }), name: "NotListingSeller" });
    await delistAsset({ client: minted.client.client, asset: minted.asset });
    // The listing is closed: Anchor refuses the missing account. (A compute limit makes this a new
    // transaction, not a byte-identical replay the runtime would refuse as AlreadyProcessed.)
    await expectNamedError({
      call: delistAsset({ client: minted.client.client, asset: minted.asset, computeUnitLimit: 300_000 }),
      name: "AccountNotInitialized",
    });
  });
});
