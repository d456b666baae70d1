/**
 * The statistical audit through the crank: an honest worker and a noise-returning worker each get
 * two jobs verified (audit_min_jobs = 2 here); the crank lists both workers as due and sends
 * `audit_worker` for each. The noise worker's mean verified score is far below everyone else's:
 * it is slashed `audit_slash_bps` and deactivated; the honest worker passes.
 */
import { createAtelierClient, fetchWorker, MINT_AUDIT_DEFAULTS, workerStatus } from "@atelier/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AtelierNode } from "../../src/roles/start-node.js";
import { noiseEngine } from "./fixtures/cheating-engine.js";
import { type Operator, type PipelineWorld, TEST_PARAMS, eventually, fundedWallet, newOperator, payForJob, startTestNode, startWorld } from "./fixtures/pipeline-harness.js";

let world: PipelineWorld;
let crank: AtelierNode;
const nodes: AtelierNode[] = [];

beforeAll(async () => {
  world = await startWorld({ params: { ...TEST_PARAMS, auditMinJobs: 2 } });
  for (const [k, v] of [await newOperator({ world }), await newOperator({ world })].entries()) {
    nodes.push(await startTestNode({ world, operator: v, prefix: `ver${k}`, roles: k === 0 ? "watcher,verifier,crank" : "watcher,verifier" }));
  }
  crank = nodes[0]!;
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  await world?.stop();
});

/** Run two jobs on `operator`'s generator node (with `engine` overrides), wait until both settle, stop the node. */
async function twoJobs({ operator, prefix, seeds, cheat }: { operator: Operator; prefix: string; seeds: [number, number]; cheat: boolean }) {
  const node = await startTestNode({ world, operator, prefix, roles: "watcher,generator", overrides: cheat ? { engine: noiseEngine({ honest: world.engine }) } : {} });
  try {
    const client = await fundedWallet({ world });
    const reader = createAtelierClient({ connection: world.connection });
    for (const seed of seeds) {
      const job = await payForJob({ world, client: client.client, prompt: "two lanterns over a canal", seed });
      await eventually({ what: `job ${job.toBase58()} to settle`, check: async () => (await reader.connection.getAccountInfo(job, "confirmed")) === null });
    }
  } finally {
    await node.close();
  }
}

describe("audit_worker through the crank", () => {
  it("slashes and deactivates the worker whose verified scores are far below the population's", async () => {
    const reader = createAtelierClient({ connection: world.connection });
    const honest = await newOperator({ world });
    const cheater = await newOperator({ world });
    await twoJobs({ operator: honest, prefix: "honest", seeds: [1, 2], cheat: false });
    await twoJobs({ operator: cheater, prefix: "cheat", seeds: [4, 6], cheat: true });
    const before = (await fetchWorker({ client: reader, authority: cheater.keypair.publicKey }))!.stake.toNumber();

    const audited = await eventually({
      what: "the cheater's audit",
      check: async () => {
        const job = await crank.service.queues.byName.crank.getJob(`audit-${cheater.worker.toBase58()}`);
        return (await job?.getState()) === "completed" ? job!.returnvalue as { outcome: string } : undefined;
      },
    });
    expect(audited.outcome).toBe("sent");
    const after = (await fetchWorker({ client: reader, authority: cheater.keypair.publicKey }))!;
    expect(workerStatus({ worker: after })).toBe("deactivated");
    expect(after.stake.toNumber()).toBe(before - Math.floor((before * MINT_AUDIT_DEFAULTS.auditSlashBps) / 10_000));

    const honestAudit = await eventually({
      what: "the honest worker's audit",
      check: async () => {
        const job = await crank.service.queues.byName.crank.getJob(`audit-${honest.worker.toBase58()}`);
        return (await job?.getState()) === "completed" ? job!.returnvalue as { outcome: string } : undefined;
      },
    });
    expect(honestAudit.outcome).toBe("sent");
    const h = (await fetchWorker({ client: reader, authority: honest.keypair.publicKey }))!;
    expect(workerStatus({ worker: h })).toBe("active");
    expect(h.auditedAtCount.toNumber()).toBe(2);
  }, 180_000);
});
