import {
  attestResult,
  fetchConfig,
  fetchJob,
  fetchProvenance,
  fetchWorker,
  finalizeJob,
  provenancePda,
  finalizeJobIx,
  sendInstructions,
  subscribeEvents,
  type AtelierEvent,
} from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { advanceClock, balances, newActor, rentOf } from "./fixtures/chain.js";
import { expectAtelierError } from "./fixtures/errors.js";
import { expectedAssetLamports, mintAddresses } from "./fixtures/mint.js";
import { DEFAULT_PARAMS, newVerifiers, submittedJob, useProtocol, type Protocol, type SubmittedJob } from "./fixtures/protocol.js";

const bps = (amount: number, b: number) => Math.floor((amount * b) / 10_000);

/** Every account a settlement can touch, in a fixed order (the mint's accounts last). */
function ledger(p: Protocol, job: SubmittedJob, verifierWallets: readonly { keypair: { publicKey: import("@solana/web3.js").PublicKey } }[]) {
  const mint = mintAddresses({ contentHash: job.contentHash });
  return [
    job.client.keypair.publicKey,
    job.worker.keypair.publicKey,
    job.worker.worker,
    job.job,
    p.treasury.publicKey,
    ...verifierWallets.map((v) => v.keypair.publicKey),
    mint.asset,
    mint.splitter,
    mint.mintPayer,
  ];
}

