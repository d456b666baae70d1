// Lifecycle: accepted job → Core asset minted to the client (decoded with mpl-core through the
// RPC) → listed → bought (royalty to the splitter, the rest to the seller) → claimed by each
// artist. Every lamport is accounted for from the client's and every other party's side.
import { createHash } from "node:crypto";
import {
  assetPda,
  buyAsset,
  chainTime,
  claimRoyalties,
  claimableRoyalties,
  collectionPda,
  createJob,
  claimJob,
  fetchConfig,
  fetchCoreAsset,
  fetchCoreCollection,
  fetchProvenance,
  fetchRoyaltySplitter,
  finalizeJob,
  listAsset,
  listingPda,
  provenancePda,
  splitterPda,
  submitResult,
} from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { advanceSlots, balances, feeOf, newActor, rentOf } from "./fixtures/chain.js";
import { expectedAssetLamports, mintAddresses } from "./fixtures/mint.js";
import { DEFAULT_PARAMS, GENERATION, newArtist, newVerifiers, newWorker, randomHash, useProtocol, voteAll } from "./fixtures/protocol.js";
import { LISTING_BYTES, splitterBytes } from "./fixtures/sizes.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const bpsOf = (amount: bigint, bps: number) => (amount * BigInt(bps)) / 10_000n;

