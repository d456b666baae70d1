// An unmodified Anchor client (AnchorProvider + Program from idl/atelier.json) against localnet:
// .rpc(), .simulate(), .fetch(), .all() with filters, events through onLogs, error codes.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import anchor from "@coral-xyz/anchor";
import type { Idl } from "@coral-xyz/anchor";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { setUpgradeAuthority, startLocalnet, type Localnet } from "../setup/localnet.js";

const { AnchorProvider, BN, Program, Wallet } = anchor;
const idlPath = resolve(dirname(fileURLToPath(import.meta.url)), "../../idl/atelier.json");
const idl = JSON.parse(readFileSync(idlPath, "utf8")) as Idl & {
  errors: { code: number; name: string }[];
};

function params(overrides: Record<string, unknown> = {}) {
  return {
    protocolFeeBps: 500,
    verifierFeeBps: 300,
    minWorkerStake: new BN(LAMPORTS_PER_SOL),
    unbondingPeriod: new BN(7 * 24 * 3600),
    claimTimeout: new BN(600),
    verificationWindow: new BN(3600),
    commitWindow: new BN(1200),
    verifierQuorum: 2,
    verifierCommittee: 2,
    verifierOversample: 255,
    verifierTolerance: 300,
    verifierSlashBps: 1000,
    clipScoreFloor: 2000,
    slashBps: 1000,
    latePenaltyBps: 100,
    royaltyBps: 500,
    royaltyEnforcement: { none: {} },
    mintDeposit: new BN(20_000_000),
    auditMinJobs: 30,
    auditThresholdX100: 300,
    auditSlashBps: 5000,
    ...overrides,
  };
}

/** Name of an Atelier error code from the IDL. */
function errorName(code: number): string | undefined {
  return idl.errors.find((e) => e.code === code)?.name;
}

describe("Anchor client against localnet", () => {
  let net: Localnet;
  let connection: Connection;
  let admin: Keypair;
  let treasury: Keypair;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let program: any;

  beforeEach(async () => {
    net = await startLocalnet();
    connection = new Connection(net.url, { commitment: "confirmed", wsEndpoint: net.wsUrl });
    admin = Keypair.generate();
    treasury = Keypair.generate();
    for (const k of [admin, treasury]) {
      const sig = await connection.requestAirdrop(k.publicKey, 10 * LAMPORTS_PER_SOL);
      await connection.confirmTransaction({ signature: sig, ...(await connection.getLatestBlockhash()) });
    }
    // The admin deployed the program: only the upgrade authority may initialize its config.
    await setUpgradeAuthority({ net, authority: admin.publicKey });
    const provider = new AnchorProvider(connection, new Wallet(admin), { commitment: "confirmed" });
    program = new Program(idl, provider);
  });

  afterEach(async () => {
    expect(await net.stop()).toBe(0);
  });

  it("initialize_config: .simulate() sees the event, .rpc() lands, .fetch() and .all() read it", async () => {
    const sim = await program.methods.initializeConfig(params()).accounts({ treasury: treasury.publicKey }).simulate();
    expect(sim.events.map((e: { name: string }) => e.name)).toContain("configInitialized");

    const events: { admin: PublicKey }[] = [];
    const listener = program.addEventListener("configInitialized", (e: { admin: PublicKey }) => events.push(e));
    const sig = await program.methods.initializeConfig(params()).accounts({ treasury: treasury.publicKey }).rpc();
    expect(typeof sig).toBe("string");

    const [configPda] = PublicKey.findProgramAddressSync([Buffer.from("config")], program.programId);
    const config = await program.account.config.fetch(configPda);
    expect(config.admin.toBase58()).toBe(admin.publicKey.toBase58());
    expect(config.treasury.toBase58()).toBe(treasury.publicKey.toBase58());
    expect(config.params.protocolFeeBps).toBe(500);
    expect(config.paused).toBe(false);

    // Config layout: discriminator (8), version (1), bump (1), admin (32).
    const mine = await program.account.config.all([{ memcmp: { offset: 10, bytes: admin.publicKey.toBase58() } }]);
    expect(mine).toHaveLength(1);
    expect(mine[0].publicKey.toBase58()).toBe(configPda.toBase58());
    const other = await program.account.config.all([
      { memcmp: { offset: 10, bytes: Keypair.generate().publicKey.toBase58() } },
    ]);
    expect(other).toHaveLength(0);

    await expect.poll(() => events.length, { timeout: 10_000 }).toBe(1);
    expect(events[0]?.admin.toBase58()).toBe(admin.publicKey.toBase58());
    await program.removeEventListener(listener);

    const tx = await connection.getTransaction(sig, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    expect(tx?.meta?.err).toBeNull();
    expect(tx?.meta?.logMessages?.some((l) => l.startsWith("Program data: "))).toBe(true);
  });

  it("a program error reaches the client as its IDL error code", async () => {
    const bad = params({ protocolFeeBps: 9_000, verifierFeeBps: 2_000 });
    const err = await program.methods
      .initializeConfig(bad)
      .accounts({ treasury: treasury.publicKey })
      .rpc()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    // Natively, `msg!` output (Anchor's "AnchorError occurred" line) does not reach the logs;
    // the runtime's failure line carries the custom error code, as on a cluster.
    const message = (err as { transactionMessage?: string }).transactionMessage ?? String(err);
    const hex = /custom program error: (0x[0-9a-f]+)/.exec(message)?.[1];
    expect(hex).toBeDefined();
    const code = Number(hex);
    expect(errorName(code as number)).toBe("InvalidFeeBps");
    // Nothing landed: the config does not exist.
    const [configPda] = PublicKey.findProgramAddressSync([Buffer.from("config")], program.programId);
    expect(await connection.getAccountInfo(configPda)).toBeNull();
  });

  it("re-initializing is refused by the runtime (account already in use)", async () => {
    await program.methods.initializeConfig(params()).accounts({ treasury: treasury.publicKey }).rpc();
    const err = await program.methods
      .initializeConfig(params({ protocolFeeBps: 100 }))
      .accounts({ treasury: treasury.publicKey })
      .rpc()
      .then(
        () => undefined,
        (e: unknown) => e as { logs?: string[] },
      );
    expect(err).toBeDefined();
    expect(err?.logs?.some((l: string) => l.includes("already in use"))).toBe(true);
  });
});
