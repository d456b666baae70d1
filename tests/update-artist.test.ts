import { fetchArtist, optOutArtist, updateArtist } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { newActor } from "./fixtures/chain.js";
import { expectAtelierError } from "./fixtures/errors.js";
import { newArtist, profile, useProtocol } from "./fixtures/protocol.js";

describe("update_artist", () => {
  const protocol = useProtocol();

  it("changes payout, name and catalog, also after opting out", async () => {
    const p = protocol.current;
    const artist = await newArtist({ p, name: "Monet" });
    const payout = (await newActor({ connection: p.connection, sol: 0.01 })).keypair.publicKey;
    await updateArtist({ client: artist.client, ...profile({ name: "Claude Monet", payout }) });
    let account = await fetchArtist({ client: artist.client, authority: artist.keypair.publicKey });
    expect(account).toMatchObject({ displayName: "Claude Monet", catalogUri: "ar://catalog-Claude Monet", optedIn: true });
    expect(account?.payout).toEqual(payout);

    await optOutArtist({ client: artist.client });
    await updateArtist({ client: artist.client, ...profile({ name: "C. Monet", payout }) });
    account = await fetchArtist({ client: artist.client, authority: artist.keypair.publicKey });
    expect(account).toMatchObject({ displayName: "C. Monet", optedIn: false });
  });

  it("refuses invalid profiles and wallets without an artist account", async () => {
    const p = protocol.current;
    const artist = await newArtist({ p, name: "Degas" });
    const good = profile({ name: "Degas", payout: artist.keypair.publicKey });
    await expectAtelierError({ call: updateArtist({ client: artist.client, ...good, catalogUri: "u".repeat(201) }), name: "InvalidUri" });
    // A stranger's signature derives the stranger's (missing) artist PDA: Anchor refuses it.
    const stranger = await newActor({ connection: p.connection, sol: 1 });
    await expect(updateArtist({ client: stranger.client, ...good })).rejects.toMatchObject({ name: "AccountNotInitialized", code: 3012 });
    expect((await fetchArtist({ client: artist.client, authority: artist.keypair.publicKey }))?.displayName).toBe("Degas");
  });
});