describe("mint to royalties", () => {
  const protocol = useProtocol();

  it("accepted job → minted asset → list → buy → every artist claims; every lamport accounted for", async () => {
    const p = protocol.current;
    const artists = await Promise.all(["Hokusai", "Hiroshige", "Utamaro", "Kuniyoshi"].map((name) => newArtist({ p, name })));
    const weights = [5_000, 2_500, 1_500, 1_000];
    const influences = artists.map((a, i) => ({ artist: a.artist, bps: weights[i]! }));
    const client = await newActor({ connection: p.connection, sol: 10 });
    const worker = await newWorker({ p });
    const verifiers = await newVerifiers({ p, n: 2 });
    const payment = 300_000_001;
    const prompt = "a great wave off a harbour, woodblock print";
    const contentHash = randomHash();
    const metadataUri = "ar://metadata-wave";
    const storageId = "w".repeat(43);
    const { asset, splitter, mintPayer } = mintAddresses({ contentHash });
    const configBefore = await fetchConfig({ client: client.client });
    const collectionBefore = await fetchCoreCollection({ client: client.client, collection: collectionPda().address });

    // The job's life; the client signs only create_job.
    const [clientStart] = await balances({ connection: p.connection, keys: [client.keypair.publicKey] });
    const created = await createJob({
      client: client.client,
      jobId: 900,
      modelId: "sd-turbo",
      prompt: { text: prompt },
      params: GENERATION,
      payment,
      deadline: (await chainTime({ client: client.client })) + 3_600,
    });
    await claimJob({ client: worker.client, job: created.job });
    // The verifiers' stake predates the submission slot; the seeding slot hash exists before they commit.
    await advanceSlots({ net: p.net });
    await submitResult({ client: worker.client, job: created.job, contentHash, storageId, metadataUri, clipScore: 3_120, influences });
    await advanceSlots({ net: p.net, slots: 2 });
    await voteAll({ verifiers, job: created.job, score: 3_050, agree: true });
    await finalizeJob({ client: verifiers[0]!.client, job: created.job });
    const [clientMinted, assetLamports, splitterLamports, payerLamports] = await balances({
      connection: p.connection,
      keys: [client.keypair.publicKey, asset, splitter, mintPayer],
    });

    // The client paid the payment and the mint (asset rent + Core's fee, splitter rent) and one fee;
    // the job's rent and the rest of the deposit came back.
    const splitterRent = await rentOf({ connection: p.connection, bytes: splitterBytes(artists.length) });
    expect(assetLamports).toBe(await expectedAssetLamports({ connection: p.connection, asset }));
    expect(splitterLamports).toBe(splitterRent);
    expect(payerLamports).toBe(0);
    expect(assetLamports! + splitterLamports!).toBeLessThanOrEqual(Number(DEFAULT_PARAMS.mintDeposit));
    const createFee = await feeOf({ connection: p.connection, signature: created.signature });
    expect(clientStart! - clientMinted!).toBe(payment + assetLamports! + splitterLamports! + createFee);

    // The asset, decoded by @metaplex-foundation/mpl-core through the RPC.
    const decoded = await fetchCoreAsset({ client: client.client, asset });
    expect(decoded).not.toBeNull();
    expect(decoded!.owner.toString()).toBe(client.keypair.publicKey.toBase58());
    expect(decoded!.updateAuthority).toEqual({ type: "Collection", address: collectionPda().address.toBase58() });
    expect(decoded!.name).toBe(`Atelier #${hex(contentHash.subarray(0, 4))}`);
    expect(decoded!.uri).toBe(metadataUri);
    const provenanceAddress = provenancePda({ contentHash }).address;
    const top3 = influences.slice(0, 3).map((i) => `${i.artist.toBase58()}:${i.bps}`).join(",");
    expect(decoded!.attributes?.attributeList).toEqual([
      { key: "job", value: created.job.toBase58() },
      { key: "provenance", value: provenanceAddress.toBase58() },
      { key: "model", value: "sd-turbo" },
      { key: "prompt_hash", value: createHash("sha256").update(prompt).digest("hex") },
      { key: "content_hash", value: hex(contentHash) },
      { key: "clip_score", value: "30.50" },
      { key: "storage_id", value: storageId },
      { key: "artists", value: top3 },
    ]);
    expect(decoded!.royalties?.basisPoints).toBe(DEFAULT_PARAMS.royaltyBps);
    expect(decoded!.royalties?.creators).toEqual([{ address: splitter.toBase58(), percentage: 100 }]);
    expect(decoded!.royalties?.ruleSet).toMatchObject({ __kind: "None" });
    expect((await fetchCoreCollection({ client: client.client, collection: collectionPda().address }))?.numMinted).toBe(collectionBefore!.numMinted + 1);
    expect((await fetchConfig({ client: client.client }))?.assetsMinted.toNumber()).toBe(configBefore!.assetsMinted.toNumber() + 1);

    // The asset and its splitter are the accepted record's PDAs.
    const provenance = await fetchProvenance({ client: client.client, contentHash });
    expect(provenance?.status).toEqual({ accepted: {} });
    expect(assetPda({ contentHash: Uint8Array.from(provenance!.contentHash) }).address).toEqual(asset);
    expect(splitterPda({ asset }).address).toEqual(splitter);
    const split = await fetchRoyaltySplitter({ client: client.client, splitter });
    expect(split?.asset).toEqual(asset);
    expect(split?.totalClaimed.toNumber()).toBe(0);
    expect(split?.shares.map((s) => [s.artist.toBase58(), s.bps, s.claimed.toNumber()])).toEqual(influences.map((i) => [i.artist.toBase58(), i.bps, 0]));

    // List: the asset moves into escrow; the client pays the listing's rent.
    const price = 1_000_000_007;
    const listed = await listAsset({ client: client.client, asset, price });
    expect(listed.listing).toEqual(listingPda({ asset }).address);
    const listingRent = await rentOf({ connection: p.connection, bytes: LISTING_BYTES });
    const [clientListed, listingLamports] = await balances({ connection: p.connection, keys: [client.keypair.publicKey, listed.listing] });
    expect(listingLamports).toBe(listingRent);
    expect(clientMinted! - clientListed!).toBe(listingRent + (await feeOf({ connection: p.connection, signature: listed.signature })));
    expect((await fetchCoreAsset({ client: client.client, asset }))?.owner.toString()).toBe(listed.listing.toBase58());

    // Buy: royalty to the splitter, the rest and the listing's rent to the seller.
    const buyer = await newActor({ connection: p.connection, sol: 5 });
    const [buyerBefore] = await balances({ connection: p.connection, keys: [buyer.keypair.publicKey] });
    const bought = await buyAsset({ client: buyer.client, asset, price });
    const royalty = bpsOf(BigInt(price), DEFAULT_PARAMS.royaltyBps!);
    const [buyerAfter, clientSold, splitterFunded, listingAfter] = await balances({
      connection: p.connection,
      keys: [buyer.keypair.publicKey, client.keypair.publicKey, splitter, listed.listing],
    });
    expect(buyerBefore! - buyerAfter!).toBe(price + (await feeOf({ connection: p.connection, signature: bought.signature })));
    expect(clientSold! - clientListed!).toBe(price - Number(royalty) + listingRent);
    expect(splitterFunded! - splitterLamports!).toBe(Number(royalty));
    expect(listingAfter).toBe(0);
    expect((await fetchCoreAsset({ client: buyer.client, asset }))?.owner.toString()).toBe(buyer.keypair.publicKey.toBase58());

    // Client side, from start to sale: paid the job and the mint, got the sale less royalty.
    const listFee = await feeOf({ connection: p.connection, signature: listed.signature });
    expect(clientSold! - clientStart!).toBe(-payment - assetLamports! - splitterLamports! - createFee - listFee + price - Number(royalty));

    // Claims: a third party claims for three artists, the fourth claims for itself.
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    const payouts = artists.map((a) => a.keypair.publicKey);
    const before = await balances({ connection: p.connection, keys: [...payouts, cranker.keypair.publicKey, splitter] });
    const fees: number[] = [];
    for (const [i, a] of artists.entries()) {
      const owed = bpsOf(royalty, weights[i]!);
      expect(await claimableRoyalties({ client: cranker.client, splitter, artist: a.artist })).toBe(owed);
      const by = i === 3 ? a.client : cranker.client;
      const { signature } = await claimRoyalties({ client: by, splitter, artist: a.artist });
      fees.push(await feeOf({ connection: p.connection, signature }));
    }
    const after = await balances({ connection: p.connection, keys: [...payouts, cranker.keypair.publicKey, splitter] });
    const delta = after.map((a, i) => a - before[i]!);
    const owed = weights.map((w) => Number(bpsOf(royalty, w)));
    expect(delta).toEqual([owed[0], owed[1], owed[2], owed[3]! - fees[3]!, -(fees[0]! + fees[1]! + fees[2]!), -owed.reduce((s, o) => s + o, 0)]);
    // Rounding dust stays in the splitter, never more than one lamport per artist.
    const dust = Number(royalty) - owed.reduce((s, o) => s + o, 0);
    expect(dust).toBeGreaterThanOrEqual(0);
    expect(dust).toBeLessThan(artists.length);
    expect(after[5]).toBe(splitterRent + dust);
    const claimed = await fetchRoyaltySplitter({ client: cranker.client, splitter });
    expect(claimed?.totalClaimed.toNumber()).toBe(owed.reduce((s, o) => s + o, 0));
    expect(claimed?.shares.map((s) => s.claimed.toNumber())).toEqual(owed);
  });
});
