import { Keypair } from "@solana/web3.js";
import {
  contentHashOf,
  fetchJob,
  fetchProvenance,
  fetchProvenanceForImage,
  jobStatus,
  provenancePda,
  submitResult,
} from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { advanceClock, balances, feeOf, rentOf } from "./fixtures/chain.js";
import { expectAtelierError } from "./fixtures/errors.js";
import { DEFAULT_PARAMS, claimedJob, newArtist, newWorker, randomHash, submittedJob, useProtocol } from "./fixtures/protocol.js";
import { provenanceBytes } from "./fixtures/sizes.js";

const result = { storageId: "s".repeat(43), metadataUri: "ar://metadata", clipScore: 3100 };

describe("submit_result", () => {
  const protocol = useProtocol();

  it("records the result and a provenance record paid by the worker; anyone can verify the image", async () => {
    const p = protocol.current;
    const claimed = await claimedJob({ p });
    const [a, b] = [await newArtist({ p, name: "A" }), await newArtist({ p, name: "B" })];
    const image = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const contentHash = contentHashOf({ image });
    const influences = [
      { artist: a.artist, bps: 7000 },
      { artist: b.artist, bps: 3000 },
    ];
    const [before] = await balances({ connection: p.connection, keys: [claimed.worker.keypair.publicKey] });
    const { signature, provenance } = await submitResult({ client: claimed.worker.client, job: claimed.job, contentHash, influences, ...result });
    expect(provenance).toEqual(provenancePda({ contentHash }).address);
    const job = await fetchJob({ client: claimed.client.client, job: claimed.job });
    expect(job && jobStatus({ job })).toBe("submitted");
    expect(job?.clipScore).toBe(result.clipScore);
    const record = await fetchProvenanceForImage({ client: claimed.client.client, image });
    expect(record).toMatchObject({ storageId: result.storageId, metadataUri: result.metadataUri, clipScore: result.clipScore, status: { pending: {} } });
    expect(record?.job).toEqual(claimed.job);
    expect(record?.influences.map((i) => [i.artist.toBase58(), i.bps])).toEqual(influences.map((i) => [i.artist.toBase58(), i.bps]));
    // The record is sized to what it holds: the job's model id, two artists, the two strings.
    const bytes = provenanceBytes({ modelId: job!.modelId, influences: 2, storageId: result.storageId, metadataUri: result.metadataUri });
    expect((await p.connection.getAccountInfo(provenance))?.data.length).toBe(bytes);
    const rent = await rentOf({ connection: p.connection, bytes });
    const [after, held] = await balances({ connection: p.connection, keys: [claimed.worker.keypair.publicKey, provenance] });
    expect(held).toBe(rent);
    expect(before! - after!).toBe(rent + (await feeOf({ connection: p.connection, signature })));
  });

  it("refuses a replayed image, another worker, bad influences and a late submission", async () => {
    const p = protocol.current;
    const done = await submittedJob({ p });
    const claimed = await claimedJob({ p });
    const send = (extra: Partial<Parameters<typeof submitResult>[0]> = {}) =>
      submitResult({ client: claimed.worker.client, job: claimed.job, contentHash: randomHash(), ...result, ...extra });
    await expectAtelierError({ call: send({ contentHash: done.contentHash }), name: "ProvenanceAlreadyRecorded" });
    const intruder = await newWorker({ p });
    await expectAtelierError({
      call: submitResult({ client: intruder.client, job: claimed.job, contentHash: randomHash(), ...result }),
      name: "NotJobWorker",
    });
    const artist = await newArtist({ p, name: "C" });
    await expectAtelierError({ call: send({ influences: [{ artist: artist.artist, bps: 10_001 }] }), name: "InfluenceSumInvalid" });
    await expectAtelierError({
      call: send({ influences: [{ artist: artist.artist, bps: 5_000 }, { artist: artist.artist, bps: 5_000 }] }),
      name: "DuplicateInfluenceArtist",
    });
    await expectAtelierError({ call: send({ influences: [{ artist: Keypair.generate().publicKey, bps: 10_000 }] }), name: "ArtistAccountMismatch" });
    await expectAtelierError({ call: send({ clipScore: 10_001 }), name: "ScoreOutOfRange" });
    await expectAtelierError({ call: send({ contentHash: new Uint8Array(32) }), name: "InvalidContentHash" });
    await expectAtelierError({ call: send({ storageId: "" }), name: "InvalidStorageId" });
    await advanceClock({ net: p.net, client: claimed.worker.client, seconds: Number(DEFAULT_PARAMS.claimTimeout) + 1 });
    await expectAtelierError({ call: send(), name: "ClaimDeadlinePassed" });
  });

  it("names 16 artists in a legacy transaction (each artist key once) and may leave a share unattributed", async () => {
    const p = protocol.current;
    const claimed = await claimedJob({ p });
    const artists = await Promise.all(Array.from({ length: 16 }, (_, i) => newArtist({ p, name: `artist-${i}` })));
    // 16 × 600 = 9600 bps attributed: 400 bps are nobody's influence.
    const influences = artists.map((a) => ({ artist: a.artist, bps: 600 }));
    const contentHash = randomHash();
    await submitResult({ client: claimed.worker.client, job: claimed.job, contentHash, influences, ...result });
    const record = await fetchProvenance({ client: claimed.client.client, contentHash });
    expect(record?.influences.map((i) => i.artist.toBase58())).toEqual(artists.map((a) => a.artist.toBase58()));
    expect(record?.influences.reduce((s, i) => s + i.bps, 0)).toBe(9_600);
  });
});
