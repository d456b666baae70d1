import { fetchWorker, requestUnstake, withdrawStake } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { SOL, advanceClock, balances, feeOf } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { DEFAULT_PARAMS, claimedJob, newWorker, useProtocol } from "./fixtures/protocol.js";

const UNBONDING = Number(DEFAULT_PARAMS.unbondingPeriod);

describe("withdraw_stake", () => {
  const protocol = useProtocol();

  it("after the unbonding period returns stake and rent to the lamport and closes the worker", async () => {
    const p = protocol.current;
    const w = await newWorker({ p, stake: 2 * SOL });
    await expectAtelierError({ call: withdrawStake({ client: w.client }), name: "WorkerNotUnbonding" });
    await requestUnstake({ client: w.client });
    await expectAtelierError({ call: withdrawStake({ client: w.client }), name: "UnbondingNotFinished" });
    await advanceClock({ net: p.net, client: w.client, seconds: UNBONDING + 1 });
    const [walletBefore, held] = await balances({ connection: p.connection, keys: [w.keypair.publicKey, w.worker] });
    const { signature } = await withdrawStake({ client: w.client });
    const [walletAfter, heldAfter] = await balances({ connection: p.connection, keys: [w.keypair.publicKey, w.worker] });
    expect(heldAfter).toBe(0);
    expect(walletAfter! - walletBefore!).toBe(held! - (await feeOf({ connection: p.connection, signature })));
    expect(await fetchWorker({ client: w.client, authority: w.keypair.publicKey })).toBeNull();
    // Double withdrawal: the account is gone.
    await expectNamedError({ call: withdrawStake({ client: w.client, computeUnitLimit: 300_000 }), name: "AccountNotInitialized" });
  });

  it("waits for jobs in flight", async () => {
    const p = protocol.current;
    const claimed = await claimedJob({ p });
    await requestUnstake({ client: claimed.worker.client });
    await advanceClock({ net: p.net, client: claimed.worker.client, seconds: UNBONDING + 1 });
    await expectAtelierError({ call: withdrawStake({ client: claimed.worker.client }), name: "JobsInFlight" });
  });
});
