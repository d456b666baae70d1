import { Keypair } from "@solana/web3.js";
import { configPda, fetchConfig, initializeConfig, subscribeEvents, type AtelierEvent } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { balances, connect, feeOf, newActor, rentOf } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { DEFAULT_PARAMS } from "./fixtures/protocol.js";
import { setUpgradeAuthority, useLocalnet } from "./setup/localnet.js";
import { CONFIG_BYTES } from "./fixtures/sizes.js";

describe("initialize_config", () => {
  const net = useLocalnet({ per: "test" });

  it("creates the config; the signer becomes admin and pays its rent", async () => {
    const connection = connect({ net: net.current });
    const admin = await newActor({ connection });
    const treasury = await newActor({ connection, sol: 1 });
    await setUpgradeAuthority({ net: net.current, authority: admin.keypair.publicKey });
    const events: AtelierEvent[] = [];
    const unsubscribe = subscribeEvents({ client: admin.client, onEvent: (e) => events.push(e), mode: "poll", pollIntervalMs: 100 });
    await unsubscribe.ready;
    const [before] = await balances({ connection, keys: [admin.keypair.publicKey] });

    const { signature, config } = await initializeConfig({ client: admin.client, treasury: treasury.keypair.publicKey, params: DEFAULT_PARAMS });

    expect(config).toEqual(configPda().address);
    const account = await fetchConfig({ client: admin.client });
    expect(account?.admin).toEqual(admin.keypair.publicKey);
    expect(account?.treasury).toEqual(treasury.keypair.publicKey);
    expect(account?.paused).toBe(false);
    expect(account?.params.minWorkerStake.toString()).toBe(String(DEFAULT_PARAMS.minWorkerStake));
    expect(account?.params.verifierQuorum).toBe(DEFAULT_PARAMS.verifierQuorum);
    expect([
      account?.params.commitWindow.toNumber(),
      account?.params.verifierCommittee,
      account?.params.verifierOversample,
      account?.params.verifierTolerance,
      account?.params.verifierSlashBps,
    ]).toEqual([
      DEFAULT_PARAMS.commitWindow,
      DEFAULT_PARAMS.verifierCommittee,
      DEFAULT_PARAMS.verifierOversample,
      DEFAULT_PARAMS.verifierTolerance,
      DEFAULT_PARAMS.verifierSlashBps,
    ]);
    expect(account?.activeStake.toNumber()).toBe(0);
    const [after, configLamports] = await balances({ connection, keys: [admin.keypair.publicKey, config] });
    const rent = await rentOf({ connection, bytes: CONFIG_BYTES });
    expect(configLamports).toBe(rent);
    expect(before! - after!).toBe(rent + (await feeOf({ connection, signature })));

    await expect.poll(() => events.map((e) => e.name), { timeout: 10_000 }).toContain("configInitialized");
    await unsubscribe();
    const event = events.find((e) => e.name === "configInitialized");
    expect(event?.signature).toBe(signature);
  });

  it("is refused to anyone but the program's upgrade authority (no deploy race)", async () => {
    const connection = connect({ net: net.current });
    const deployer = await newActor({ connection });
    const racer = await newActor({ connection });
    await setUpgradeAuthority({ net: net.current, authority: deployer.keypair.publicKey });
    await expectAtelierError({
      call: initializeConfig({ client: racer.client, treasury: racer.keypair.publicKey, params: DEFAULT_PARAMS }),
      name: "NotUpgradeAuthority",
    });
    expect(await fetchConfig({ client: racer.client })).toBeNull();
    await initializeConfig({ client: deployer.client, treasury: deployer.keypair.publicKey, params: DEFAULT_PARAMS });
    expect((await fetchConfig({ client: racer.client }))?.admin).toEqual(deployer.keypair.publicKey);
  });

  it("cannot run twice", async () => {
    const connection = connect({ net: net.current });
    const admin = await newActor({ connection });
    const treasury = await newActor({ connection, sol: 1 });
    await setUpgradeAuthority({ net: net.current, authority: admin.keypair.publicKey });
    await initializeConfig({ client: admin.client, treasury: treasury.keypair.publicKey, params: DEFAULT_PARAMS });
    const attacker = await newActor({ connection });
    await expectNamedError({
      call: initializeConfig({ client: attacker.client, treasury: attacker.keypair.publicKey, params: DEFAULT_PARAMS }),
      name: "AccountAlreadyInUse",
    });
    expect((await fetchConfig({ client: admin.client }))?.admin).toEqual(admin.keypair.publicKey);
  });

  it("refuses invalid parameters and a treasury that is not rent-exempt, by name", async () => {
    const connection = connect({ net: net.current });
    const admin = await newActor({ connection });
    const treasury = admin.keypair.publicKey;
    await setUpgradeAuthority({ net: net.current, authority: admin.keypair.publicKey });
    const cases = [
      [{ protocolFeeBps: 9_000, verifierFeeBps: 1_001 }, "InvalidFeeBps"],
      [{ verifierQuorum: 0 }, "InvalidQuorum"],
      [{ verifierQuorum: 9 }, "InvalidQuorum"],
      // The committee: from the quorum to 2 · quorum − 1 (one side at most can reach the quorum), at most 8.
      [{ verifierQuorum: 2, verifierCommittee: 1 }, "InvalidQuorum"],
      [{ verifierQuorum: 2, verifierCommittee: 4 }, "InvalidQuorum"],
      [{ verifierQuorum: 5, verifierCommittee: 9 }, "InvalidQuorum"],
      [{ verifierOversample: 0 }, "InvalidQuorum"],
      [{ commitWindow: 0 }, "InvalidCommitWindow"],
      [{ commitWindow: DEFAULT_PARAMS.verificationWindow }, "InvalidCommitWindow"],
      [{ verifierTolerance: 10_001 }, "InvalidScoreFloor"],
      [{ verifierSlashBps: 10_001 }, "InvalidSlashBps"],
      [{ claimTimeout: 0 }, "InvalidDuration"],
      [{ clipScoreFloor: 10_001 }, "InvalidScoreFloor"],
      [{ slashBps: 10_001 }, "InvalidSlashBps"],
      [{ minWorkerStake: 0 }, "InvalidMinimumStake"],
    ] as const;
    for (const [change, name] of cases) {
      await expectAtelierError({ call: initializeConfig({ client: admin.client, treasury, params: { ...DEFAULT_PARAMS, ...change } }), name });
    }
    await expectAtelierError({
      call: initializeConfig({ client: admin.client, treasury: Keypair.generate().publicKey, params: DEFAULT_PARAMS }),
      name: "TreasuryNotRentExempt",
    });
    expect(await fetchConfig({ client: admin.client })).toBeNull();
  });
});
