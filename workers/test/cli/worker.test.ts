// `worker register|add-stake|unstake|withdraw|status` against a real localnet.
import { fetchWorker, workerPda } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { SOL, advanceClock, fundedKeypair, clientFor } from "../../../tests/fixtures/chain.js";
import { DEFAULT_PARAMS, useProtocol } from "../../../tests/fixtures/protocol.js";
import { cli, errorName, keypairFile } from "./cli-harness.js";

const UNBONDING = Number(DEFAULT_PARAMS.unbondingPeriod);

describe("operator CLI: worker", () => {
  const protocol = useProtocol();

  it("registers, adds stake, unstakes, refuses an early withdraw, then withdraws stake + rent", async () => {
    const p = protocol.current;
    const keypair = await fundedKeypair({ connection: p.connection, sol: 10 });
    const kp = keypairFile({ keypair });
    const url = p.net.url;

    const reg = await cli({ url, keypair: kp, argv: ["worker", "register", "--stake", "2", "--json"] });
    expect(reg.code, reg.err).toBe(0);
    expect(reg.json()).toMatchObject({ status: "active", stakeLamports: String(2 * SOL), withdrawableAt: null });

    const again = await cli({ url, keypair: kp, argv: ["worker", "register", "--stake", "2"] });
    expect(again.code).toBe(1);
    expect(errorName({ run: again })).toBe("WorkerAlreadyRegistered");

    const added = await cli({ url, keypair: kp, argv: ["--json", "worker", "add-stake", "--amount", "0.5"] });
    expect(added.code, added.err).toBe(0);
    expect(added.json()).toMatchObject({ stakeLamports: String(2.5 * SOL) });

    const text = await cli({ url, keypair: kp, argv: ["worker", "status"] });
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^stake\s+2\.5 SOL$/m);
    expect(text.out).toMatch(/^status\s+active$/m);

    const unstake = await cli({ url, keypair: kp, argv: ["worker", "unstake", "--json"] });
    expect(unstake.code, unstake.err).toBe(0);
    const unbonding = unstake.json<{ status: string; withdrawableAt: number; withdrawableNow: boolean }>();
    expect(unbonding.status).toBe("unbonding");
    expect(unbonding.withdrawableNow).toBe(false);

    const early = await cli({ url, keypair: kp, argv: ["worker", "withdraw"] });
    expect(early.code).toBe(1);
    expect(errorName({ run: early })).toBe("UnbondingNotFinished");
    expect(early.err).not.toMatch(/\n\s+at /); // one line, no stack trace

    const client = clientFor({ connection: p.connection, keypair });
    const now = await advanceClock({ net: p.net, client, seconds: UNBONDING + 1 });
    expect(now).toBeGreaterThanOrEqual(unbonding.withdrawableAt);
    const held = await p.connection.getBalance(workerPda({ authority: keypair.publicKey, programId: client.programId }).address);
    const withdraw = await cli({ url, keypair: kp, argv: ["worker", "withdraw", "--json"] });
    expect(withdraw.code, withdraw.err).toBe(0);
    const w = withdraw.json<{ walletDeltaLamports: number; signature: string }>();
    const fee = (await p.connection.getTransaction(w.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 }))!.meta!.fee;
    expect(w.walletDeltaLamports).toBe(held - fee);
    expect(await fetchWorker({ client, authority: keypair.publicKey })).toBeNull();

    const gone = await cli({ url, keypair: kp, argv: ["worker", "status"] });
    expect(gone.code).toBe(1);
    expect(errorName({ run: gone })).toBe("WorkerNotRegistered");
  });

  it("refuses a stake the wallet cannot pay, and a stake below the minimum, sending nothing", async () => {
    const p = protocol.current;
    const keypair = await fundedKeypair({ connection: p.connection, sol: 2 });
    const kp = keypairFile({ keypair });
    const before = await p.connection.getBalance(keypair.publicKey);
    const poor = await cli({ url: p.net.url, keypair: kp, argv: ["worker", "register", "--stake", "5"] });
    expect(poor.code).toBe(1);
    expect(errorName({ run: poor })).toBe("InsufficientBalance");
    const low = await cli({ url: p.net.url, keypair: kp, argv: ["--json", "worker", "register", "--stake", "0.5"] });
    expect(low.code).toBe(1);
    expect(low.json<{ error: { name: string } }>().error.name).toBe("StakeBelowMinimum");
    expect(await p.connection.getBalance(keypair.publicKey)).toBe(before);
    expect(await fetchWorker({ client: clientFor({ connection: p.connection, keypair }), authority: keypair.publicKey })).toBeNull();
  });

  it("reports an unregistered wallet for status, add-stake, unstake and withdraw", async () => {
    const p = protocol.current;
    const kp = keypairFile({ keypair: await fundedKeypair({ connection: p.connection, sol: 5 }) });
    for (const argv of [["worker", "status"], ["worker", "add-stake", "--amount", "1"], ["worker", "unstake"], ["worker", "withdraw"]]) {
      const run = await cli({ url: p.net.url, keypair: kp, argv });
      expect(run.code, argv.join(" ")).toBe(1);
      expect(errorName({ run })).toBe("WorkerNotRegistered");
    }
  });

  it("bad arguments print the usage and exit 2", async () => {
    const p = protocol.current;
    const kp = keypairFile({ keypair: await fundedKeypair({ connection: p.connection, sol: 1 }) });
    for (const argv of [
      ["worker", "register"],
      ["worker", "register", "--stake", "two"],
      ["worker", "register", "--stake", "1.0000000001"],
      ["worker", "register", "--stake", "0"],
      ["worker", "add-stake", "--amount", "1", "--bogus"],
      ["worker", "status", "extra"],
      ["worker", "fly"],
      ["wizard"],
      [],
    ]) {
      const run = await cli({ url: p.net.url, keypair: kp, argv });
      expect(run.code, argv.join(" ")).toBe(2);
      expect(run.err, argv.join(" ")).toContain("usage: atelier-worker");
    }
  });

  it("names an unreachable RPC and a missing keypair file in one line", async () => {
    const p = protocol.current;
    const kp = keypairFile({ keypair: await fundedKeypair({ connection: p.connection, sol: 1 }) });
    const down = await cli({ url: "http://127.0.0.1:9", keypair: kp, argv: ["worker", "status"] });
    expect(down.code).toBe(1);
    expect(errorName({ run: down })).toBe("RpcUnreachable");
    expect(down.err.trim().split("\n")).toHaveLength(1);
    const missing = await cli({ url: p.net.url, keypair: "/nonexistent/id.json", argv: ["worker", "status"] });
    expect(missing.code).toBe(1);
    expect(errorName({ run: missing })).toBe("KeypairFileError");
  });
});
