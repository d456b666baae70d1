import { fetchArtist, optOutArtist, optOutArtistIx, sendInstructions } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { newArtist, submittedJob, useProtocol } from "./fixtures/protocol.js";
import { withAccount } from "./fixtures/tamper.js";

describe("opt_out_artist", () => {
  const protocol = useProtocol();

  it("opts out once; new images may no longer name the artist", async () => {
    const p = protocol.current;
    const artist = await newArtist({ p, name: "Turner" });
    await optOutArtist({ client: artist.client });
    expect((await fetchArtist({ client: artist.client, authority: artist.keypair.publicKey }))?.optedIn).toBe(false);
    // A distinct transaction (another compute limit): a byte-identical one is a replay, see replay.test.ts.
    await expectAtelierError({ call: optOutArtist({ client: artist.client, computeUnitLimit: 300_000 }), name: "ArtistOptedOut" });
    await expectAtelierError({
      call: submittedJob({ p, influences: [{ artist: artist.artist, bps: 10_000 }] }),
      name: "ArtistOptedOut",
    });
  });

  it("only the artist's authority can opt it out", async () => {
    const p = protocol.current;
    const victim = await newArtist({ p, name: "Vermeer" });
    const attacker = await newArtist({ p, name: "Forger" });
    // The attacker signs but passes the victim's artist account: the PDA does not match the signer.
    const ix = withAccount({ ix: await optOutArtistIx({ client: attacker.client }), instruction: "opt_out_artist", account: "artist", pubkey: victim.artist });
    await expectNamedError({ call: sendInstructions({ client: attacker.client, instructions: [ix] }), name: "ConstraintSeeds" });
    expect((await fetchArtist({ client: victim.client, authority: victim.keypair.publicKey }))?.optedIn).toBe(true);
  });
});