describe("finalize_job", () => {
  const protocol = useProtocol();

  it("accepted by quorum: worker, verifiers and treasury paid to the lamport; asset minted from the deposit, the rest back to the client", async () => {
    const p = protocol.current;
    const payment = 1_000_003_337;
    const job = await submittedJob({ p, payment });
    const verifiers = await newVerifiers({ p, n: 2 });
    for (const v of verifiers) await attestResult({ client: v.client, job: job.job, score: 3000, agree: true });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    const events: AtelierEvent[] = [];
    const stop = subscribeEvents({ client: cranker.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100 });
    await stop.ready;

    const keys = ledger(p, job, verifiers);
    const before = await balances({ connection: p.connection, keys });
    const { signature } = await finalizeJob({ client: cranker.client, job: job.job });
    const after = await balances({ connection: p.connection, keys });
    const delta = after.map((a, i) => a - before[i]!);

    const fee = bps(payment, DEFAULT_PARAMS.protocolFeeBps);
    const pool = bps(payment, DEFAULT_PARAMS.verifierFeeBps);
    const each = Math.floor(pool / 2);
    const deposit = Number(DEFAULT_PARAMS.mintDeposit);
    const jobRent = before[3]! - payment - deposit;
    // No artist named: no splitter; the asset holds its rent and Core's fee, paid from the deposit.
    const { asset } = mintAddresses({ contentHash: job.contentHash });
    const assetLamports = await expectedAssetLamports({ connection: p.connection, asset });
    expect(delta).toEqual([
      jobRent + deposit - assetLamports,
      payment - fee - pool,
      0,
      -before[3]!,
      fee + (pool - 2 * each),
      each,
      each,
      assetLamports,
      0,
      0,
    ]);
    expect(delta.reduce((s, d) => s + d, 0)).toBe(0);

    expect(await fetchJob({ client: cranker.client, job: job.job })).toBeNull();
    const provenance = await fetchProvenance({ client: cranker.client, contentHash: job.contentHash });
    expect(provenance).toMatchObject({ status: { accepted: {} }, verifiedScore: 3000, splitter: null });
    expect(provenance?.asset).toEqual(asset);
    const worker = await fetchWorker({ client: cranker.client, authority: job.worker.keypair.publicKey });
    expect(worker?.jobsCompleted.toNumber()).toBe(1);
    expect(worker?.totalEarned.toNumber()).toBe(payment - fee - pool);
    expect((await fetchConfig({ client: cranker.client }))?.jobsSettled.toNumber()).toBeGreaterThanOrEqual(1);

    await expect.poll(() => events.some((e) => e.name === "jobFinalized" && e.signature === signature), { timeout: 10_000 }).toBe(true);
    const finalized = events.find((e) => e.name === "jobFinalized") as AtelierEvent<"jobFinalized">;
    expect(finalized.data.accepted).toBe(true);
    expect(finalized.data.workerPaid.toNumber()).toBe(payment - fee - pool);
    expect(finalized.data.verifiersPaid).toBe(2);
    await stop();
    // Replay: the job is closed.
    await expect(finalizeJob({ client: cranker.client, job: job.job })).rejects.toMatchObject({ name: "AccountNotFound" });
  });

  it("rejected by quorum: client refunded in full, worker slashed to the treasury", async () => {
    const p = protocol.current;
    const job = await submittedJob({ p });
    const verifiers = await newVerifiers({ p, n: 2 });
    for (const v of verifiers) await attestResult({ client: v.client, job: job.job, score: 2500, agree: false });
    const stake = (await fetchWorker({ client: job.worker.client, authority: job.worker.keypair.publicKey }))!.stake.toNumber();
    const provenance = provenancePda({ contentHash: job.contentHash, programId: job.client.client.programId }).address;
    const keys = [...ledger(p, job, verifiers), provenance];
    const before = await balances({ connection: p.connection, keys });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    await finalizeJob({ client: cranker.client, job: job.job });
    const after = await balances({ connection: p.connection, keys });
    const slashed = bps(stake, DEFAULT_PARAMS.slashBps);
    const provenanceRent = before[10]!;
    // Refunded in full (payment, deposit and rent); nothing minted; the rejected provenance record
    // is closed to the treasury, so the hash is free again.
    expect(after.map((a, i) => a - before[i]!)).toEqual([before[3], 0, -slashed, -before[3]!, slashed + provenanceRent, 0, 0, 0, 0, 0, -provenanceRent]);
    expect(await fetchProvenance({ client: cranker.client, contentHash: job.contentHash })).toBeNull();
  });

  it("rejected with an agreeing minority: its wallet rides along as a remaining account and is not paid; verified score from the disagreeing side", async () => {
    const p = protocol.current;
    const job = await submittedJob({ p });
    const [minority, d1, d2] = await newVerifiers({ p, n: 3 });
    await attestResult({ client: minority!.client, job: job.job, score: 3000, agree: true });
    await attestResult({ client: d1!.client, job: job.job, score: 1000, agree: false });
    await attestResult({ client: d2!.client, job: job.job, score: 1501, agree: false });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    const ix = await finalizeJobIx({ client: cranker.client, job: job.job });
    expect(ix.keys.at(-1)).toMatchObject({ pubkey: minority!.keypair.publicKey, isWritable: true, isSigner: false });
    const events: AtelierEvent[] = [];
    const stop = subscribeEvents({ client: cranker.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100 });
    await stop.ready;
    const keys = [job.client.keypair.publicKey, minority!.keypair.publicKey, d1!.keypair.publicKey, d2!.keypair.publicKey];
    const before = await balances({ connection: p.connection, keys });
    const { signature } = await sendInstructions({ client: cranker.client, instructions: [ix] });
    const after = await balances({ connection: p.connection, keys });
    expect(after.map((a, i) => a - before[i]!).slice(1)).toEqual([0, 0, 0]);
    await expect.poll(() => events.some((e) => e.name === "jobFinalized" && e.signature === signature), { timeout: 10_000 }).toBe(true);
    const finalized = events.find((e) => e.name === "jobFinalized" && e.signature === signature) as AtelierEvent<"jobFinalized">;
    await stop();
    expect(finalized.data).toMatchObject({ accepted: false, unverified: false, verifiedScore: 1250, verifiersPaid: 0 });
  });

  it("waits for the window without a quorum; then settles unverified: the client refunded to the lamport, nobody paid or slashed", async () => {
    const p = protocol.current;
    const job = await submittedJob({ p });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    await expectAtelierError({ call: finalizeJob({ client: cranker.client, job: job.job }), name: "VerificationPending" });
    await advanceClock({ net: p.net, client: cranker.client, seconds: Number(DEFAULT_PARAMS.verificationWindow) + 1 });
    const provenance = provenancePda({ contentHash: job.contentHash, programId: job.client.client.programId }).address;
    const keys = [...ledger(p, job, []), provenance];
    const events: AtelierEvent[] = [];
    const stop = subscribeEvents({ client: cranker.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100 });
    await stop.ready;
    const workerBefore = (await fetchWorker({ client: cranker.client, authority: job.worker.keypair.publicKey }))!;
    const configBefore = (await fetchConfig({ client: cranker.client }))!;
    const jobRent = await rentOf({ connection: p.connection, bytes: (await p.connection.getAccountInfo(job.job, "confirmed"))!.data.length });
    const before = await balances({ connection: p.connection, keys });
    const { signature } = await finalizeJob({ client: cranker.client, job: job.job });
    const after = await balances({ connection: p.connection, keys });
    const provenanceRent = before[8]!;
    // The client gets the job account's payment + mint deposit + rent (before[3]) back; the
    // worker's wallet the provenance rent; stake, treasury and mint accounts untouched.
    expect(before[3]).toBe(job.payment + Number(DEFAULT_PARAMS.mintDeposit) + jobRent);
    expect(after.map((a, i) => a - before[i]!)).toEqual([before[3], provenanceRent, 0, -before[3]!, 0, 0, 0, 0, -provenanceRent]);
    expect(await fetchProvenance({ client: cranker.client, contentHash: job.contentHash })).toBeNull();
    // Neither a completion nor a failure: no earnings, no slash, no verified score anywhere.
    const workerAfter = (await fetchWorker({ client: cranker.client, authority: job.worker.keypair.publicKey }))!;
    expect(workerAfter.stake.toNumber()).toBe(workerBefore.stake.toNumber());
    expect(workerAfter.jobsInFlight).toBe(workerBefore.jobsInFlight - 1);
    expect([workerAfter.jobsCompleted.toNumber(), workerAfter.jobsFailed.toNumber(), workerAfter.totalEarned.toNumber()]).toEqual([
      workerBefore.jobsCompleted.toNumber(),
      workerBefore.jobsFailed.toNumber(),
      workerBefore.totalEarned.toNumber(),
    ]);
    expect(workerAfter.scores.count.toNumber()).toBe(workerBefore.scores.count.toNumber());
    const configAfter = (await fetchConfig({ client: cranker.client }))!;
    expect(configAfter.populationScores.count.toNumber()).toBe(configBefore.populationScores.count.toNumber());
    expect(configAfter.assetsMinted.toNumber()).toBe(configBefore.assetsMinted.toNumber());
    await expect.poll(() => events.some((e) => e.name === "jobFinalized" && e.signature === signature), { timeout: 10_000 }).toBe(true);
    const finalized = events.find((e) => e.name === "jobFinalized" && e.signature === signature) as AtelierEvent<"jobFinalized">;
    await stop();
    expect(finalized.data).toMatchObject({ accepted: false, unverified: true, verifiedScore: null, verifiersPaid: 0, asset: null });
    expect([finalized.data.workerPaid.toNumber(), finalized.data.slashed.toNumber(), finalized.data.clientRefunded.toNumber()]).toEqual([0, 0, job.payment]);
  });

  it("a score below the floor is rejected at once", async () => {
    const p = protocol.current;
    const job = await submittedJob({ p, clipScore: DEFAULT_PARAMS.clipScoreFloor - 1 });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    await finalizeJob({ client: cranker.client, job: job.job });
    expect(await fetchJob({ client: cranker.client, job: job.job })).toBeNull();
    expect(await fetchProvenance({ client: cranker.client, contentHash: job.contentHash })).toBeNull();
  });

  it("refuses an accepted settlement without the agreeing verifiers' wallets", async () => {
    const p = protocol.current;
    const job = await submittedJob({ p });
    const verifiers = await newVerifiers({ p, n: 2 });
    for (const v of verifiers) await attestResult({ client: v.client, job: job.job, score: 3000, agree: true });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    const ix = await finalizeJobIx({ client: cranker.client, job: job.job });
    ix.keys.pop();
    await expectAtelierError({ call: sendInstructions({ client: cranker.client, instructions: [ix] }), name: "VerifierAccountMismatch" });
    const swapped = await finalizeJobIx({ client: cranker.client, job: job.job });
    swapped.keys[swapped.keys.length - 1]!.pubkey = cranker.keypair.publicKey;
    await expectAtelierError({ call: sendInstructions({ client: cranker.client, instructions: [swapped] }), name: "VerifierAccountMismatch" });
  });
});
