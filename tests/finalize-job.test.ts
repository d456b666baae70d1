import {
  assetPda,
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
import {
  DEFAULT_PARAMS,
  commitVote,
  newVerifiers,
  revealVote,
  submittedJob,
  useProtocol,
  voteAll,
  type Protocol,
  type SubmittedJob,
  type WorkerActor,
} from "./fixtures/protocol.js";

const bps = (amount: number, b: number) => Math.floor((amount * b) / 10_000);

/** Every account a settlement can touch, in a fixed order: the verifiers' wallets and stake accounts after the treasury, the mint's accounts last. */
function ledger(p: Protocol, job: SubmittedJob, verifiers: readonly WorkerActor[]) {
  const mint = mintAddresses({ contentHash: job.contentHash });
  return [
    job.client.keypair.publicKey,
    job.worker.keypair.publicKey,
    job.worker.worker,
    job.job,
    p.treasury.publicKey,
    ...verifiers.map((v) => v.keypair.publicKey),
    ...verifiers.map((v) => v.worker),
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
    const verifiers = await newVerifiers({ p, n: 2 });
    const job = await submittedJob({ p, payment });
    await voteAll({ verifiers, job: job.job, score: 3000, agree: true });
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
      0,
      0,
      assetLamports,
      0,
      0,
    ]);
    expect(delta.reduce((s, d) => s + d, 0)).toBe(0);

    expect(await fetchJob({ client: cranker.client, job: job.job })).toBeNull();
    const provenance = await fetchProvenance({ client: cranker.client, contentHash: job.contentHash });
    expect(provenance).toMatchObject({ status: { accepted: {} }, verifiedScore: 3000, influences: [] });
    // The asset is the record's PDA (the record does not repeat it).
    expect(assetPda({ contentHash: Uint8Array.from(provenance!.contentHash) }).address).toEqual(asset);
    const worker = await fetchWorker({ client: cranker.client, authority: job.worker.keypair.publicKey });
    expect(worker?.jobsCompleted.toNumber()).toBe(1);
    expect(worker?.totalEarned.toNumber()).toBe(payment - fee - pool);
    expect((await fetchConfig({ client: cranker.client }))?.jobsSettled.toNumber()).toBeGreaterThanOrEqual(1);

    await expect.poll(() => events.some((e) => e.name === "jobFinalized" && e.signature === signature), { timeout: 10_000 }).toBe(true);
    const finalized = events.find((e) => e.name === "jobFinalized") as AtelierEvent<"jobFinalized">;
    expect(finalized.data.accepted).toBe(true);
    expect(finalized.data.workerPaid.toNumber()).toBe(payment - fee - pool);
    expect(finalized.data.verifiersPaid).toBe(2);
    expect(finalized.data.verifiersSlashed).toBe(0);
    await stop();
    // Verifier fees count in the verifier's earnings; its commitment is released.
    for (const v of verifiers) {
      const account = await fetchWorker({ client: cranker.client, authority: v.keypair.publicKey });
      expect([account?.totalEarned.toNumber(), account?.verificationsInFlight, account?.attestations.toNumber()]).toEqual([each, 0, 1]);
    }
    // Replay: the job is closed.
    await expect(finalizeJob({ client: cranker.client, job: job.job })).rejects.toMatchObject({ name: "AccountNotFound" });
  });

  it("rejected by quorum: client refunded in full, worker slashed to the treasury", async () => {
    const p = protocol.current;
    const verifiers = await newVerifiers({ p, n: 2 });
    const job = await submittedJob({ p });
    await voteAll({ verifiers, job: job.job, score: 2500, agree: false });
    const stake = (await fetchWorker({ client: job.worker.client, authority: job.worker.keypair.publicKey }))!.stake.toNumber();
    const provenance = provenancePda({ contentHash: job.contentHash, programId: job.client.client.programId }).address;
    const keys = [...ledger(p, job, verifiers), provenance];
    const before = await balances({ connection: p.connection, keys });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    await finalizeJob({ client: cranker.client, job: job.job });
    const after = await balances({ connection: p.connection, keys });
    const slashed = bps(stake, DEFAULT_PARAMS.slashBps);
    const provenanceRent = before[12]!;
    // Refunded in full (payment, deposit and rent); nothing minted; the rejected provenance record
    // is closed to the treasury, so the hash is free again. The verifiers are neither paid nor slashed.
    expect(after.map((a, i) => a - before[i]!)).toEqual([before[3], 0, -slashed, -before[3]!, slashed + provenanceRent, 0, 0, 0, 0, 0, 0, 0, -provenanceRent]);
    expect(await fetchProvenance({ client: cranker.client, contentHash: job.contentHash })).toBeNull();
  });

  it("waits for the window without a quorum; then settles unverified: the client refunded to the lamport, nobody paid or slashed", async () => {
    const p = protocol.current;
    const job = await submittedJob({ p });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    await expectAtelierError({ call: finalizeJob({ client: cranker.client, job: job.job }), name: "VerificationPending" });
    // The commit window closing with nobody committed would already settle it; the whole window is the harder case.
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
    const provenanceRent = before[before.length - 1]!;
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

  it("refuses a settlement without every committee member's [stake account, wallet] pair, in commit order", async () => {
    const p = protocol.current;
    const verifiers = await newVerifiers({ p, n: 2 });
    const job = await submittedJob({ p });
    await voteAll({ verifiers, job: job.job, score: 3000, agree: true });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    const ix = await finalizeJobIx({ client: cranker.client, job: job.job });
    expect(ix.keys.slice(-4)).toEqual(
      verifiers.flatMap((v) => [
        { pubkey: v.worker, isSigner: false, isWritable: true },
        { pubkey: v.keypair.publicKey, isSigner: false, isWritable: true },
      ]),
    );
    ix.keys.pop();
    await expectAtelierError({ call: sendInstructions({ client: cranker.client, instructions: [ix] }), name: "VerifierAccountMismatch" });
    const swapped = await finalizeJobIx({ client: cranker.client, job: job.job });
    swapped.keys[swapped.keys.length - 1]!.pubkey = cranker.keypair.publicKey;
    await expectAtelierError({ call: sendInstructions({ client: cranker.client, instructions: [swapped] }), name: "VerifierAccountMismatch" });
    const reordered = await finalizeJobIx({ client: cranker.client, job: job.job });
    const tail = reordered.keys.splice(-4);
    reordered.keys.push(...tail.slice(2), ...tail.slice(0, 2));
    await expectAtelierError({ call: sendInstructions({ client: cranker.client, instructions: [reordered] }), name: "VerifierAccountMismatch" });
    const readOnly = await finalizeJobIx({ client: cranker.client, job: job.job });
    readOnly.keys[readOnly.keys.length - 2]!.isWritable = false;
    await expectAtelierError({ call: sendInstructions({ client: cranker.client, instructions: [readOnly] }), name: "VerifierAccountMismatch" });
  });
});

