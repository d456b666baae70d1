import { auditVerifier, fetchWorker, finalizeJob, subscribeEvents, type AtelierEvent } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { balances, newActor } from "./fixtures/chain.js";
import { expectAtelierError } from "./fixtures/errors.js";
import { commitVote, DEFAULT_PARAMS, newVerifiers, revealVote, submittedJob, useProtocol, type Protocol, type WorkerActor } from "./fixtures/protocol.js";

/** A majority committee of 3 and audits after 2 reveals, so a test can reach one. */
const PARAMS = { ...DEFAULT_PARAMS, verifierQuorum: 2, verifierCommittee: 3, auditMinJobs: 2, auditSlashBps: 5_000 };

/** One accepted job judged by `verifiers`: the first two score 3000, the third `3000 + bias`. */
async function judged({ p, verifiers, bias }: { p: Protocol; verifiers: WorkerActor[]; bias: number }): Promise<void> {
  const job = await submittedJob({ p });
  const votes = [];
  for (const [i, verifier] of verifiers.entries()) votes.push(await commitVote({ verifier, job: job.job, score: 3_000 + (i === 2 ? bias : 0), agree: true }));
  for (const vote of votes) await revealVote({ vote });
  await finalizeJob({ client: verifiers[0]!.client, job: job.job });
}

describe("audit_verifier", () => {
  const protocol = useProtocol({ per: "test", params: PARAMS });

  it("slashes and deactivates a verifier biased inside the per-job tolerance; an honest one passes", async () => {
    const p = protocol.current;
    const verifiers = await newVerifiers({ p, n: 3 });
    const [honest, , biased] = verifiers as [WorkerActor, WorkerActor, WorkerActor];
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    await judged({ p, verifiers, bias: 200 });
    // One reveal is not enough for an audit.
    await expectAtelierError({ call: auditVerifier({ client: cranker.client, verifier: biased.worker }), name: "AuditTooEarly" });
    await judged({ p, verifiers, bias: 200 });
    // Two reveals 200 from the median, each inside the 300 tolerance (nobody slashed per job).
    expect((await fetchWorker({ client: cranker.client, authority: biased.keypair.publicKey }))?.totalSlashed.toNumber()).toBe(0);

    const events: AtelierEvent[] = [];
    const stop = subscribeEvents({ client: cranker.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100 });
    await stop.ready;
    const stake = (await fetchWorker({ client: cranker.client, authority: biased.keypair.publicKey }))!.stake.toNumber();
    const before = await balances({ connection: p.connection, keys: [p.treasury.publicKey, biased.worker] });
    const { signature } = await auditVerifier({ client: cranker.client, verifier: biased.worker });
    const after = await balances({ connection: p.connection, keys: [p.treasury.publicKey, biased.worker] });
    const slashed = Math.floor((stake * PARAMS.auditSlashBps) / 10_000);
    expect([after[0]! - before[0]!, after[1]! - before[1]!]).toEqual([slashed, -slashed]);
    expect((await fetchWorker({ client: cranker.client, authority: biased.keypair.publicKey }))?.status).toEqual({ deactivated: {} });
    await expect.poll(() => events.find((e) => e.name === "verifierAudited" && e.signature === signature), { timeout: 10_000 }).toBeDefined();
    await stop();
    const audited = events.find((e) => e.name === "verifierAudited")!.data as { count: { toNumber(): number }; meanDeviationX100: { toNumber(): number }; failed: boolean };
    expect([audited.count.toNumber(), audited.meanDeviationX100.toNumber(), audited.failed]).toEqual([2, 20_000, true]);

    await auditVerifier({ client: cranker.client, verifier: honest.worker });
    const passed = await fetchWorker({ client: cranker.client, authority: honest.keypair.publicKey });
    expect([passed?.status, passed?.stake.toNumber()]).toEqual([{ active: {} }, stake]);
  });
});
