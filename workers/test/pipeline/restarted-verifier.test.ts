/**
 * A verifier restarted between its commit and its reveal still reveals: verifier A is drawn and
 * commits while the committee (2) waits for a second member; A's node stops and its BullMQ verify
 * queue is wiped, leaving only its Redis attestation secrets; A comes back, B starts and commits,
 * the committee is full, and A's fresh verify job finds its commitment on chain, reads the salt
 * from Redis and reveals. The job is accepted with both verifiers paid and nobody slashed.
 */
import { createAtelierClient, fetchJob, fetchWorker } from "@atelier/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueues } from "../../src/queues/create-queues.js";
import type { AtelierNode } from "../../src/roles/start-node.js";
import { type Operator, type PipelineWorld, eventually, fundedWallet, newOperator, payForJob, settledOutcome, startTestNode, startWorld } from "./fixtures/pipeline-harness.js";

let world: PipelineWorld;
let generator: Operator;
let a: Operator;
let b: Operator;
const nodes: AtelierNode[] = [];

beforeAll(async () => {
  world = await startWorld();
  generator = await newOperator({ world });
  // Both verifiers stake before any submission (stake raised after it is not drawn).
  [a, b] = [await newOperator({ world }), await newOperator({ world })];
  nodes.push(await startTestNode({ world, operator: generator, prefix: "gen", roles: "watcher,generator,crank" }));
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  await world?.stop();
});

describe("a verifier restarted after its commit", () => {
  it("reveals from the salt kept in Redis: accepted, both verifiers paid, nobody slashed", async () => {
    const reader = createAtelierClient({ connection: world.connection });
    const secretsKey = `vera:attestation-secrets:${a.worker.toBase58()}`;
    const first = await startTestNode({ world, operator: a, prefix: "vera", roles: "watcher,verifier" });
    nodes.push(first);
    const client = await fundedWallet({ world });
    const job = await payForJob({ world, client: client.client, prompt: "a lighthouse at dusk, oil on canvas", seed: 1 });

    // A commits; its score is hidden on chain and its salt is in Redis.
    await eventually({
      what: "verifier A's commitment",
      check: async () => (await fetchJob({ client: reader, job }))?.attestations.some((x) => x.verifier.equals(a.worker)),
    });
    expect((await fetchJob({ client: reader, job }))?.attestations.map((x) => [x.revealed, x.score])).toEqual([[false, 0]]);
    expect(Object.keys(await world.redis.client.hgetall(secretsKey))).toEqual([job.toBase58()]);

    // A stops, and its queue is lost (only the attestation secrets survive).
    await first.close();
    nodes.splice(nodes.indexOf(first), 1);
    const queues = createQueues({ redisUrl: world.redis.url, prefix: "vera", attempts: 3, backoffMs: 200 });
    await queues.byName.verify.obliterate({ force: true });
    await queues.close();
    expect(Object.keys(await world.redis.client.hgetall(secretsKey))).toEqual([job.toBase58()]);

    // A comes back, B joins: B's commit fills the committee, both reveal.
    const restarted = await startTestNode({ world, operator: a, prefix: "vera", roles: "watcher,verifier" });
    nodes.push(restarted);
    nodes.push(await startTestNode({ world, operator: b, prefix: "verb", roles: "watcher,verifier" }));
    const done = await eventually({
      what: "the generate job",
      check: async () => {
        const g = await nodes[0]!.service.queues.byName.generate.getJob(job.toBase58());
        return (await g?.getState()) === "completed" ? (g!.returnvalue as { contentHash: string }) : undefined;
      },
    });
    const provenance = await settledOutcome({ world, job, contentHash: Buffer.from(done.contentHash, "hex"), timeoutMs: 60_000 });
    expect(Object.keys(provenance.status)).toEqual(["accepted"]);

    const resumed = await restarted.service.queues.byName.verify.getJob(job.toBase58());
    expect(await resumed?.getState()).toBe("completed");
    // The fresh job skipped the draw and the check (its commitment was on chain) and revealed the stored vote.
    expect(resumed?.returnvalue).toMatchObject({ drawn: true, committed: true, revealed: true, agree: true });
    expect(await world.redis.client.hgetall(secretsKey)).toEqual({});
    for (const v of [a, b]) {
      const account = await fetchWorker({ client: reader, authority: v.keypair.publicKey });
      expect([account?.attestations.toNumber(), account?.verificationsInFlight, account?.totalSlashed.toNumber()]).toEqual([1, 0, 0]);
      expect(account?.totalEarned.toNumber()).toBeGreaterThan(0);
    }
  }, 120_000);
});
