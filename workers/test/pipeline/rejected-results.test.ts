/**
 * Dishonest workers are caught end to end: verifiers (honest engine, their own keys and queues)
 * fetch the stored image, re-check it and disagree; the crank finalizes a rejection: the client
 * gets the whole payment back, the worker is slashed.
 *  - noise: a worker uploads random noise and claims a high CLIP score;
 *  - replay: a worker re-submits the pixels of an image already recorded for another job (the
 *    same bytes are refused by the program's provenance record; re-encoded bytes are caught by the
 *    verifiers' pHash store).
 */
import { LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { AtelierError, claimJob, createAtelierClient, fetchJob, fetchProvenance, fetchWorker, submitResult } from "@atelier/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeImage } from "../../src/image/encode.js";
import type { AtelierNode } from "../../src/roles/start-node.js";
import { fetchFromGateway } from "../../src/storage/index.js";
import { noiseEngine, replayEngine } from "./fixtures/cheating-engine.js";
import { type Operator, type PipelineWorld, TEST_PARAMS, eventually, fundedWallet, newOperator, payForJob, settledOutcome, settledRecord, startTestNode, startWorld } from "./fixtures/pipeline-harness.js";

let world: PipelineWorld;
const nodes: AtelierNode[] = [];
let verifierNodes: AtelierNode[];

beforeAll(async () => {
  world = await startWorld();
  verifierNodes = [];
  for (const [k, v] of [await newOperator({ world }), await newOperator({ world })].entries()) {
    const node = await startTestNode({ world, operator: v, prefix: `ver${k}`, roles: "watcher,verifier,crank" });
    nodes.push(node);
    verifierNodes.push(node);
  }
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  await world?.stop();
});

async function completedGenerate({ node, job }: { node: AtelierNode; job: PublicKey }) {
  return eventually({
    what: `generate job ${job.toBase58()}`,
    check: async () => {
      const j = await node.service.queues.byName.generate.getJob(job.toBase58());
      return (await j?.getState()) === "completed" ? (j!.returnvalue as { contentHash: string; clipScore: number }) : undefined;
    },
  });
}

async function verdicts({ job }: { job: PublicKey }) {
  return Promise.all(
    verifierNodes.map((node) =>
      eventually({
        what: "a verifier's verdict",
        check: async () => {
          const v = await node.service.queues.byName.verify.getJob(job.toBase58());
          return (await v?.getState()) === "completed" ? (v!.returnvalue as { agree: boolean; reasons: string[]; committed: boolean; revealed: boolean }) : undefined;
        },
      }),
    ),
  );
}

/** Lamports of `key`. */
const lamports = (key: PublicKey) => world.connection.getBalance(key, "confirmed");

describe("a worker returning noise", () => {
  it("is rejected by both verifiers: client refunded, worker slashed", async () => {
    const cheater = await newOperator({ world });
    const cheaterNode = await startTestNode({ world, operator: cheater, prefix: "noise", roles: "watcher,generator", overrides: { engine: noiseEngine({ honest: world.engine }) } });
    try {
      const client = await fundedWallet({ world });
      const payment = LAMPORTS_PER_SOL / 10;
      const stakeBefore = (await fetchWorker({ client: cheater.client, authority: cheater.keypair.publicKey }))!.stake.toNumber();
      const job = await payForJob({ world, client: client.client, payment, prompt: "a lighthouse at dusk, oil on canvas", seed: 9 });
      const afterPaying = await lamports(client.keypair.publicKey);
      // The job account holds rent + payment + mint deposit; all of it goes back on rejection.
      const escrowAccount = (await world.connection.getAccountInfo(job, "confirmed"))!;
      const deposit = (await fetchJob({ client: client.client, job }))!.mintDeposit.toNumber();
      const jobRent = await world.connection.getMinimumBalanceForRentExemption(escrowAccount.data.length);
      expect(deposit).toBeGreaterThan(0);
      expect(escrowAccount.lamports).toBe(jobRent + payment + deposit);

      const generated = await completedGenerate({ node: cheaterNode, job });
      expect(generated.clipScore).toBe(2_000); // the lie

      for (const v of await verdicts({ job })) {
        expect([v.committed, v.revealed]).toEqual([true, true]);
        expect(v.agree).toBe(false);
        expect(v.reasons).toContain("NOISE_LIKE");
        expect(v.reasons).toContain("SCORE_MISMATCH");
      }
      // Rejected: the provenance record is closed (its rent to the treasury), freeing the hash.
      expect(await settledRecord({ world, job, contentHash: Buffer.from(generated.contentHash, "hex") })).toBeNull();

      // The client got payment, mint deposit and the job's rent back; the cheater lost slash_bps of its stake.
      expect((await lamports(client.keypair.publicKey)) - afterPaying).toBe(jobRent + payment + deposit);
      const after = (await fetchWorker({ client: cheater.client, authority: cheater.keypair.publicKey }))!;
      expect(after.stake.toNumber()).toBe(stakeBefore - Math.floor((stakeBefore * TEST_PARAMS.slashBps) / 10_000));
      expect(after.jobsFailed.toNumber()).toBe(1);
      expect(after.totalEarned.toNumber()).toBe(0);
    } finally {
      // The cheater leaves, pass or fail: the next test's jobs must not go to it.
      await cheaterNode.close();
    }
  }, 120_000);
});

describe("a worker replaying an already-recorded image", () => {
  it("is refused by the provenance record for the same bytes, and rejected by verifiers for re-encoded pixels", async () => {
    // An honest job first, accepted and recorded.
    const honest = await newOperator({ world });
    const honestNode = await startTestNode({ world, operator: honest, prefix: "honest", roles: "watcher,generator" });
    nodes.push(honestNode);
    const client = await fundedWallet({ world });
    const first = await payForJob({ world, client: client.client, prompt: "a lighthouse at dusk, oil on canvas", seed: 11 });
    const original = await completedGenerate({ node: honestNode, job: first });
    const recorded = await settledOutcome({ world, job: first, contentHash: Buffer.from(original.contentHash, "hex") });
    expect(Object.keys(recorded.status)).toEqual(["accepted"]);
    await honestNode.close();
    nodes.splice(nodes.indexOf(honestNode), 1);

    // Same bytes for another job: the program refuses the recorded content hash.
    const copier = await newOperator({ world });
    const second = await payForJob({ world, client: client.client, prompt: "two lanterns over a canal", seed: 12 });
    await claimJob({ client: copier.client, job: second });
    const refused = await submitResult({
      client: copier.client,
      job: second,
      contentHash: Buffer.from(original.contentHash, "hex"),
      storageId: recorded.storageId,
      metadataUri: recorded.metadataUri,
      clipScore: 5_000,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AtelierError);
    expect((refused as AtelierError).name).toBe("ProvenanceAlreadyRecorded");

    // Re-encoded pixels (new bytes, new hash) through the replaying worker's pipeline.
    const stored = await fetchFromGateway({ gatewayUrl: world.bundler.url, id: recorded.storageId });
    const { image } = await decodeImage({ bytes: stored.data });
    const replayer = await newOperator({ world });
    const stakeBefore = (await fetchWorker({ client: replayer.client, authority: replayer.keypair.publicKey }))!.stake.toNumber();
    nodes.push(await startTestNode({ world, operator: replayer, prefix: "replay", roles: "watcher,generator", overrides: { engine: replayEngine({ honest: world.engine, image }) } }));
    const third = await payForJob({ world, client: client.client, prompt: "two lanterns over a canal", seed: 2 });
    const replayed = await completedGenerate({ node: nodes.at(-1)!, job: third });
    expect(replayed.contentHash).not.toBe(original.contentHash);
    for (const v of await verdicts({ job: third })) {
      expect(v.agree).toBe(false);
      expect(v.reasons).toContain("NEAR_DUPLICATE");
    }
    expect(await settledRecord({ world, job: third, contentHash: Buffer.from(replayed.contentHash, "hex") })).toBeNull();
    const after = (await fetchWorker({ client: replayer.client, authority: replayer.keypair.publicKey }))!;
    expect(after.stake.toNumber()).toBe(stakeBefore - Math.floor((stakeBefore * TEST_PARAMS.slashBps) / 10_000));
    // The original record is untouched.
    const reader = createAtelierClient({ connection: world.connection });
    const still = await fetchProvenance({ client: reader, contentHash: Buffer.from(original.contentHash, "hex") });
    expect(still?.job.equals(first)).toBe(true);
  }, 180_000);
});
