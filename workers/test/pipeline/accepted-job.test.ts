/**
 * Prompt → accepted, end to end: a client pays on the real localnet; the generator node's watcher
 * enqueues the job, the generator claims, generates with the tiny model, scores, weighs the
 * artists, uploads through the real Irys client to the bundler stand-in and submits; two verifier
 * nodes ask the chain whether they are drawn (both are: committee 2, oversampling 255), fetch,
 * re-check, commit, and reveal once the committee is full; the crank finalizes. Then the chain,
 * the gateway, the queues and the verifiers' Redis records are checked.
 */
import { createHash } from "node:crypto";
import { LAMPORTS_PER_SOL } from "@solana/web3.js";
import { assetPda, createAtelierClient, fetchCoreAsset, fetchRoyaltySplitter, fetchWorker, splitterPda } from "@atelier/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AtelierNode } from "../../src/roles/start-node.js";
import { fetchFromGateway } from "../../src/storage/index.js";
import { type Operator, type PipelineWorld, TEST_PARAMS, eventually, fundedWallet, newOperator, payForJob, settledOutcome, startTestNode, startWorld } from "./fixtures/pipeline-harness.js";

let world: PipelineWorld;
let generator: Operator;
let verifiers: Operator[];
const nodes: AtelierNode[] = [];

beforeAll(async () => {
  world = await startWorld();
  generator = await newOperator({ world });
  verifiers = [await newOperator({ world }), await newOperator({ world })];
  nodes.push(await startTestNode({ world, operator: generator, prefix: "gen", roles: "watcher,generator,crank" }));
  nodes.push(await startTestNode({ world, operator: verifiers[0]!, prefix: "ver1", roles: "watcher,verifier" }));
  nodes.push(await startTestNode({ world, operator: verifiers[1]!, prefix: "ver2", roles: "watcher,verifier" }));
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  await world?.stop();
});

describe("a paid prompt becomes an accepted, stored, verified image", () => {
  it("settles as accepted: worker paid, both verifiers agreeing, Core asset minted to the client, image on the gateway", async () => {
    const client = await fundedWallet({ world });
    const payment = LAMPORTS_PER_SOL / 10;
    const job = await payForJob({ world, client: client.client, payment, prompt: "a lighthouse at dusk, oil on canvas", seed: 1 });

    const gen = nodes[0]!;
    const result = await eventually({
      what: "the generate job to complete",
      check: async () => {
        const j = await gen.service.queues.byName.generate.getJob(job.toBase58());
        return (await j?.getState()) === "completed" ? (j!.returnvalue as { contentHash: string; storageId: string; clipScore: number; influences: { artist: string; bps: number }[]; claimed: boolean; submitted: boolean }) : undefined;
      },
    });
    expect(result.claimed).toBe(true);
    expect(result.submitted).toBe(true);
    expect(result.clipScore).toBeGreaterThanOrEqual(TEST_PARAMS.clipScoreFloor);

    const provenance = await settledOutcome({ world, job, contentHash: Buffer.from(result.contentHash, "hex") });
    expect(Object.keys(provenance.status)).toEqual(["accepted"]);
    expect(provenance.worker.equals(generator.worker)).toBe(true);
    expect(provenance.storageId).toBe(result.storageId);
    // Both verifiers recomputed the same score (deterministic CLIP on CPU).
    expect(provenance.verifiedScore).toBe(result.clipScore);
    // Influence weights name only registered artists and sum to 10 000 bps.
    expect(provenance.influences.length).toBeGreaterThan(0);
    expect(provenance.influences.reduce((s, i) => s + i.bps, 0)).toBe(10_000);
    for (const i of provenance.influences) expect(world.artists.some((a) => a.equals(i.artist))).toBe(true);

    // A Core asset was minted to the client, with a royalty splitter for the named artists.
    const reader0 = createAtelierClient({ connection: world.connection });
    const assetAddress = assetPda({ contentHash: Buffer.from(result.contentHash, "hex") }).address;
    expect("accepted" in provenance.status).toBe(true);
    const asset = await fetchCoreAsset({ client: reader0, asset: assetAddress });
    expect(asset?.owner.toString()).toBe(client.keypair.publicKey.toBase58());
    const splitterAddress = splitterPda({ asset: assetAddress }).address;
    const splitter = await fetchRoyaltySplitter({ client: reader0, splitter: splitterAddress });
    expect(splitter?.shares.length).toBe(provenance.influences.length);

    // The stored bytes are the image the chain recorded.
    const item = await fetchFromGateway({ gatewayUrl: world.bundler.url, id: provenance.storageId });
    expect(createHash("sha256").update(item.data).digest("hex")).toBe(result.contentHash);

    // Money: the worker earned payment − protocol fee − verifier pool; each verifier its half of the pool.
    const reader = createAtelierClient({ connection: world.connection });
    const worker = await fetchWorker({ client: reader, authority: generator.keypair.publicKey });
    const fee = (payment * TEST_PARAMS.protocolFeeBps) / 10_000;
    const pool = (payment * TEST_PARAMS.verifierFeeBps) / 10_000;
    expect(worker?.jobsCompleted.toNumber()).toBe(1);
    expect(worker?.totalEarned.toNumber()).toBe(payment - fee - pool);
    expect(worker?.jobsInFlight).toBe(0);

    // Each verifier node was drawn, committed, revealed and completed its verify job; its salt is gone from Redis.
    for (const [k, node] of nodes.slice(1).entries()) {
      const v = await node.service.queues.byName.verify.getJob(job.toBase58());
      expect(await v?.getState(), `verifier ${k}`).toBe("completed");
      expect(v?.returnvalue).toMatchObject({ drawn: true, committed: true, revealed: true, agree: true, refusal: null, reasons: [], influenceDistance: 0 });
      const secrets = await world.redis.client.hgetall(`${node.service.queues.prefix}:attestation-secrets:${verifiers[k]!.worker.toBase58()}`);
      expect(secrets, `verifier ${k}`).toEqual({});
    }
    // Both verifiers were paid their half of the pool, and their commitments released.
    for (const v of verifiers) {
      const account = await fetchWorker({ client: reader, authority: v.keypair.publicKey });
      expect([account?.totalEarned.toNumber(), account?.verificationsInFlight, account?.attestations.toNumber()]).toEqual([pool / 2, 0, 1]);
    }
  }, 90_000);
});
