import { attestationCommitment, fetchJob, fetchWorker, newAttestationSalt, revealAttestation, subscribeEvents, type AtelierEvent } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { advanceClock } from "./fixtures/chain.js";
import { expectAtelierError } from "./fixtures/errors.js";
import { DEFAULT_PARAMS, commitVote, newVerifiers, revealVote, submittedJob, useProtocol } from "./fixtures/protocol.js";

describe("reveal_attestation", () => {
  // Committee = quorum = 2: the commit phase ends with the second commit.
  const protocol = useProtocol();

  it("opens each commitment once the committee is full: the SDK's commitment is the program's (a round trip through the chain)", async () => {
    const p = protocol.current;
    const [v1, v2] = await newVerifiers({ p, n: 2 });
    const job = await submittedJob({ p });
    const a = await commitVote({ verifier: v1!, job: job.job, score: 3050, agree: true });
    const b = await commitVote({ verifier: v2!, job: job.job, score: 1500, agree: false });
    // The commitment binds the worker (stake) account, not the wallet.
    expect(a.commitment).toEqual(attestationCommitment({ job: job.job, verifier: v1!.worker, score: 3050, agree: true, salt: a.salt }));
    expect(a.commitment).not.toEqual(attestationCommitment({ job: job.job, verifier: v1!.keypair.publicKey, score: 3050, agree: true, salt: a.salt }));
    const events: AtelierEvent[] = [];
    const stop = subscribeEvents({ client: v1!.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100, names: ["attestationRevealed"] });
    await stop.ready;
    await revealVote({ vote: a });
    await revealVote({ vote: b });
    const account = await fetchJob({ client: v1!.client, job: job.job });
    expect(account?.attestations.map((x) => [x.verifier.toBase58(), x.revealed, x.score, x.agree])).toEqual([
      [v1!.worker.toBase58(), true, 3050, true],
      [v2!.worker.toBase58(), true, 1500, false],
    ]);
    expect((await fetchWorker({ client: v1!.client, authority: v1!.keypair.publicKey }))?.attestations.toNumber()).toBe(1);
    await expect.poll(() => events.length, { timeout: 10_000 }).toBe(2);
    await stop();
    expect(events.map((e) => (e as AtelierEvent<"attestationRevealed">).data)).toMatchObject([
      { job: job.job, verifier: v1!.worker, score: 3050, agree: true, allRevealed: false },
      { job: job.job, verifier: v2!.worker, score: 1500, agree: false, allRevealed: true },
    ]);
    // A new transaction (another compute limit), so it meets the program's check, not the runtime's replay refusal.
    await expectAtelierError({
      call: revealAttestation({ client: v1!.client, job: job.job, score: a.score, agree: a.agree, salt: a.salt, computeUnitLimit: 300_000 }),
      name: "AlreadyRevealed",
    });
  });

  it("refuses a reveal before the commit phase is over (RevealNotOpen); it opens when the commit window ends with the committee short", async () => {
    const p = protocol.current;
    const [v1] = await newVerifiers({ p, n: 1 });
    const job = await submittedJob({ p });
    const vote = await commitVote({ verifier: v1!, job: job.job, score: 3000, agree: true });
    await expectAtelierError({ call: revealVote({ vote }), name: "RevealNotOpen" });
    await advanceClock({ net: p.net, client: v1!.client, seconds: Number(DEFAULT_PARAMS.commitWindow) });
    await revealVote({ vote });
    expect((await fetchJob({ client: v1!.client, job: job.job }))?.attestations[0]).toMatchObject({ revealed: true, score: 3000, agree: true });
  });

  it("refuses a reveal that does not hash to the commitment (CommitmentMismatch): another score, verdict or salt; and verifiers that never committed (NotCommitted)", async () => {
    const p = protocol.current;
    const [v1, v2, outsider] = await newVerifiers({ p, n: 3 });
    const job = await submittedJob({ p });
    const vote = await commitVote({ verifier: v1!, job: job.job, score: 3000, agree: true });
    await commitVote({ verifier: v2!, job: job.job, score: 3000, agree: true });
    for (const lie of [{ score: 3001 }, { agree: false }, { salt: newAttestationSalt() }]) {
      await expectAtelierError({ call: revealAttestation({ client: v1!.client, job: job.job, score: vote.score, agree: vote.agree, salt: vote.salt, ...lie }), name: "CommitmentMismatch" });
    }
    await expectAtelierError({ call: revealAttestation({ client: outsider!.client, job: job.job, score: 3000, agree: true, salt: vote.salt }), name: "NotCommitted" });
    await revealVote({ vote });
    expect((await fetchJob({ client: v1!.client, job: job.job }))?.attestations.map((a) => a.revealed)).toEqual([true, false]);
  });

  it("refuses an agreeing reveal below the CLIP floor (AgreeBelowFloor); agreeing at the floor and disagreeing below it are fine", async () => {
    const p = protocol.current;
    const floor = DEFAULT_PARAMS.clipScoreFloor;
    const [v1, v2, v3] = await newVerifiers({ p, n: 3 });
    const below = await submittedJob({ p });
    // The commitment hides the score, so the commit is taken; the reveal is where the floor applies.
    const bad = await commitVote({ verifier: v1!, job: below.job, score: floor - 1, agree: true });
    const fine = await commitVote({ verifier: v2!, job: below.job, score: floor - 1, agree: false });
    await expectAtelierError({ call: revealVote({ vote: bad }), name: "AgreeBelowFloor" });
    await revealVote({ vote: fine });
    const atFloor = await submittedJob({ p });
    const ok = await commitVote({ verifier: v3!, job: atFloor.job, score: floor, agree: true });
    await commitVote({ verifier: v1!, job: atFloor.job, score: floor, agree: true });
    await revealVote({ vote: ok });
    expect((await fetchJob({ client: v1!.client, job: below.job }))?.attestations.map((a) => [a.revealed, a.score, a.agree])).toEqual([
      [false, 0, false],
      [true, floor - 1, false],
    ]);
  });

  it("refuses reveals once the verification window is closed", async () => {
    const p = protocol.current;
    const [v1, v2] = await newVerifiers({ p, n: 2 });
    const job = await submittedJob({ p });
    const vote = await commitVote({ verifier: v1!, job: job.job, score: 3000, agree: true });
    await commitVote({ verifier: v2!, job: job.job, score: 3000, agree: true });
    await advanceClock({ net: p.net, client: v1!.client, seconds: Number(DEFAULT_PARAMS.verificationWindow) });
    await expectAtelierError({ call: revealVote({ vote }), name: "VerificationWindowClosed" });
  });
});
