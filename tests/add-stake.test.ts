import { addStake, addStakeIx, fetchWorker, requestUnstake, sendInstructions } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { SOL, balances, feeOf } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { newWorker, useProtocol } from "./fixtures/protocol.js";
import { withAccount } from "./fixtures/tamper.js";

describe("add_stake", () => {
  const protocol = useProtocol();

  it("moves lamports from the operator into the stake", async () => {
    const p = protocol.current;
    const w = await newWorker({ p, stake: SOL });
    const [walletBefore, heldBefore] = await balances({ connection: p.connection, keys: [w.keypair.publicKey, w.worker] });
    const { signature } = await addStake({ client: w.client, amount: SOL / 2 });
    const [walletAfter, heldAfter] = await balances({ connection: p.connection, keys: [w.keypair.publicKey, w.worker] });
    expect(heldAfter! - heldBefore!).toBe(SOL / 2);
    expect(walletBefore! - walletAfter!).toBe(SOL / 2 + (await feeOf({ connection: p.connection, signature })));
    expect((await fetchWorker({ client: w.client, authority: w.keypair.publicKey }))?.stake.toString()).toBe(String(1.5 * SOL));
  });

  it("refuses zero, unbonding workers and someone else's worker", async () => {
    const p = protocol.current;
    const w = await newWorker({ p });
    await expectAtelierError({ call: addStake({ client: w.client, amount: 0 }), name: "ZeroAmount" });
    const other = await newWorker({ p });
    const ix = withAccount({ ix: await addStakeIx({ client: w.client, amount: SOL }), instruction: "add_stake", account: "worker", pubkey: other.worker });
    await expectNamedError({ call: sendInstructions({ client: w.client, instructions: [ix] }), name: "ConstraintSeeds" });
    await requestUnstake({ client: w.client });
    await expectAtelierError({ call: addStake({ client: w.client, amount: SOL }), name: "WorkerNotActive" });
  });
});
