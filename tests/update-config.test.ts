import { PublicKey } from "@solana/web3.js";
import { acceptAdmin, fetchConfig, updateConfig } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { newActor } from "./fixtures/chain.js";
import { expectAtelierError } from "./fixtures/errors.js";
import { DEFAULT_PARAMS, useProtocol } from "./fixtures/protocol.js";

describe("update_config", () => {
  const protocol = useProtocol({ per: "test" });

  it("replaces treasury and parameters and hands over in two steps; only the new admin can update next", async () => {
    const p = protocol.current;
    const next = await newActor({ connection: p.connection });
    const params = { ...DEFAULT_PARAMS, protocolFeeBps: 250, verifierQuorum: 3, verifierCommittee: 5, commitWindow: 90, verifierOversample: 3 };
    await updateConfig({ client: p.admin.client, admin: next.keypair.publicKey, treasury: next.keypair.publicKey, params });
    // Proposed, not yet admin: a stranger cannot accept, the proposed key can.
    const proposed = await fetchConfig({ client: p.admin.client });
    expect(proposed?.admin).toEqual(p.admin.keypair.publicKey);
    expect(proposed?.pendingAdmin).toEqual(next.keypair.publicKey);
    const stranger = await newActor({ connection: p.connection });
    await expectAtelierError({ call: acceptAdmin({ client: stranger.client }), name: "NotPendingAdmin" });
    await acceptAdmin({ client: next.client });
    const config = await fetchConfig({ client: p.admin.client });
    expect(config?.admin).toEqual(next.keypair.publicKey);
    expect(config?.pendingAdmin).toBeNull();
    expect(config?.treasury).toEqual(next.keypair.publicKey);
    expect(config?.params.protocolFeeBps).toBe(250);
    expect(config?.params.verifierQuorum).toBe(3);
    expect([config?.params.verifierCommittee, config?.params.commitWindow.toNumber(), config?.params.verifierOversample]).toEqual([5, 90, 3]);
    await expectAtelierError({
      call: updateConfig({ client: p.admin.client, admin: p.admin.keypair.publicKey, treasury: p.treasury.publicKey, params }),
      name: "Unauthorized",
    });
  });

  it("refuses a non-admin, the default key as admin, and invalid parameters", async () => {
    const p = protocol.current;
    const stranger = await newActor({ connection: p.connection });
    const base = { admin: p.admin.keypair.publicKey, treasury: p.treasury.publicKey, params: DEFAULT_PARAMS };
    await expectAtelierError({ call: updateConfig({ client: stranger.client, ...base }), name: "Unauthorized" });
    await expectAtelierError({ call: updateConfig({ client: p.admin.client, ...base, admin: PublicKey.default }), name: "InvalidAdmin" });
    await expectAtelierError({
      call: updateConfig({ client: p.admin.client, ...base, params: { ...DEFAULT_PARAMS, verificationWindow: 0 } }),
      name: "InvalidDuration",
    });
    await expectAtelierError({
      call: updateConfig({ client: p.admin.client, ...base, params: { ...DEFAULT_PARAMS, commitWindow: Number(DEFAULT_PARAMS.verificationWindow) + 1 } }),
      name: "InvalidCommitWindow",
    });
    await expectAtelierError({
      call: updateConfig({ client: p.admin.client, ...base, params: { ...DEFAULT_PARAMS, verifierCommittee: 2 * DEFAULT_PARAMS.verifierQuorum } }),
      name: "InvalidQuorum",
    });
    const config = await fetchConfig({ client: p.admin.client });
    expect(config?.admin).toEqual(p.admin.keypair.publicKey);
    expect(config?.params.verificationWindow.toString()).toBe(String(DEFAULT_PARAMS.verificationWindow));
  });
});
