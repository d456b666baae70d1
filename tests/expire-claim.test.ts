import { expireClaim, fetchJob, fetchWorker, jobStatus, subscribeEvents, type AtelierEvent } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { advanceClock, balances, feeOf, newActor } from "./fixtures/chain.js";
import { expectAtelierError } from "./fixtures/errors.js";
import { DEFAULT_PARAMS, claimedJob, openJob, useProtocol } from "./fixtures/protocol.js";

const CLAIM_TIMEOUT = Number(DEFAULT_PARAMS.claimTimeout);
const penaltyOf = (stake: bigint) => (stake * BigInt(DEFAULT_PARAMS.latePenaltyBps)) / 10_000n;

describe("expire_claim", () => {
  const protocol = useProtocol();

  it("reopens the job before the client deadline; the late worker pays the penalty to the treasury", async () => {
    const p = protocol.current;
    const claimed = await claimedJob({ p, deadlineIn: 10 * CLAIM_TIMEOUT });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    await expectAtelierError({ call: expireClaim({ client: cranker.client, job: claimed.job }), name: "ClaimNotExpired" });
    await advanceClock({ net: p.net, client: cranker.client, seconds: CLAIM_TIMEOUT + 1 });
    const stake = BigInt((await fetchWorker({ client: cranker.client, authority: claimed.worker.keypair.publicKey }))!.stake.toString());
    const keys = [p.treasury.publicKey, claimed.worker.worker, claimed.job, claimed.client.keypair.publicKey];
    const before = await balances({ connection: p.connection, keys });
    await expireClaim({ client: cranker.client, job: claimed.job });
    const after = await balances({ connection: p.connection, keys });
    const penalty = Number(penaltyOf(stake));
    expect(penalty).toBeGreaterThan(0);
    expect(after[0]! - before[0]!).toBe(penalty);
    expect(before[1]! - after[1]!).toBe(penalty);
    expect(after[2]).toBe(before[2]);
    expect(after[3]).toBe(before[3]);
    const job = await fetchJob({ client: cranker.client, job: claimed.job });
    expect(job && jobStatus({ job })).toBe("open");
    expect(job?.worker).toBeNull();
    const worker = await fetchWorker({ client: cranker.client, authority: claimed.worker.keypair.publicKey });
    expect(worker?.jobsInFlight).toBe(0);
    expect(worker?.jobsFailed.toNumber()).toBe(1);
    await expectAtelierError({ call: expireClaim({ client: cranker.client, job: claimed.job }), name: "JobNotClaimed" });
  });

  it("refunds the client in full past the client deadline, with events", async () => {
    const p = protocol.current;
    const claimed = await claimedJob({ p, deadlineIn: CLAIM_TIMEOUT / 2 });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    const events: AtelierEvent[] = [];
    const stop = subscribeEvents({ client: cranker.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100 });
    await stop.ready;
    await advanceClock({ net: p.net, client: cranker.client, seconds: CLAIM_TIMEOUT + 1 });
    const [clientBefore, held] = await balances({ connection: p.connection, keys: [claimed.client.keypair.publicKey, claimed.job] });
    const { signature } = await expireClaim({ client: cranker.client, job: claimed.job });
    const [clientAfter, heldAfter] = await balances({ connection: p.connection, keys: [claimed.client.keypair.publicKey, claimed.job] });
    expect(heldAfter).toBe(0);
    expect(clientAfter! - clientBefore!).toBe(held);
    expect(await fetchJob({ client: cranker.client, job: claimed.job })).toBeNull();
    expect(await feeOf({ connection: p.connection, signature })).toBeGreaterThan(0);
    await expect.poll(() => events.filter((e) => e.signature === signature).map((e) => e.name), { timeout: 10_000 }).toEqual([
      "workerSlashed",
      "claimExpired",
    ]);
    await stop();
  });

  it("refuses a job that was never claimed", async () => {
    const p = protocol.current;
    const open = await openJob({ p });
    await expectAtelierError({ call: expireClaim({ client: open.client.client, job: open.job }), name: "JobNotClaimed" });
  });
});
