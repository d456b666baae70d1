import { attestResult, attestResultIx, fetchJob, fetchWorker, finalizeJobIx, sendInstructions } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { advanceClock } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { DEFAULT_PARAMS, claimedJob, newVerifiers, newWorker, submittedJob, useProtocol } from "./fixtures/protocol.js";
import { withAccount } from "./fixtures/tamper.js";

describe("attest_result", () => {
  const protocol = useProtocol();

  it("records each verifier's score and verdict once", async () => {
    const p = protocol.current;
    const job = await submittedJob({ p });
    const [v1, v2] = await newVerifiers({ p, n: 2 });
    await attestResult({ client: v1!.client, job: job.job, score: 3050, agree: true });
    await attestResult({ client: v2!.client, job: job.job, score: 1500, agree: false });
    const account = await fetchJob({ client: v1!.client, job: job.job });
    expect(account?.attestations.map((a) => [a.verifier.toBase58(), a.authority.toBase58(), a.score, a.agree])).toEqual([
      [v1!.worker.toBase58(), v1!.keypair.publicKey.toBase58(), 3050, true],
      [v2!.worker.toBase58(), v2!.keypair.publicKey.toBase58(), 1500, false],
    ]);
    expect((await fetchWorker({ client: v1!.client, authority: v1!.keypair.publicKey }))?.attestations.toNumber()).toBe(1);
    await expectAtelierError({ call: attestResult({ client: v1!.client, job: job.job, score: 3051, agree: true }), name: "AlreadyAttested" });
  });

  it("refuses the job's own worker, unsubmitted jobs, bad scores, stolen stake accounts and late attestations", async () => {
    const p = protocol.current;
    const job = await submittedJob({ p });
    const verifier = await newWorker({ p });
    await expectAtelierError({ call: attestResult({ client: job.worker.client, job: job.job, score: 3000, agree: true }), name: "SelfAttestation" });
    const claimed = await claimedJob({ p });
    await expectAtelierError({ call: attestResult({ client: verifier.client, job: claimed.job, score: 3000, agree: true }), name: "JobNotSubmitted" });
    await expectAtelierError({ call: attestResult({ client: verifier.client, job: job.job, score: 10_001, agree: true }), name: "ScoreOutOfRange" });
    const ix = withAccount({
      ix: await attestResultIx({ client: verifier.client, job: job.job, score: 3000, agree: true }),
      instruction: "attest_result",
      account: "verifier",
      pubkey: job.worker.worker,
    });
    await expectNamedError({ call: sendInstructions({ client: verifier.client, instructions: [ix] }), name: "ConstraintSeeds" });
    await advanceClock({ net: p.net, client: verifier.client, seconds: Number(DEFAULT_PARAMS.verificationWindow) + 1 });
    await expectAtelierError({ call: attestResult({ client: verifier.client, job: job.job, score: 3000, agree: true }), name: "VerificationWindowClosed" });
  });

  it("refuses the job's client, even through a staked worker account of its own", async () => {
    const p = protocol.current;
    const clientWorker = await newWorker({ p });
    const job = await submittedJob({ p, client: clientWorker });
    await expectAtelierError({ call: attestResult({ client: clientWorker.client, job: job.job, score: 3000, agree: true }), name: "ClientAttestation" });
    await expectAtelierError({ call: attestResult({ client: clientWorker.client, job: job.job, score: 3000, agree: false }), name: "ClientAttestation" });
    expect((await fetchJob({ client: clientWorker.client, job: job.job }))?.attestations).toEqual([]);
    expect((await fetchWorker({ client: clientWorker.client, authority: clientWorker.keypair.publicKey }))?.attestations.toNumber()).toBe(0);
  });

  it("refuses an agreeing attestation below the CLIP floor; agreeing at the floor and disagreeing below it are fine", async () => {
    const p = protocol.current;
    const job = await submittedJob({ p });
    const [v1, v2, v3] = await newVerifiers({ p, n: 3 });
    const floor = DEFAULT_PARAMS.clipScoreFloor;
    await expectAtelierError({ call: attestResult({ client: v1!.client, job: job.job, score: floor - 1, agree: true }), name: "AgreeBelowFloor" });
    await attestResult({ client: v2!.client, job: job.job, score: floor, agree: true });
    await attestResult({ client: v3!.client, job: job.job, score: floor - 1, agree: false });
    const account = await fetchJob({ client: v1!.client, job: job.job });
    expect(account?.attestations.map((a) => [a.verifier.toBase58(), a.score, a.agree])).toEqual([
      [v2!.worker.toBase58(), floor, true],
      [v3!.worker.toBase58(), floor - 1, false],
    ]);
  });

  it("closes once either side holds the quorum: a third vote is refused (AttestationClosed)", async () => {
    const p = protocol.current;
    const [v1, v2, v3] = await newVerifiers({ p, n: 3 });
    const accepted = await submittedJob({ p });
    for (const v of [v1!, v2!]) await attestResult({ client: v.client, job: accepted.job, score: 3000, agree: true });
    await expectAtelierError({ call: attestResult({ client: v3!.client, job: accepted.job, score: 1000, agree: false }), name: "AttestationClosed" });
    await expectAtelierError({ call: attestResult({ client: v3!.client, job: accepted.job, score: 3000, agree: true }), name: "AttestationClosed" });
    const rejected = await submittedJob({ p });
    for (const v of [v1!, v2!]) await attestResult({ client: v.client, job: rejected.job, score: 1000, agree: false });
    await expectAtelierError({ call: attestResult({ client: v3!.client, job: rejected.job, score: 3000, agree: true }), name: "AttestationClosed" });
    expect((await fetchJob({ client: v3!.client, job: accepted.job }))?.attestations).toHaveLength(2);
    expect((await fetchJob({ client: v3!.client, job: rejected.job }))?.attestations).toHaveLength(2);
    expect((await fetchWorker({ client: v3!.client, authority: v3!.keypair.publicKey }))?.attestations.toNumber()).toBe(0);
  });

  it("a disagreeing vote bundled with finalize_job cannot reject a job short of a disagreeing quorum (the whole transaction fails)", async () => {
    const p = protocol.current;
    const job = await submittedJob({ p });
    const [agreeing, late] = await newVerifiers({ p, n: 2 });
    await attestResult({ client: agreeing!.client, job: job.job, score: 3000, agree: true });
    // A score of 0 drags the mean below the floor: the old "mean below the floor rejects" rule is gone.
    const attest = await attestResultIx({ client: late!.client, job: job.job, score: 0, agree: false });
    const finalize = await finalizeJobIx({ client: late!.client, job: job.job });
    await expectAtelierError({ call: sendInstructions({ client: late!.client, instructions: [attest, finalize] }), name: "VerificationPending" });
    const account = await fetchJob({ client: late!.client, job: job.job });
    expect(account?.attestations.map((a) => [a.verifier.toBase58(), a.agree])).toEqual([[agreeing!.worker.toBase58(), true]]);
    expect((await fetchWorker({ client: late!.client, authority: late!.keypair.publicKey }))?.attestations.toNumber()).toBe(0);
  });
});
