import { chainTime, claimJob, claimJobIx, fetchJob, fetchWorker, isClaimable, jobStatus, sendInstructions } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { advanceClock } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { DEFAULT_PARAMS, newWorker, openJob, useProtocol } from "./fixtures/protocol.js";
import { withAccount } from "./fixtures/tamper.js";

describe("claim_job", () => {
  const protocol = useProtocol();

  it("assigns the job to the worker until the claim deadline", async () => {
    const p = protocol.current;
    const open = await openJob({ p });
    const w = await newWorker({ p });
    const now = await chainTime({ client: w.client });
    const before = await fetchJob({ client: w.client, job: open.job });
    expect(before && isClaimable({ job: before, now })).toBe(true);
    await claimJob({ client: w.client, job: open.job });
    const job = await fetchJob({ client: w.client, job: open.job });
    expect(job && jobStatus({ job })).toBe("claimed");
    expect(job?.worker).toEqual(w.worker);
    expect(job?.claims).toBe(1);
    expect(job!.claimDeadline.toNumber() - Number(DEFAULT_PARAMS.claimTimeout)).toBeGreaterThanOrEqual(now);
    expect((await fetchWorker({ client: w.client, authority: w.keypair.publicKey }))?.jobsInFlight).toBe(1);
  });

  it("refuses a second claim, a stolen worker account and a past deadline", async () => {
    const p = protocol.current;
    const open = await openJob({ p });
    const first = await newWorker({ p });
    const second = await newWorker({ p });
    await claimJob({ client: first.client, job: open.job });
    await expectAtelierError({ call: claimJob({ client: second.client, job: open.job }), name: "JobNotOpen" });

    const other = await openJob({ p });
    const ix = withAccount({ ix: await claimJobIx({ client: second.client, job: other.job }), instruction: "claim_job", account: "worker", pubkey: first.worker });
    await expectNamedError({ call: sendInstructions({ client: second.client, instructions: [ix] }), name: "ConstraintSeeds" });

    const late = await openJob({ p, deadlineIn: 60 });
    await advanceClock({ net: p.net, client: second.client, seconds: 61 });
    await expectAtelierError({ call: claimJob({ client: second.client, job: late.job }), name: "JobDeadlinePassed" });
  });
});
