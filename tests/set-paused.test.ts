import { cancelJob, claimJob, fetchConfig, registerArtist, registerWorker, setPaused } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { SOL, newActor } from "./fixtures/chain.js";
import { expectAtelierError } from "./fixtures/errors.js";
import { newWorker, openJob, profile, useProtocol } from "./fixtures/protocol.js";

describe("set_paused", () => {
  const protocol = useProtocol({ per: "test" });

  it("refuses new jobs, claims and registrations while paused; money can still leave; resumes", async () => {
    const p = protocol.current;
    const worker = await newWorker({ p });
    const open = await openJob({ p });
    const pending = await openJob({ p });
    await setPaused({ client: p.admin.client, paused: true });
    expect((await fetchConfig({ client: p.admin.client }))?.paused).toBe(true);

    await expectAtelierError({ call: openJob({ p }), name: "ProtocolPaused" });
    await expectAtelierError({ call: claimJob({ client: worker.client, job: open.job }), name: "ProtocolPaused" });
    const newcomer = await newActor({ connection: p.connection });
    await expectAtelierError({ call: registerWorker({ client: newcomer.client, stake: SOL }), name: "ProtocolPaused" });
    await expectAtelierError({
      call: registerArtist({ client: newcomer.client, ...profile({ name: "late", payout: newcomer.keypair.publicKey }) }),
      name: "ProtocolPaused",
    });
    // Cancelling returns money: allowed while paused.
    await cancelJob({ client: pending.client.client, job: pending.job });

    await setPaused({ client: p.admin.client, paused: false });
    await claimJob({ client: worker.client, job: open.job });
  });

  it("only the admin can pause", async () => {
    const p = protocol.current;
    const stranger = await newActor({ connection: p.connection });
    await expectAtelierError({ call: setPaused({ client: stranger.client, paused: true }), name: "Unauthorized" });
    expect((await fetchConfig({ client: p.admin.client }))?.paused).toBe(false);
  });
});
