/**
 * The same job delivered twice: two generator nodes of ONE operator (two queue prefixes, so two
 * BullMQ deliveries of the same on-chain job, racing) both run it. The stages' look-before-acting
 * makes it one claim, one upload (the same deterministic item ids) and one submission, and the
 * job settles once. A third delivery after settlement is refused as not actionable.
 */
import { LAMPORTS_PER_SOL } from "@solana/web3.js";
import { createAtelierClient, fetchWorker } from "@atelier/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJob } from "../../src/queues/enqueue-job.js";
import { unrecoverableReasonOf } from "../../src/queues/unrecoverable.js";
import type { AtelierNode } from "../../src/roles/start-node.js";
import { type Operator, type PipelineWorld, TEST_PARAMS, eventually, fundedWallet, newOperator, payForJob, settledOutcome, startTestNode, startWorld } from "./fixtures/pipeline-harness.js";

let world: PipelineWorld;
let generator: Operator;
const nodes: AtelierNode[] = [];

beforeAll(async () => {
  world = await startWorld();
  generator = await newOperator({ world });
  nodes.push(await startTestNode({ world, operator: generator, prefix: "gena", roles: "watcher,generator,crank" }));
  nodes.push(await startTestNode({ world, operator: generator, prefix: "genb", roles: "watcher,generator" }));
  for (const [k, v] of [await newOperator({ world }), await newOperator({ world })].entries()) {
    nodes.push(await startTestNode({ world, operator: v, prefix: `ver${k}`, roles: "watcher,verifier" }));
  }
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  await world?.stop();
});

describe("the same job delivered twice", () => {
  it("is claimed, uploaded, submitted and settled once", async () => {
    const itemsBefore = world.bundler.state.store.size;
    const client = await fundedWallet({ world });
    const payment = LAMPORTS_PER_SOL / 10;
    const job = await payForJob({ world, client: client.client, payment, prompt: "two lanterns over a canal", seed: 4 });

    const results = await Promise.all(
      nodes.slice(0, 2).map((node) =>
        eventually({
          what: `the generate job on ${node.service.queues.prefix}`,
          check: async () => {
            const j = await node.service.queues.byName.generate.getJob(job.toBase58());
            const state = await j?.getState();
            return state === "completed" || state === "failed" ? { state, value: j!.returnvalue as { contentHash: string } | null, failedReason: j!.failedReason } : undefined;
          },
        }),
      ),
    );
    // Both deliveries ended; whichever finished, they agree on the image.
    const completed = results.filter((r) => r.state === "completed");
    expect(completed.length).toBeGreaterThanOrEqual(1);
    const contentHash = completed[0]!.value!.contentHash;
    for (const r of completed) expect(r.value!.contentHash).toBe(contentHash);

    const provenance = await settledOutcome({ world, job, contentHash: Buffer.from(contentHash, "hex") });
    expect(Object.keys(provenance.status)).toEqual(["accepted"]);
    expect(world.bundler.state.store.size - itemsBefore).toBe(2); // one image + one metadata item
    const worker = await fetchWorker({ client: createAtelierClient({ connection: world.connection }), authority: generator.keypair.publicKey });
    expect(worker?.jobsCompleted.toNumber()).toBe(1);
    const fee = (payment * (TEST_PARAMS.protocolFeeBps + TEST_PARAMS.verifierFeeBps)) / 10_000;
    expect(worker?.totalEarned.toNumber()).toBe(payment - fee); // paid once

    // A late third delivery (another prefix) finds the job settled and fails as not actionable.
    const late = nodes[0]!.service.queues;
    await (await late.byName.generate.getJob(job.toBase58()))?.remove();
    await enqueueJob({ queues: late, queue: "generate", data: { jobAddress: job.toBase58(), source: "test" } });
    const failed = await eventually({
      what: "the late delivery to fail",
      check: async () => {
        const j = await late.byName.generate.getJob(job.toBase58());
        return (await j?.getState()) === "failed" ? j!.failedReason : undefined;
      },
    });
    expect(unrecoverableReasonOf({ failedReason: failed })).toBe("JOB_NOT_ACTIONABLE");
  }, 120_000);
});
