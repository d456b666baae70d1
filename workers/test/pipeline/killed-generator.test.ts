/**
 * A generator killed mid-job: a real child process running a generator node exits (no cleanup)
 * as the submit stage starts, after its claim and upload were checkpointed. Another generator of
 * the same operator picks the stalled job up, skips every checkpointed stage and submits: the
 * job completes exactly once — one claim, one upload (image + metadata), one settlement.
 */
import { PublicKey } from "@solana/web3.js";
import { createAtelierClient, fetchJob, fetchWorker } from "@atelier/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AtelierNode } from "../../src/roles/start-node.js";
import { runCrashingGenerator } from "./fixtures/crashing-generator.js";
import { type Operator, type PipelineWorld, eventually, fundedWallet, newOperator, payForJob, settledOutcome, startTestNode, startWorld } from "./fixtures/pipeline-harness.js";

let world: PipelineWorld;
let generator: Operator;
const nodes: AtelierNode[] = [];

beforeAll(async () => {
  world = await startWorld();
  generator = await newOperator({ world });
  const [v1, v2] = [await newOperator({ world }), await newOperator({ world })];
  nodes.push(await startTestNode({ world, operator: generator, prefix: "gen", roles: "watcher,crank" }));
  nodes.push(await startTestNode({ world, operator: v1, prefix: "ver1", roles: "watcher,verifier" }));
  nodes.push(await startTestNode({ world, operator: v2, prefix: "ver2", roles: "watcher,verifier" }));
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  await world?.stop();
});


describe("a generator killed after its upload", () => {
  it("resumes on another generator: no second claim, no second upload, one settlement", async () => {
    const client = await fundedWallet({ world });
    const job = await payForJob({ world, client: client.client, prompt: "a red fox in the snow, watercolor", seed: 4 });
    const reader = createAtelierClient({ connection: world.connection });
    const itemsBefore = world.bundler.state.store.size;

    expect(await runCrashingGenerator({ world, operator: generator, prefix: "gen", crashAt: "submit" })).toBe(17);

    const queue = nodes[0]!.service.queues.byName.generate;
    const crashed = await queue.getJob(job.toBase58());
    expect(await crashed?.getState()).toBe("active"); // the dead process still holds the lock
    expect(Object.keys(crashed?.data.checkpoints ?? {})).toEqual(["validate", "claim", "generate", "score", "encode", "upload"]);
    const claimedJob = await fetchJob({ client: reader, job });
    expect(Object.keys(claimedJob!.status)).toEqual(["claimed"]);
    expect(claimedJob!.claims).toBe(1);
    expect(claimedJob!.worker?.equals(generator.worker)).toBe(true);
    expect(world.bundler.state.store.size - itemsBefore).toBe(2); // image + metadata

    // A second generator of the same operator takes the stalled job over.
    const resumed = await startTestNode({ world, operator: generator, prefix: "gen", roles: "generator" });
    nodes.push(resumed);
    const result = await eventually({
      what: "the resumed generate job to complete",
      check: async () => {
        const j = await queue.getJob(job.toBase58());
        return (await j?.getState()) === "completed" ? (j!.returnvalue as { contentHash: string; submitted: boolean }) : undefined;
      },
    });
    expect(result.submitted).toBe(true);
    const skipped = await resumed.service.metrics.stagesSkipped.get();
    const skippedStages = skipped.values.filter((v) => v.value > 0).map((v) => v.labels.stage).sort();
    expect(skippedStages).toEqual(["claim", "encode", "generate", "score", "upload", "validate"]);

    const provenance = await settledOutcome({ world, job, contentHash: Buffer.from(result.contentHash, "hex") });
    expect(Object.keys(provenance.status)).toEqual(["accepted"]);
    expect(world.bundler.state.store.size - itemsBefore).toBe(2); // nothing uploaded again
    const worker = await fetchWorker({ client: reader, authority: generator.keypair.publicKey });
    expect(worker?.jobsCompleted.toNumber()).toBe(1);
    expect(worker?.jobsFailed.toNumber()).toBe(0);
    expect(new PublicKey(provenance.job).equals(job)).toBe(true);
  }, 120_000);
});
