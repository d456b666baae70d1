import { fetchConfig, fetchWorker, registerWorker, workerPda, workerStatus } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { SOL, balances, feeOf, newActor, rentOf } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { useProtocol } from "./fixtures/protocol.js";
import { WORKER_BYTES } from "./fixtures/sizes.js";

describe("register_worker", () => {
  const protocol = useProtocol();

  it("holds the stake above rent in the worker PDA", async () => {
    const p = protocol.current;
    const operator = await newActor({ connection: p.connection, sol: 10 });
    const stake = 3 * SOL;
    const [before] = await balances({ connection: p.connection, keys: [operator.keypair.publicKey] });
    const { signature, worker } = await registerWorker({ client: operator.client, stake });
    expect(worker).toEqual(workerPda({ authority: operator.keypair.publicKey }).address);
    const account = await fetchWorker({ client: operator.client, authority: operator.keypair.publicKey });
    expect(account && workerStatus({ worker: account })).toBe("active");
    expect(account?.stake.toString()).toBe(String(stake));
    expect(account?.jobsInFlight).toBe(0);
    expect(account?.verificationsInFlight).toBe(0);
    // The registration counts as a stake raise: results submitted in this slot or before are not this verifier's to check.
    expect(account?.stakeRaisedSlot.toNumber()).toBeGreaterThan(0);
    expect((await fetchConfig({ client: operator.client }))?.activeStake.toNumber()).toBeGreaterThanOrEqual(stake);
    const rent = await rentOf({ connection: p.connection, bytes: WORKER_BYTES });
    const [after, held] = await balances({ connection: p.connection, keys: [operator.keypair.publicKey, worker] });
    expect(held).toBe(rent + stake);
    expect(before! - after!).toBe(rent + stake + (await feeOf({ connection: p.connection, signature })));
  });

  it("refuses a stake below the minimum and a second registration", async () => {
    const p = protocol.current;
    const operator = await newActor({ connection: p.connection, sol: 10 });
    await expectAtelierError({ call: registerWorker({ client: operator.client, stake: SOL - 1 }), name: "StakeBelowMinimum" });
    await registerWorker({ client: operator.client, stake: SOL });
    await expectNamedError({ call: registerWorker({ client: operator.client, stake: 2 * SOL }), name: "AccountAlreadyInUse" });
  });
});
