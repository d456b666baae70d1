import { attestResult, attestResultIx, fetchJob, fetchWorker, sendInstructions } from "@atelier/sdk";
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
});
