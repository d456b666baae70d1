import { claimJob, subscribeEvents, type AtelierEvent, type EventMode } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { newActor } from "./fixtures/chain.js";
import { expectAtelierError } from "./fixtures/errors.js";
import { newWorker, openJob, useProtocol } from "./fixtures/protocol.js";

describe("event stream", () => {
  const protocol = useProtocol();

  for (const mode of ["websocket", "poll", "auto"] as const satisfies readonly EventMode[]) {
    it(`${mode}: delivers each transaction's events once, in order, and nothing from failed transactions`, async () => {
      const p = protocol.current;
      const listener = await newActor({ connection: p.connection, sol: 1 });
      const events: AtelierEvent[] = [];
      const stop = subscribeEvents({ client: listener.client, onEvent: (e) => events.push(e), mode, pollIntervalMs: 100 });
      await stop.ready;
      // logsSubscribe has no acknowledgement in web3.js: give the socket a moment to subscribe.
      if (mode === "websocket") await new Promise((r) => setTimeout(r, 500));

      const open = await openJob({ p });
      const worker = await newWorker({ p });
      await claimJob({ client: worker.client, job: open.job });
      // A failed transaction (landed without preflight, so it is in the history) emits nothing.
      await expectAtelierError({ call: claimJob({ client: worker.client, job: open.job, preflight: false, computeUnitLimit: 300_000 }), name: "JobNotOpen" });

      await expect
        .poll(() => events.map((e) => e.name).filter((n) => n === "jobCreated" || n === "jobClaimed"), { timeout: 15_000 })
        .toEqual(["jobCreated", "jobClaimed"]);
      const created = events.find((e) => e.name === "jobCreated") as AtelierEvent<"jobCreated">;
      expect(created.data.job).toEqual(open.job);
      expect(created.data.payment.toNumber()).toBe(open.payment);
      const claimed = events.find((e) => e.name === "jobClaimed") as AtelierEvent<"jobClaimed">;
      expect(claimed.data.worker).toEqual(worker.worker);
      // One delivery per signature, even with both paths running.
      const signatures = events.map((e) => `${e.signature}:${e.name}`);
      expect(new Set(signatures).size).toBe(signatures.length);
      await stop();
    });
  }

  it("filters by event name and stops delivering after unsubscribe", async () => {
    const p = protocol.current;
    const listener = await newActor({ connection: p.connection, sol: 1 });
    const events: AtelierEvent[] = [];
    const stop = subscribeEvents({ client: listener.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100, names: ["workerRegistered"] });
    await stop.ready;
    await openJob({ p });
    const worker = await newWorker({ p });
    await expect.poll(() => events.length, { timeout: 10_000 }).toBe(1);
    expect(events[0]).toMatchObject({ name: "workerRegistered" });
    expect((events[0] as AtelierEvent<"workerRegistered">).data.worker).toEqual(worker.worker);
    await stop();
    await newWorker({ p });
    await new Promise((r) => setTimeout(r, 500));
    expect(events).toHaveLength(1);
  });
});
