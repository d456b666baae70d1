import { cancelJob, fetchJob } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { balances, feeOf, newActor } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { claimedJob, openJob, useProtocol } from "./fixtures/protocol.js";

describe("cancel_job", () => {
  const protocol = useProtocol();

  it("returns payment and rent exactly and closes the job", async () => {
    const p = protocol.current;
    const open = await openJob({ p });
    const [walletBefore, held] = await balances({ connection: p.connection, keys: [open.client.keypair.publicKey, open.job] });
    const { signature } = await cancelJob({ client: open.client.client, job: open.job });
    const [walletAfter, heldAfter] = await balances({ connection: p.connection, keys: [open.client.keypair.publicKey, open.job] });
    expect(heldAfter).toBe(0);
    expect(walletAfter! - walletBefore!).toBe(held! - (await feeOf({ connection: p.connection, signature })));
    expect(await fetchJob({ client: open.client.client, job: open.job })).toBeNull();
    // Double cancel (a distinct transaction: a byte-identical one is a replay, see replay.test.ts).
    await expectNamedError({ call: cancelJob({ client: open.client.client, job: open.job, computeUnitLimit: 300_000 }), name: "AccountNotInitialized" });
  });

  it("only the client, and only while open", async () => {
    const p = protocol.current;
    const open = await openJob({ p });
    const stranger = await newActor({ connection: p.connection, sol: 1 });
    await expectAtelierError({ call: cancelJob({ client: stranger.client, job: open.job }), name: "NotJobClient" });
    const claimed = await claimedJob({ p });
    await expectAtelierError({ call: cancelJob({ client: claimed.client.client, job: claimed.job }), name: "JobNotOpen" });
  });
});
