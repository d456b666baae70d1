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
import { advanceClock, balances, newActor } from "./fixtures/chain.js";
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

  it("waits for the window without a quorum; then settles unverified: the client refunded to the lamport, nobody paid or slashed", async () => {
    const p = protocol.current;
    const job = await submittedJob({ p });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    await expectAtelierError({ call: finalizeJob({ client: cranker.client, job: job.job }), name: "VerificationPending" });
    await advanceClock({ net: p.net, client: cranker.client, seconds: Number(DEFAULT_PARAMS.verificationWindow) + 1 });
    const provenance = provenancePda({ contentHash: job.contentHash, programId: job.client.client.programId }).address;
    const keys = [...ledger(p, job, []), provenance];
    const before = await balances({ connection: p.connection, keys });
    await finalizeJob({ client: cranker.client, job: job.job });
    const after = await balances({ connection: p.connection, keys });
    const provenanceRent = before[8]!;
    // client +job (payment, deposit, rent); worker wallet +provenance rent; stake, treasury, mint untouched.
    expect(after.map((a, i) => a - before[i]!)).toEqual([before[3], provenanceRent, 0, -before[3]!, 0, 0, 0, 0, -provenanceRent]);
    expect(await fetchProvenance({ client: cranker.client, contentHash: job.contentHash })).toBeNull();
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
