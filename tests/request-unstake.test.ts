import { chainTime, commitAttestation, claimJob, fetchWorker, requestUnstake, workerStatus } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { expectAtelierError } from "./fixtures/errors.js";
import { DEFAULT_PARAMS, newWorker, openJob, submittedJob, useProtocol } from "./fixtures/protocol.js";

describe("request_unstake", () => {
  const protocol = useProtocol();

  it("starts unbonding: withdrawable after the unbonding period; no more claims or commits", async () => {
    const p = protocol.current;
    const w = await newWorker({ p });
    const submitted = await submittedJob({ p });
    const before = await chainTime({ client: w.client });
    await requestUnstake({ client: w.client });
    const after = await chainTime({ client: w.client });
    const account = await fetchWorker({ client: w.client, authority: w.keypair.publicKey });
    expect(account && workerStatus({ worker: account })).toBe("unbonding");
    const at = account?.withdrawableAt?.toNumber() ?? 0;
    expect(at).toBeGreaterThanOrEqual(before + Number(DEFAULT_PARAMS.unbondingPeriod));
    expect(at).toBeLessThanOrEqual(after + Number(DEFAULT_PARAMS.unbondingPeriod));

    const open = await openJob({ p });
    await expectAtelierError({ call: claimJob({ client: w.client, job: open.job }), name: "WorkerNotActive" });
    await expectAtelierError({ call: commitAttestation({ client: w.client, job: submitted.job, commitment: new Uint8Array(32) }), name: "WorkerNotActive" });
    await expectAtelierError({ call: requestUnstake({ client: w.client, computeUnitLimit: 300_000 }), name: "WorkerNotActive" });
  });
});
