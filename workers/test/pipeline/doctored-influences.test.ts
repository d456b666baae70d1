/**
 * A worker that lies about influence weights is caught end to end: verifiers recompute the weights
 * from the stored image against their own influence index (the generator's function on the
 * embedding they compute for the CLIP score) and disagree; the crank finalizes a rejection and the
 * worker is slashed. The cheater runs the real pipeline with a doctored influence index (the
 * behaviour under test), so its CLIP score and image are honest: only the weights lie.
 *  - front artist: an opted-in artist under another wallet, outside the network's index, named at
 *    10 000 bps (the program's SelfInfluence rule cannot see the link) → UNKNOWN_ARTIST;
 *  - inflated weight: a registered, indexed artist the image resembles less, named at 10 000 bps
 *    → INFLUENCE_MISMATCH.
 */
import { join } from "node:path";
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { artistPda, fetchWorker, registerArtist } from "@atelier/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogsOf } from "../../src/cli/commands/artist-index.js";
import { buildInfluenceIndex, influenceWeights, loadInfluenceIndex, saveInfluenceIndex } from "../../src/inference/influence-index.js";
import type { AtelierNode } from "../../src/roles/start-node.js";
import { type PipelineWorld, TEST_PARAMS, clientOf, eventually, fundedWallet, newOperator, payForJob, settledRecord, startTestNode, startWorld } from "./fixtures/pipeline-harness.js";

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

interface Generated {
  contentHash: string;
  influences: { artist: string; bps: number }[];
}

interface Verdict {
  agree: boolean;
  reasons: string[];
  committed: boolean;
  revealed: boolean;
  influenceDistance: number | null;
}

async function completedGenerate({ node, job }: { node: AtelierNode; job: PublicKey }): Promise<Generated> {
  return eventually({
    what: `generate job ${job.toBase58()}`,
    check: async () => {
      const j = await node.service.queues.byName.generate.getJob(job.toBase58());
      return (await j?.getState()) === "completed" ? (j!.returnvalue as Generated) : undefined;
    },
  });
}

async function verdicts({ job }: { job: PublicKey }): Promise<Verdict[]> {
  return Promise.all(
    verifierNodes.map((node) =>
      eventually({
        what: "a verifier's verdict",
        check: async () => {
          const v = await node.service.queues.byName.verify.getJob(job.toBase58());
          return (await v?.getState()) === "completed" ? (v!.returnvalue as Verdict) : undefined;
        },
      }),
    ),
  );
}

/** Run one job through a cheater whose generator uses `indexPath`; expect rejection and a slash. */
async function cheatOnce({ indexPath, prefix, prompt, seed }: { indexPath: string; prefix: string; prompt: string; seed: number }) {
  const cheater = await newOperator({ world });
  const node = await startTestNode({ world, operator: cheater, prefix, roles: "watcher,generator", extra: { ATELIER_INFLUENCE_INDEX: indexPath } });
  try {
    const client = await fundedWallet({ world });
    const stakeBefore = (await fetchWorker({ client: cheater.client, authority: cheater.keypair.publicKey }))!.stake.toNumber();
    const job = await payForJob({ world, client: client.client, prompt, seed });
    const generated = await completedGenerate({ node, job });
    const found = await verdicts({ job });
    // Rejected: the provenance record is closed; the cheater lost slash_bps of its stake.
    expect(await settledRecord({ world, job, contentHash: Buffer.from(generated.contentHash, "hex") })).toBeNull();
    const after = (await fetchWorker({ client: cheater.client, authority: cheater.keypair.publicKey }))!;
    expect(after.stake.toNumber()).toBe(stakeBefore - Math.floor((stakeBefore * TEST_PARAMS.slashBps) / 10_000));
    expect(after.jobsFailed.toNumber()).toBe(1);
    expect(after.totalEarned.toNumber()).toBe(0);
    return { generated, verdicts: found };
  } finally {
    // The cheater leaves, pass or fail: the next test's jobs must not go to it.
    await node.close();
  }
}

