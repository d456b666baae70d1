import {
  addStake,
  commitAttestation,
  commitAttestationIx,
  fetchJob,
  fetchWorker,
  finalizeJobIx,
  sendInstructions,
  simulateCommitAttestation,
  subscribeEvents,
  type AtelierEvent,
} from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { SOL, advanceClock } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { DEFAULT_PARAMS, claimedJob, commitVote, newVerifiers, newWorker, revealVote, submittedJob, useProtocol } from "./fixtures/protocol.js";
import { withAccount } from "./fixtures/tamper.js";

const PLACEHOLDER = new Uint8Array(32).fill(9);

describe("commit_attestation", () => {
  // Committee = quorum = 2, oversampling 255: every verifier of this file is drawn.
  const protocol = useProtocol();

  it("records drawn verifiers' commitments in commit order, hiding score and verdict; the first commit fixes the draw seed", async () => {
    const p = protocol.current;
    const [v1, v2] = await newVerifiers({ p, n: 2 });
    const job = await submittedJob({ p });
    expect((await fetchJob({ client: v1!.client, job: job.job }))?.seed).toBeNull();
    const events: AtelierEvent[] = [];
    const stop = subscribeEvents({ client: v1!.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100, names: ["attestationCommitted"] });
    await stop.ready;
    expect(await simulateCommitAttestation({ client: v1!.client, job: job.job })).toBeNull();
    const first = await commitVote({ verifier: v1!, job: job.job, score: 3050, agree: true });
    const seed = (await fetchJob({ client: v1!.client, job: job.job }))?.seed;
    expect(seed).not.toBeNull();
    await expectAtelierError({ call: commitAttestation({ client: v1!.client, job: job.job, commitment: PLACEHOLDER }), name: "AlreadyAttested" });
    const second = await commitVote({ verifier: v2!, job: job.job, score: 1500, agree: false });
    const account = await fetchJob({ client: v1!.client, job: job.job });
    expect(account?.seed).toEqual(seed);
    expect(account?.attestations.map((a) => [a.verifier.toBase58(), a.authority.toBase58(), a.commitment, a.revealed, a.score, a.agree])).toEqual([
      [v1!.worker.toBase58(), v1!.keypair.publicKey.toBase58(), Array.from(first.commitment), false, 0, false],
      [v2!.worker.toBase58(), v2!.keypair.publicKey.toBase58(), Array.from(second.commitment), false, 0, false],
    ]);
    const worker = await fetchWorker({ client: v1!.client, authority: v1!.keypair.publicKey });
    // Committed, not revealed: the stake answers for the reveal until the job settles.
    expect([worker?.verificationsInFlight, worker?.attestations.toNumber()]).toEqual([1, 0]);
    await expect.poll(() => events.filter((e) => e.name === "attestationCommitted").length, { timeout: 10_000 }).toBe(2);
    await stop();
    expect(events.map((e) => (e as AtelierEvent<"attestationCommitted">).data)).toMatchObject([
      { job: job.job, verifier: v1!.worker, commits: 1, committeeFull: false },
      { job: job.job, verifier: v2!.worker, commits: 2, committeeFull: true },
    ]);
  });

  it("closes once the committee is full (CommitClosed), and when the commit window ends", async () => {
    const p = protocol.current;
    const [v1, v2, v3] = await newVerifiers({ p, n: 3 });
    const full = await submittedJob({ p });
    const late = await submittedJob({ p });
    for (const v of [v1!, v2!]) await commitVote({ verifier: v, job: full.job, score: 3000, agree: true });
    expect(await simulateCommitAttestation({ client: v3!.client, job: full.job })).toMatchObject({ name: "CommitClosed" });
    await expectAtelierError({ call: commitAttestation({ client: v3!.client, job: full.job, commitment: PLACEHOLDER }), name: "CommitClosed" });
    expect((await fetchJob({ client: v3!.client, job: full.job }))?.attestations).toHaveLength(2);
    await commitVote({ verifier: v1!, job: late.job, score: 3000, agree: true });
    await advanceClock({ net: p.net, client: v3!.client, seconds: Number(DEFAULT_PARAMS.commitWindow) + 1 });
    await expectAtelierError({ call: commitAttestation({ client: v3!.client, job: late.job, commitment: PLACEHOLDER }), name: "CommitClosed" });
    expect((await fetchWorker({ client: v3!.client, authority: v3!.keypair.publicKey }))?.verificationsInFlight).toBe(0);
  });

  it("refuses the job's own worker, unsubmitted jobs and stolen stake accounts", async () => {
    const p = protocol.current;
    const verifier = await newWorker({ p });
    const job = await submittedJob({ p });
    expect(await simulateCommitAttestation({ client: job.worker.client, job: job.job })).toMatchObject({ name: "SelfAttestation" });
    await expectAtelierError({ call: commitAttestation({ client: job.worker.client, job: job.job, commitment: PLACEHOLDER }), name: "SelfAttestation" });
    const claimed = await claimedJob({ p });
    await expectAtelierError({ call: commitAttestation({ client: verifier.client, job: claimed.job, commitment: PLACEHOLDER }), name: "JobNotSubmitted" });
    const ix = withAccount({
      ix: await commitAttestationIx({ client: verifier.client, job: job.job, commitment: PLACEHOLDER }),
      instruction: "commit_attestation",
      account: "verifier",
      pubkey: job.worker.worker,
    });
    await expectNamedError({ call: sendInstructions({ client: verifier.client, instructions: [ix] }), name: "ConstraintSeeds" });
    const fakeSysvar = withAccount({
      ix: await commitAttestationIx({ client: verifier.client, job: job.job, commitment: PLACEHOLDER }),
      instruction: "commit_attestation",
      account: "slot_hashes",
      pubkey: verifier.keypair.publicKey,
    });
    await expectAtelierError({ call: sendInstructions({ client: verifier.client, instructions: [fakeSysvar] }), name: "InvalidSlotHashes" });
    expect((await fetchJob({ client: verifier.client, job: job.job }))?.attestations).toEqual([]);
  });

  it("refuses the job's client, even through a staked worker account of its own", async () => {
    const p = protocol.current;
    const clientWorker = await newWorker({ p });
    const job = await submittedJob({ p, client: clientWorker });
    expect(await simulateCommitAttestation({ client: clientWorker.client, job: job.job })).toMatchObject({ name: "ClientAttestation" });
    await expectAtelierError({ call: commitAttestation({ client: clientWorker.client, job: job.job, commitment: PLACEHOLDER }), name: "ClientAttestation" });
    expect((await fetchJob({ client: clientWorker.client, job: job.job }))?.attestations).toEqual([]);
    expect((await fetchWorker({ client: clientWorker.client, authority: clientWorker.keypair.publicKey }))?.verificationsInFlight).toBe(0);
  });

  it("refuses stake raised at or after the submission: registered late, or topped up after", async () => {
    const p = protocol.current;
    const toppedUp = await newWorker({ p });
    const job = await submittedJob({ p });
    const registeredLate = await newWorker({ p });
    await addStake({ client: toppedUp.client, amount: SOL });
    for (const v of [registeredLate, toppedUp]) {
      expect(await simulateCommitAttestation({ client: v.client, job: job.job })).toMatchObject({ name: "StakeRaisedAfterSubmission" });
      await expectAtelierError({ call: commitAttestation({ client: v.client, job: job.job, commitment: PLACEHOLDER }), name: "StakeRaisedAfterSubmission" });
    }
    // A job submitted after the raise counts it.
    const next = await submittedJob({ p });
    expect(await simulateCommitAttestation({ client: toppedUp.client, job: next.job })).toBeNull();
  });

  it("a commit bundled with finalize_job cannot settle the job: the committee is full but nothing is revealed (VerificationPending, the whole transaction fails)", async () => {
    const p = protocol.current;
    const [first, late] = await newVerifiers({ p, n: 2 });
    const job = await submittedJob({ p });
    const vote = await commitVote({ verifier: first!, job: job.job, score: 3000, agree: true });
    const commit = await commitAttestationIx({ client: late!.client, job: job.job, commitment: PLACEHOLDER });
    // Built from the job as it is now: the program checks the pairs after the verdict, which fails first.
    const finalize = await finalizeJobIx({ client: late!.client, job: job.job });
    await expectAtelierError({ call: sendInstructions({ client: late!.client, instructions: [commit, finalize] }), name: "VerificationPending" });
    const account = await fetchJob({ client: late!.client, job: job.job });
    expect(account?.attestations.map((a) => a.verifier.toBase58())).toEqual([first!.worker.toBase58()]);
    expect((await fetchWorker({ client: late!.client, authority: late!.keypair.publicKey }))?.verificationsInFlight).toBe(0);
    // Revealing alone before the committee is full is not possible either.
    await expectAtelierError({ call: revealVote({ vote }), name: "RevealNotOpen" });
  });
});

