import { fetchJob, isOpenJobExpired, chainTime, refundExpiredJob } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { advanceClock, balances, newActor } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { claimedJob, openJob, useProtocol } from "./fixtures/protocol.js";

describe("refund_expired_job", () => {
  const protocol = useProtocol({ per: "test" });

  it("refunds an open job past its deadline to its client, to the lamport, cranked by anyone", async () => {
    const p = protocol.current;
    const open = await openJob({ p, deadlineIn: 60 });
    const cranker = await newActor({ connection: p.connection, sol: 1 });
    await expectAtelierError({ call: refundExpiredJob({ client: cranker.client, job: open.job }), name: "JobDeadlineNotPassed" });
    await advanceClock({ net: p.net, client: cranker.client, seconds: 61 });
    const account = await fetchJob({ client: cranker.client, job: open.job });
    expect(isOpenJobExpired({ job: account!, now: await chainTime({ client: cranker.client }) })).toBe(true);
    const [clientBefore, escrow] = await balances({ connection: p.connection, keys: [open.client.keypair.publicKey, open.job] });

    await refundExpiredJob({ client: cranker.client, job: open.job });

    const [clientAfter] = await balances({ connection: p.connection, keys: [open.client.keypair.publicKey] });
    expect(clientAfter! - clientBefore!).toBe(escrow);
    expect(await fetchJob({ client: cranker.client, job: open.job })).toBeNull();
    await expectNamedError({ call: refundExpiredJob({ client: cranker.client, job: open.job }), name: "AccountNotFound" });
  });

  it("leaves a claimed job to expire_claim", async () => {
    const p = protocol.current;
    const claimed = await claimedJob({ p, deadlineIn: 60 });
    await advanceClock({ net: p.net, client: claimed.client.client, seconds: 61 });
    await expectAtelierError({ call: refundExpiredJob({ client: claimed.client.client, job: claimed.job }), name: "JobNotOpen" });
  });
});
