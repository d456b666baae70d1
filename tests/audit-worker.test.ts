import { auditWorker, auditWorkerIx, fetchWorker, sendInstructions, subscribeEvents, type AtelierEvent } from "@atelier/sdk";
import { Keypair } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { balances, newActor } from "./fixtures/chain.js";
import { expectAtelierError } from "./fixtures/errors.js";
import { acceptedJob } from "./fixtures/mint.js";
import { DEFAULT_PARAMS, newVerifiers, newWorker, useProtocol, type Protocol, type WorkerActor } from "./fixtures/protocol.js";

/** Audits after 2 verified jobs (the smallest the program allows), so a test can reach it. */
const PARAMS = { ...DEFAULT_PARAMS, auditMinJobs: 2, auditThresholdX100: 300, auditSlashBps: 5_000 };

/** Settles one accepted job per score for `worker`, with the verified score it is given. */
async function verifiedJobs({ p, worker, scores, verifiers }: { p: Protocol; worker: WorkerActor; scores: number[]; verifiers: WorkerActor[] }) {
  for (const score of scores) await acceptedJob({ p, worker, score, verifiers });
}

describe("audit_worker", () => {
  const protocol = useProtocol({ per: "test", params: PARAMS });

  it("slashes and deactivates a worker scoring far below everyone else; the event carries the evidence", async () => {
    const p = protocol.current;
    const verifiers = await newVerifiers({ p, n: 2 });
    const honest = await newWorker({ p });
    const cheat = await newWorker({ p });
    await verifiedJobs({ p, worker: honest, scores: [3_000, 3_300], verifiers });
    await verifiedJobs({ p, worker: cheat, scores: [2_100, 2_100], verifiers });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    const events: AtelierEvent[] = [];
    const stop = subscribeEvents({ client: cranker.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100 });
    await stop.ready;
    const stake = (await fetchWorker({ client: cranker.client, authority: cheat.keypair.publicKey }))!.stake.toNumber();
    const before = await balances({ connection: p.connection, keys: [p.treasury.publicKey, cheat.worker] });

    const { signature } = await auditWorker({ client: cranker.client, worker: cheat.worker });
    const after = await balances({ connection: p.connection, keys: [p.treasury.publicKey, cheat.worker] });
    const slashed = Math.floor((stake * PARAMS.auditSlashBps) / 10_000);
    expect([after[0]! - before[0]!, after[1]! - before[1]!]).toEqual([slashed, -slashed]);
    const account = await fetchWorker({ client: cranker.client, authority: cheat.keypair.publicKey });
    expect(account?.status).toEqual({ deactivated: {} });
    expect(account?.stake.toNumber()).toBe(stake - slashed);
    expect(account?.auditedAtCount.toNumber()).toBe(2);

    // Evidence: others' mean 31.50, sample sd 212.13… (above the program's 100-unit floor), the
    // cheat's mean 21.00 over 2 jobs: z = (3150 − 2100) × √2 / 212.132 = 7.00.
    await expect.poll(() => events.some((e) => e.name === "workerAudited" && e.signature === signature), { timeout: 10_000 }).toBe(true);
    const audited = events.find((e) => e.name === "workerAudited") as AtelierEvent<"workerAudited">;
    expect(audited.data.failed).toBe(true);
    expect(audited.data.slashed.toNumber()).toBe(slashed);
    expect(audited.data.workerCount.toNumber()).toBe(2);
    expect(audited.data.othersCount.toNumber()).toBe(2);
    expect(audited.data.workerMeanE6.toString()).toBe("2100000000");
    expect(audited.data.othersMeanE6.toString()).toBe("3150000000");
    const sd = Math.sqrt(((3_000 - 3_150) ** 2 + (3_300 - 3_150) ** 2) / 1);
    expect(Math.abs(Number(audited.data.othersSdE6.toString()) / 1e6 - sd)).toBeLessThan(1e-5);
    expect(Math.abs(audited.data.zX100.toNumber() - Math.floor(((3_150 - 2_100) * Math.sqrt(2) * 100) / sd))).toBeLessThanOrEqual(1);
    expect(audited.data.thresholdX100).toBe(PARAMS.auditThresholdX100);
    const slash = events.find((e) => e.name === "workerSlashed") as AtelierEvent<"workerSlashed">;
    expect(slash.data.reason).toEqual({ failedAudit: {} });
    await stop();

    // A deactivated worker is not audited again.
    await expectAtelierError({ call: auditWorker({ client: honest.client, worker: cheat.worker }), name: "WorkerDeactivated" });
  });

  it("takes the others' deviation as at least 100 score units: a one-point gap to an identical population is no failure", async () => {
    const p = protocol.current;
    const verifiers = await newVerifiers({ p, n: 2 });
    const honest = await newWorker({ p });
    const close = await newWorker({ p });
    await verifiedJobs({ p, worker: honest, scores: [3_000, 3_000], verifiers });
    await verifiedJobs({ p, worker: close, scores: [2_999, 2_999], verifiers });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    const events: AtelierEvent[] = [];
    const stop = subscribeEvents({ client: cranker.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100 });
    await stop.ready;
    const before = await balances({ connection: p.connection, keys: [p.treasury.publicKey, close.worker] });
    const { signature } = await auditWorker({ client: cranker.client, worker: close.worker });
    expect(await balances({ connection: p.connection, keys: [p.treasury.publicKey, close.worker] })).toEqual(before);
    // z = 1 × √2 / 100 = 0.0141… (× 100: 1), not infinite.
    await expect.poll(() => events.some((e) => e.name === "workerAudited" && e.signature === signature), { timeout: 10_000 }).toBe(true);
    const audited = events.find((e) => e.name === "workerAudited") as AtelierEvent<"workerAudited">;
    await stop();
    expect(audited.data.failed).toBe(false);
    expect(audited.data.othersSdE6.toString()).toBe("100000000");
    expect(audited.data.zX100.toNumber()).toBe(1);
    expect((await fetchWorker({ client: cranker.client, authority: close.keypair.publicKey }))?.status).toEqual({ active: {} });
  });

  it("refuses an audit before the minimum and between audits; a worker within bounds keeps its stake", async () => {
    const p = protocol.current;
    const verifiers = await newVerifiers({ p, n: 2 });
    const a = await newWorker({ p });
    const b = await newWorker({ p });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    await verifiedJobs({ p, worker: a, scores: [3_000], verifiers });
    await expectAtelierError({ call: auditWorker({ client: cranker.client, worker: a.worker }), name: "AuditTooEarly" });
    await verifiedJobs({ p, worker: a, scores: [3_100], verifiers });
    // Enough jobs of its own, but not enough of everyone else's.
    await expectAtelierError({ call: auditWorker({ client: cranker.client, worker: a.worker }), name: "AuditTooEarly" });
    await verifiedJobs({ p, worker: b, scores: [3_000, 3_100], verifiers });

    // The treasury must be the config's.
    const ix = await auditWorkerIx({ client: cranker.client, worker: a.worker });
    ix.keys[2]!.pubkey = Keypair.generate().publicKey;
    await expectAtelierError({ call: sendInstructions({ client: cranker.client, instructions: [ix] }), name: "TreasuryMismatch" });

    const before = await balances({ connection: p.connection, keys: [p.treasury.publicKey, a.worker] });
    await auditWorker({ client: cranker.client, worker: a.worker });
    const after = await balances({ connection: p.connection, keys: [p.treasury.publicKey, a.worker] });
    expect(after).toEqual(before);
    const account = await fetchWorker({ client: cranker.client, authority: a.keypair.publicKey });
    expect(account?.status).toEqual({ active: {} });
    expect(account?.auditedAtCount.toNumber()).toBe(2);
    // The next audit of this worker needs auditMinJobs more verified jobs.
    await expectAtelierError({ call: auditWorker({ client: b.client, worker: a.worker }), name: "AuditTooEarly" });
  });
});