describe("a worker naming a front artist outside the network's index", () => {
  it("is disagreed with (UNKNOWN_ARTIST, INFLUENCE_MISMATCH) by both verifiers: rejected, worker slashed", async () => {
    // The front: a real, opted-in artist account under a wallet that is neither the worker's nor the client's.
    const front = Keypair.generate();
    await world.connection.confirmTransaction(await world.connection.requestAirdrop(front.publicKey, LAMPORTS_PER_SOL), "confirmed");
    await registerArtist({
      client: clientOf({ connection: world.connection, keypair: front }),
      payout: front.publicKey,
      displayName: "front",
      catalogUri: "ar://front",
      catalogHash: new Uint8Array(32).fill(9),
    });
    const frontArtist = artistPda({ authority: front.publicKey }).address.toBase58();
    // The cheater's index: every real artist's works filed under the front.
    const real = catalogsOf({ index: await loadInfluenceIndex({ path: world.indexPath }) });
    const doctored = join(world.dir, "front.idx");
    await saveInfluenceIndex({ index: buildInfluenceIndex({ modelId: world.engine.clipModelId, artists: [{ artistId: frontArtist, works: real.flatMap((a) => a.works) }] }), path: doctored });

    const { generated, verdicts: found } = await cheatOnce({ indexPath: doctored, prefix: "front", prompt: "a lighthouse at dusk, oil on canvas", seed: 1 });
    expect(generated.influences).toEqual([{ artist: frontArtist, bps: 10_000 }]);
    for (const v of found) {
      expect([v.committed, v.revealed, v.agree]).toEqual([true, true, false]);
      expect(v.reasons).toEqual(expect.arrayContaining(["UNKNOWN_ARTIST", "INFLUENCE_MISMATCH"]));
      expect(v.reasons).not.toContain("SCORE_MISMATCH"); // the score is honest: only the weights lie
      expect(v.influenceDistance).toBe(20_000); // 10 000 to the front + the 10 000 the real artists lost
    }
  }, 180_000);
});

describe("a worker inflating a registered artist's weight", () => {
  it("is disagreed with (INFLUENCE_MISMATCH) by both verifiers: rejected, worker slashed", async () => {
    const prompt = "two lanterns over a canal";
    const seed = 2;
    // The honest weights of this generation (what the verifiers will recompute).
    const index = await loadInfluenceIndex({ path: world.indexPath });
    const image = await world.engine.generate({ prompt, seed: String(seed), steps: 1, width: 64, height: 64, guidanceX100: 0 });
    const honest = influenceWeights({ index, embedding: await world.engine.embedImage({ image }), topK: 5, floor: 0.2 });
    const weightOf = (a: string) => honest.find((w) => w.artistId === a)?.bps ?? 0;
    // The artist the image resembles least, alone in the cheater's index: named at all the weight.
    const favoured = [...index.artistIds].sort((a, b) => weightOf(a) - weightOf(b))[0]!;
    expect(weightOf(favoured)).toBeLessThan(10_000 - 1_500 / 2); // the lie is beyond the tolerance
    const doctored = join(world.dir, "inflated.idx");
    const catalog = catalogsOf({ index }).filter((a) => a.artistId === favoured);
    await saveInfluenceIndex({ index: buildInfluenceIndex({ modelId: world.engine.clipModelId, artists: catalog }), path: doctored });

    const { generated, verdicts: found } = await cheatOnce({ indexPath: doctored, prefix: "inflate", prompt, seed });
    const claimed = generated.influences.find((i) => i.artist === favoured)?.bps ?? 0;
    for (const v of found) {
      expect([v.committed, v.revealed, v.agree]).toEqual([true, true, false]);
      expect(v.reasons).toContain("INFLUENCE_MISMATCH");
      expect(v.reasons).not.toContain("UNKNOWN_ARTIST"); // an indexed, registered artist
      expect(v.reasons).not.toContain("SCORE_MISMATCH");
      expect(v.influenceDistance).toBeGreaterThan(1_500);
      if (claimed === 10_000) expect(v.influenceDistance).toBe(2 * (10_000 - weightOf(favoured)));
    }
  }, 180_000);
});
