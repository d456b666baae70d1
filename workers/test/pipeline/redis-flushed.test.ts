/**
 * Redis wiped mid-run: a paid job sits in the generate queue; FLUSHALL loses it; the reconciler of
 * the watcher node (its poll pass is slowed down here so the reconciler alone acts) lists open jobs
 * on chain and puts it back; a generator then completes it and verifiers accept it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AtelierNode } from "../../src/roles/start-node.js";
import { type Operator, type PipelineWorld, eventually, fundedWallet, newOperator, payForJob, settledOutcome, startTestNode, startWorld } from "./fixtures/pipeline-harness.js";

let world: PipelineWorld;
let generator: Operator;
const nodes: AtelierNode[] = [];

beforeAll(async () => {
  world = await startWorld();
  generator = await newOperator({ world });
  // Watcher + crank only (no generator yet); the poll pass is an hour apart, the reconciler 1 s.
  nodes.push(await startTestNode({ world, operator: generator, prefix: "gen", roles: "watcher,crank", extra: { ATELIER_WATCH_INTERVAL_MS: "3600000" } }));
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  await world?.stop();
});

describe("Redis flushed mid-run", () => {
  it("the reconciler restores the open job from chain state and the job is accepted", async () => {
    const client = await fundedWallet({ world });
    const job = await payForJob({ world, client: client.client, prompt: "two lanterns over a canal", seed: 2 });
    const queue = nodes[0]!.service.queues.byName.generate;
    await eventually({ what: "the job to be enqueued", check: async () => (await queue.getJobState(job.toBase58())) === "waiting" });

    await world.redis.client.flushall();
    expect(await queue.getJobState(job.toBase58())).toBe("unknown");

    const restored = await eventually({
      what: "the reconciler to restore the job",
      check: async () => (await queue.getJobState(job.toBase58())) === "waiting" && (await queue.getJob(job.toBase58())),
    });
    expect(restored.data.source).toBe("reconciler");
    const enqueued = await nodes[0]!.service.metrics.reconcilerEnqueued.get();
    expect(enqueued.values.find((v) => v.labels.queue === "generate")?.value).toBeGreaterThanOrEqual(1);

    // Now the workers come up and the restored job runs to acceptance. The verifiers stake before
    // the generator can submit: stake raised at or after the submission slot is not drawn.
    const verifiers = [await newOperator({ world }), await newOperator({ world })];
    nodes.push(await startTestNode({ world, operator: generator, prefix: "gen", roles: "generator" }));
    for (const [k, v] of verifiers.entries()) {
      nodes.push(await startTestNode({ world, operator: v, prefix: `ver${k}`, roles: "watcher,verifier" }));
    }
    const done = await eventually({
      what: "the restored job to complete",
      check: async () => {
        const j = await queue.getJob(job.toBase58());
        return (await j?.getState()) === "completed" ? (j!.returnvalue as { contentHash: string }) : undefined;
      },
    });
    const provenance = await settledOutcome({ world, job, contentHash: Buffer.from(done.contentHash, "hex") });
    expect(Object.keys(provenance.status)).toEqual(["accepted"]);
  }, 120_000);
});
