/**
 * A generator that dies after claiming and never comes back: once the claim deadline passes (the
 * localnet clock is moved past it), a crank expires the claim — the job reopens and the worker pays
 * the late penalty — and the job runs again: the stale BullMQ job (its checkpoints say "claimed")
 * fails as not actionable before uploading anything, the watcher recycles it, and a fresh run claims
 * again and gets the result accepted.
 */
import { createAtelierClient, fetchJob, fetchWorker } from "@atelier/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AtelierNode } from "../../src/roles/start-node.js";
import { runCrashingGenerator } from "./fixtures/crashing-generator.js";
import { type Operator, type PipelineWorld, TEST_PARAMS, advanceClock, eventually, fundedWallet, newOperator, payForJob, settledOutcome, startTestNode, startWorld } from "./fixtures/pipeline-harness.js";

let world: PipelineWorld;
let generator: Operator;
const nodes: AtelierNode[] = [];

beforeAll(async () => {
  world = await startWorld();
  generator = await newOperator({ world });
  nodes.push(await startTestNode({ world, operator: generator, prefix: "gen", roles: "watcher" }));
  for (const [k, v] of [await newOperator({ world }), await newOperator({ world })].entries()) {
    nodes.push(await startTestNode({ world, operator: v, prefix: `ver${k}`, roles: "watcher,verifier,crank" }));
  }
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  await world?.stop();
});

describe("an expired claim", () => {
  it("is expired by the crank, the job reopens and completes on a fresh claim", async () => {
    const reader = createAtelierClient({ connection: world.connection });
    const client = await fundedWallet({ world });
    const job = await payForJob({ world, client: client.client, prompt: "two lanterns over a canal", seed: 6 });
    const itemsBefore = world.bundler.state.store.size;
    const stakeBefore = (await fetchWorker({ client: reader, authority: generator.keypair.publicKey }))!.stake.toNumber();

    expect(await runCrashingGenerator({ world, operator: generator, prefix: "gen", crashAt: "generate" })).toBe(17);
    expect(Object.keys((await fetchJob({ client: reader, job }))!.status)).toEqual(["claimed"]);

    await advanceClock({ world, seconds: TEST_PARAMS.claimTimeout as number + 1 });
    const reopened = await eventually({
      what: "the crank to expire the claim",
      check: async () => {
        const j = await fetchJob({ client: reader, job });
        return j !== null && "open" in j.status ? j : undefined;
      },
    });
    expect(reopened.claims).toBe(1);
    const penalized = (await fetchWorker({ client: reader, authority: generator.keypair.publicKey }))!;
    expect(penalized.stake.toNumber()).toBe(stakeBefore - Math.floor((stakeBefore * TEST_PARAMS.latePenaltyBps) / 10_000));
    expect(penalized.jobsFailed.toNumber()).toBe(1);

    // The generator comes back: the stale run stops before uploading, the recycled run completes.
    nodes.push(await startTestNode({ world, operator: generator, prefix: "gen", roles: "generator" }));
    const queue = nodes[0]!.service.queues.byName.generate;
    const result = await eventually({
      what: "the recycled generate job to complete",
      timeoutMs: 60_000,
      check: async () => {
        const j = await queue.getJob(job.toBase58());
        return (await j?.getState()) === "completed" ? (j!.returnvalue as { contentHash: string; claimed: boolean }) : undefined;
      },
    });
    expect(result.claimed).toBe(true);
    const provenance = await settledOutcome({ world, job, contentHash: Buffer.from(result.contentHash, "hex") });
    expect(Object.keys(provenance.status)).toEqual(["accepted"]);
    expect(world.bundler.state.store.size - itemsBefore).toBe(2);
    const after = (await fetchWorker({ client: reader, authority: generator.keypair.publicKey }))!;
    expect(after.jobsCompleted.toNumber()).toBe(1);
  }, 180_000);
});
