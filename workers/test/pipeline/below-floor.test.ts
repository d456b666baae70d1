/**
 * A generator whose own CLIP score falls below the chain's floor gives the claim back
 * (`release_claim`, the late penalty) instead of submitting a result the program would reject at
 * once and slash `slash_bps` for: the job reopens with nothing uploaded, and the worker keeps all
 * but the late penalty. (The tiny models score about 17; this world's floor is 50.00.)
 */
import { createAtelierClient, fetchJob, fetchWorker } from "@atelier/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AtelierNode } from "../../src/roles/start-node.js";
import { type Operator, type PipelineWorld, TEST_PARAMS, eventually, fundedWallet, newOperator, payForJob, startTestNode, startWorld } from "./fixtures/pipeline-harness.js";

let world: PipelineWorld;
let generator: Operator;
const nodes: AtelierNode[] = [];

beforeAll(async () => {
  world = await startWorld({ params: { ...TEST_PARAMS, clipScoreFloor: 5_000 } });
  generator = await newOperator({ world });
  nodes.push(await startTestNode({ world, operator: generator, prefix: "gen", roles: "watcher,generator" }));
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  await world?.stop();
});

describe("a result below the floor", () => {
  it("is not submitted: the claim is released, the job reopens, the worker pays only the late penalty", async () => {
    const reader = createAtelierClient({ connection: world.connection });
    const client = await fundedWallet({ world });
    const stakeBefore = (await fetchWorker({ client: reader, authority: generator.keypair.publicKey }))!.stake.toNumber();
    const itemsBefore = world.bundler.state.store.size;
    const job = await payForJob({ world, client: client.client, prompt: "a violin made of glass", seed: 11 });

    const queue = nodes[0]!.service.queues.byName.generate;
    const reason = await eventually({
      what: "the generate job to fail as invalid for this node (not recycled: it would score the same again)",
      timeoutMs: 60_000,
      check: async () => {
        const j = await queue.getJob(job.toBase58());
        return (await j?.getState()) === "failed" ? j!.failedReason : undefined;
      },
    });
    expect(reason).toMatch(/below the floor 5000: claim released/);
    const account = await fetchJob({ client: reader, job });
    expect(account !== null && "open" in account.status).toBe(true);
    expect(account?.claims).toBe(1);
    const after = (await fetchWorker({ client: reader, authority: generator.keypair.publicKey }))!;
    expect(after.stake.toNumber()).toBe(stakeBefore - Math.floor((stakeBefore * TEST_PARAMS.latePenaltyBps) / 10_000));
    expect([after.jobsFailed.toNumber(), after.jobsInFlight]).toEqual([1, 0]);
    expect(world.bundler.state.store.size).toBe(itemsBefore);
    // The watcher does not hand it back to this node: still one claim, still open.
    const j = await queue.getJob(job.toBase58());
    expect(await j?.getState()).toBe("failed");
    expect((await fetchJob({ client: reader, job }))?.claims).toBe(1);
  }, 120_000);
});
