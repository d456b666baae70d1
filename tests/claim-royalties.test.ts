import { claimRoyalties, claimRoyaltiesIx, sendInstructions, updateArtist } from "@atelier/sdk";
import { Keypair, SystemProgram, type PublicKey } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { balances, feeOf, fundedKeypair, newActor, type Actor } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { acceptedJob } from "./fixtures/mint.js";
import { newArtist, profile, useProtocol } from "./fixtures/protocol.js";

/** Sends `lamports` into a splitter, as a marketplace honouring Core royalties would. */
async function payRoyalty({ from, splitter, lamports }: { from: Actor; splitter: PublicKey; lamports: number }): Promise<void> {
  await sendInstructions({ client: from.client, instructions: [SystemProgram.transfer({ fromPubkey: from.keypair.publicKey, toPubkey: splitter, lamports })] });
}

describe("claim_royalties", () => {
  const protocol = useProtocol();

  it("pays each artist exactly their share of everything received, across deposits and claims; dust waits", async () => {
    const p = protocol.current;
    const [a, b, c] = await Promise.all(["A", "B", "C"].map((name) => newArtist({ p, name })));
    const weights = [3_333, 3_333, 3_334];
    const minted = await acceptedJob({ p, influences: [a!, b!, c!].map((x, i) => ({ artist: x.artist, bps: weights[i]! })) });
    const market = await newActor({ connection: p.connection, sol: 2 });
    // A dedicated payout wallet, so its balance moves by the claim alone.
    const payoutA = await fundedKeypair({ connection: p.connection, sol: 1 });
    await updateArtist({ client: a!.client, ...profile({ name: "A", payout: payoutA.publicKey }) });

    await payRoyalty({ from: market, splitter: minted.splitter, lamports: 1_001 });
    const [before] = await balances({ connection: p.connection, keys: [payoutA.publicKey] });
    await claimRoyalties({ client: market.client, splitter: minted.splitter, artist: a!.artist });
    const [afterFirst] = await balances({ connection: p.connection, keys: [payoutA.publicKey] });
    expect(afterFirst! - before!).toBe(Math.floor((1_001 * 3_333) / 10_000));

    // More arrives: the second claim (sent by someone else) brings A's total to its exact share of 1001 + 2000.
    await payRoyalty({ from: market, splitter: minted.splitter, lamports: 2_000 });
    await claimRoyalties({ client: c!.client, splitter: minted.splitter, artist: a!.artist });
    const [afterSecond] = await balances({ connection: p.connection, keys: [payoutA.publicKey] });
    expect(afterSecond! - before!).toBe(Math.floor((3_001 * 3_333) / 10_000));
    // Nothing more until more arrives.
    await expectAtelierError({ call: claimRoyalties({ client: a!.client, splitter: minted.splitter, artist: a!.artist }), name: "NothingToClaim" });

    // The artist itself claims (to its own wallet, paying the fee).
    const [walletB] = await balances({ connection: p.connection, keys: [b!.keypair.publicKey] });
    const { signature } = await claimRoyalties({ client: b!.client, splitter: minted.splitter, artist: b!.artist });
    const [walletBAfter] = await balances({ connection: p.connection, keys: [b!.keypair.publicKey] });
    expect(walletBAfter! - walletB!).toBe(Math.floor((3_001 * 3_333) / 10_000) - (await feeOf({ connection: p.connection, signature })));
  });

  it("refuses a wrong payout, an artist not in the splitter, a wrong splitter and a double claim", async () => {
    const p = protocol.current;
    const a = await newArtist({ p, name: "D" });
    const outsider = await newArtist({ p, name: "E" });
    const minted = await acceptedJob({ p, influences: [{ artist: a.artist, bps: 10_000 }] });
    const market = await newActor({ connection: p.connection, sol: 2 });
    await payRoyalty({ from: market, splitter: minted.splitter, lamports: 50_000 });

    await expectAtelierError({
      call: claimRoyalties({ client: market.client, splitter: minted.splitter, artist: a.artist, payout: Keypair.generate().publicKey }),
      name: "PayoutMismatch",
    });
    await expectAtelierError({ call: claimRoyalties({ client: market.client, splitter: minted.splitter, artist: outsider.artist }), name: "ArtistNotInSplitter" });
    // Not a splitter: the provenance record is another Atelier account type.
    await expectNamedError({ call: claimRoyalties({ client: market.client, splitter: minted.provenance, artist: a.artist }), name: "AccountDiscriminatorMismatch" });
    // An address that holds no splitter.
    const ix = await claimRoyaltiesIx({ client: market.client, splitter: minted.splitter, artist: a.artist });
    ix.keys[0]!.pubkey = Keypair.generate().publicKey;
    await expectNamedError({ call: sendInstructions({ client: market.client, instructions: [ix] }), name: "AccountNotInitialized" });

    const [before] = await balances({ connection: p.connection, keys: [a.keypair.publicKey] });
    await claimRoyalties({ client: market.client, splitter: minted.splitter, artist: a.artist });
    // A second claim (a new transaction: the compute limit keeps it from being a byte-identical
    // replay, which tests/replay.test.ts covers) finds nothing owed, whoever sends it.
    await expectAtelierError({
      call: claimRoyalties({ client: market.client, splitter: minted.splitter, artist: a.artist, computeUnitLimit: 300_000 }),
      name: "NothingToClaim",
    });
    const other = await newActor({ connection: p.connection, sol: 1 });
    await expectAtelierError({ call: claimRoyalties({ client: other.client, splitter: minted.splitter, artist: a.artist }), name: "NothingToClaim" });
    const [after] = await balances({ connection: p.connection, keys: [a.keypair.publicKey] });
    expect(after! - before!).toBe(50_000);
  });
});