describe("commit_attestation: stake-weighted sortition", () => {
  // One seat, one verifier drawn per seat in expectation: with eight equal stakes each verifier is
  // drawn with probability 1/8, so some of them are not (all eight drawn: (1/8)^8).
  const protocol = useProtocol({ params: { ...DEFAULT_PARAMS, verifierQuorum: 1, verifierCommittee: 1, verifierOversample: 1 } });

  it("a verifier the chain did not draw is refused (VerifierNotDrawn); the simulated commit tells each verifier beforehand", async () => {
    const p = protocol.current;
    const verifiers = await newVerifiers({ p, n: 8 });
    const job = await submittedJob({ p });
    const answers = await Promise.all(verifiers.map((v) => simulateCommitAttestation({ client: v.client, job: job.job })));
    expect(answers.every((a) => a === null || a.name === "VerifierNotDrawn")).toBe(true);
    const undrawn = verifiers.filter((_, i) => answers[i]?.name === "VerifierNotDrawn");
    expect(undrawn.length).toBeGreaterThan(0);
    for (const v of undrawn) {
      await expectAtelierError({ call: commitAttestation({ client: v.client, job: job.job, commitment: PLACEHOLDER }), name: "VerifierNotDrawn" });
    }
    // A drawn one (if any) is taken, and fills the one seat.
    const drawn = verifiers.find((_, i) => answers[i] === null);
    if (drawn) {
      await commitAttestation({ client: drawn.client, job: job.job, commitment: PLACEHOLDER });
      expect((await fetchJob({ client: drawn.client, job: job.job }))?.attestations.map((a) => a.verifier.toBase58())).toEqual([drawn.worker.toBase58()]);
    }
    expect((await fetchJob({ client: verifiers[0]!.client, job: job.job }))?.attestations.length).toBe(drawn ? 1 : 0);
  });
});
