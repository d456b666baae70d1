import { artistPda, fetchArtist, registerArtist } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { balances, feeOf, newActor, rentOf } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { profile, useProtocol } from "./fixtures/protocol.js";

const ARTIST_BYTES = 427;

describe("register_artist", () => {
  const protocol = useProtocol();

  it("opts an artist in at its PDA; the authority pays the rent", async () => {
    const p = protocol.current;
    const artist = await newActor({ connection: p.connection, sol: 1 });
    const payout = (await newActor({ connection: p.connection, sol: 0.01 })).keypair.publicKey;
    const [before] = await balances({ connection: p.connection, keys: [artist.keypair.publicKey] });
    const { signature, artist: address } = await registerArtist({ client: artist.client, ...profile({ name: "Hokusai", payout }) });
    expect(address).toEqual(artistPda({ authority: artist.keypair.publicKey }).address);
    const account = await fetchArtist({ client: artist.client, authority: artist.keypair.publicKey });
    expect(account).toMatchObject({ displayName: "Hokusai", catalogUri: "ar://catalog-Hokusai", optedIn: true });
    expect(account?.payout).toEqual(payout);
    const [after, held] = await balances({ connection: p.connection, keys: [artist.keypair.publicKey, address] });
    const rent = await rentOf({ connection: p.connection, bytes: ARTIST_BYTES });
    expect(held).toBe(rent);
    expect(before! - after!).toBe(rent + (await feeOf({ connection: p.connection, signature })));
  });

  it("refuses a second registration, bad names, URIs and hashes", async () => {
    const p = protocol.current;
    const artist = await newActor({ connection: p.connection, sol: 1 });
    const good = profile({ name: "Klimt", payout: artist.keypair.publicKey });
    await expectAtelierError({ call: registerArtist({ client: artist.client, ...good, displayName: "" }), name: "InvalidDisplayName" });
    await expectAtelierError({ call: registerArtist({ client: artist.client, ...good, displayName: "n".repeat(33) }), name: "InvalidDisplayName" });
    await expectAtelierError({ call: registerArtist({ client: artist.client, ...good, catalogUri: "" }), name: "InvalidUri" });
    await expectAtelierError({ call: registerArtist({ client: artist.client, ...good, catalogHash: new Uint8Array(32) }), name: "InvalidCatalogHash" });
    await registerArtist({ client: artist.client, ...good });
    await expectNamedError({ call: registerArtist({ client: artist.client, ...good, displayName: "Klimt II" }), name: "AccountAlreadyInUse" });
  });
});