describe("finalize_job: a committee of three (quorum 2)", () => {
  const protocol = useProtocol({ params: { ...DEFAULT_PARAMS, verifierCommittee: 3 } });

  async function settle(p: Protocol, job: SubmittedJob) {
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    const events: AtelierEvent[] = [];
    const stop = subscribeEvents({ client: cranker.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100 });
    await stop.ready;
    const { signature } = await finalizeJob({ client: cranker.client, job: job.job });
    await expect.poll(() => events.some((e) => e.name === "jobFinalized" && e.signature === signature), { timeout: 10_000 }).toBe(true);
    await stop();
    const mine = events.filter((e) => e.signature === signature);
    return {
      finalized: (mine.find((e) => e.name === "jobFinalized") as AtelierEvent<"jobFinalized">).data,
      slashes: mine.filter((e) => e.name === "workerSlashed").map((e) => (e as AtelierEvent<"workerSlashed">).data),
    };
  }

  it("rejected with an agreeing minority: its pair rides along and it is not paid; verified score from the disagreeing side's median", async () => {
    const p = protocol.current;
    const [minority, d1, d2] = await newVerifiers({ p, n: 3 });
    const job = await submittedJob({ p });
    const votes = [
      await commitVote({ verifier: minority!, job: job.job, score: 2100, agree: true }),
      await commitVote({ verifier: d1!, job: job.job, score: 1900, agree: false }),
      await commitVote({ verifier: d2!, job: job.job, score: 2000, agree: false }),
    ];
    for (const vote of votes) await revealVote({ vote });
    const keys = [minority!, d1!, d2!].flatMap((v) => [v.keypair.publicKey, v.worker]);
    const before = await balances({ connection: p.connection, keys });
    const { finalized, slashes } = await settle(p, job);
    const after = await balances({ connection: p.connection, keys });
    expect(after.map((a, i) => a - before[i]!)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(finalized).toMatchObject({ accepted: false, unverified: false, verifiedScore: 1950, verifiersPaid: 0, verifiersSlashed: 0 });
    expect(slashes.map((s) => s.reason)).toEqual([{ rejectedResult: {} }]);
  });

  it("a verifier that commits and never reveals is slashed at settlement; the two revealed votes still accept once the window closes; every lamport accounted for", async () => {
    const p = protocol.current;
    const verifiers = await newVerifiers({ p, n: 3 });
    const [v1, v2, silent] = verifiers;
    const payment = 500_000_001;
    const job = await submittedJob({ p, payment });
    const votes = [];
    for (const v of verifiers) votes.push(await commitVote({ verifier: v, job: job.job, score: 3000, agree: true }));
    for (const vote of votes.slice(0, 2)) await revealVote({ vote });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    // One reveal outstanding: pending until the window closes.
    await expectAtelierError({ call: finalizeJob({ client: cranker.client, job: job.job }), name: "VerificationPending" });
    await advanceClock({ net: p.net, client: cranker.client, seconds: Number(DEFAULT_PARAMS.verificationWindow) });
    const silentStake = (await fetchWorker({ client: cranker.client, authority: silent!.keypair.publicKey }))!.stake.toNumber();
    const configBefore = (await fetchConfig({ client: cranker.client }))!;
    const keys = ledger(p, job, verifiers);
    const before = await balances({ connection: p.connection, keys });
    const { finalized, slashes } = await settle(p, job);
    const after = await balances({ connection: p.connection, keys });
    const delta = after.map((a, i) => a - before[i]!);
    const fee = bps(payment, DEFAULT_PARAMS.protocolFeeBps);
    const pool = bps(payment, DEFAULT_PARAMS.verifierFeeBps);
    const each = Math.floor(pool / 2);
    const slashed = bps(silentStake, DEFAULT_PARAMS.verifierSlashBps);
    const { asset } = mintAddresses({ contentHash: job.contentHash });
    const assetLamports = await expectedAssetLamports({ connection: p.connection, asset });
    const deposit = Number(DEFAULT_PARAMS.mintDeposit);
    const jobRent = before[3]! - payment - deposit;
    // Client, worker wallet, worker stake, job, treasury, 3 verifier wallets, 3 verifier stakes, asset, splitter, mint payer.
    expect(delta).toEqual([
      jobRent + deposit - assetLamports,
      payment - fee - pool,
      0,
      -before[3]!,
      fee + (pool - 2 * each) + slashed,
      each,
      each,
      0,
      0,
      0,
      -slashed,
      assetLamports,
      0,
      0,
    ]);
    expect(delta.reduce((sum, d) => sum + d, 0)).toBe(0);
    expect(finalized).toMatchObject({ accepted: true, verifiedScore: 3000, verifiersPaid: 2, verifiersSlashed: 1 });
    expect(slashes).toMatchObject([{ worker: silent!.worker, job: job.job, amount: expect.anything(), reason: { verifierNoReveal: {} } }]);
    expect(slashes[0]!.amount.toNumber()).toBe(slashed);
    const silentAfter = (await fetchWorker({ client: cranker.client, authority: silent!.keypair.publicKey }))!;
    expect([silentAfter.stake.toNumber(), silentAfter.totalSlashed.toNumber(), silentAfter.verificationsInFlight]).toEqual([silentStake - slashed, slashed, 0]);
    expect((await fetchConfig({ client: cranker.client }))!.activeStake.toNumber()).toBe(configBefore.activeStake.toNumber() - slashed);
    for (const v of [v1!, v2!]) expect((await fetchWorker({ client: cranker.client, authority: v.keypair.publicKey }))?.totalEarned.toNumber()).toBe(each);
  });

  it("a revealed score beyond the tolerance from the committee's median is slashed (verifierDeviation), even on the winning side", async () => {
    const p = protocol.current;
    const verifiers = await newVerifiers({ p, n: 3 });
    const job = await submittedJob({ p });
    const far = 3000 + DEFAULT_PARAMS.verifierTolerance + 1;
    const scores = [3000, 3000, far];
    const votes = [];
    for (const [i, v] of verifiers.entries()) votes.push(await commitVote({ verifier: v, job: job.job, score: scores[i]!, agree: true }));
    for (const vote of votes) await revealVote({ vote });
    const stake = (await fetchWorker({ client: job.worker.client, authority: verifiers[2]!.keypair.publicKey }))!.stake.toNumber();
    const { finalized, slashes } = await settle(p, job);
    expect(finalized).toMatchObject({ accepted: true, verifiedScore: 3000, verifiersPaid: 2, verifiersSlashed: 1 });
    expect(slashes).toMatchObject([{ worker: verifiers[2]!.worker, reason: { verifierDeviation: {} } }]);
    expect(slashes[0]!.amount.toNumber()).toBe(bps(stake, DEFAULT_PARAMS.verifierSlashBps));
  });
});
