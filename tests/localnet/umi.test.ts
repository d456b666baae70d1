// umi's web3.js RPC (umi-bundle-defaults) against localnet: airdrop, balances, account reads.
import { generateSigner, publicKey, sol } from "@metaplex-foundation/umi";
import { createUmi } from "@metaplex-foundation/umi-bundle-defaults";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { rpcCall, startLocalnet, type Localnet } from "../setup/localnet.js";

describe("umi against localnet", () => {
  let net: Localnet;

  beforeEach(async () => {
    net = await startLocalnet();
  });

  afterEach(async () => {
    expect(await net.stop()).toBe(0);
  });

  it("airdrops and reads accounts through umi.rpc", async () => {
    const umi = createUmi(net.url, { commitment: "confirmed", wsEndpoint: net.wsUrl });
    const wallet = generateSigner(umi);
    await umi.rpc.airdrop(wallet.publicKey, sol(3));
    expect((await umi.rpc.getBalance(wallet.publicKey)).basisPoints).toBe(3_000_000_000n);

    const owner = generateSigner(umi).publicKey;
    const dataKey = generateSigner(umi).publicKey;
    const r = await rpcCall({
      url: net.url,
      method: "localnet_setAccount",
      params: [{ pubkey: dataKey, lamports: 2_000_000, data: Buffer.from([9, 8, 7]).toString("base64"), owner }],
    });
    expect(r.result).toBe(true);

    const account = await umi.rpc.getAccount(dataKey);
    expect(account.exists).toBe(true);
    if (!account.exists) return;
    expect(Array.from(account.data)).toEqual([9, 8, 7]);
    expect(account.owner).toBe(owner);

    const missing = publicKey(generateSigner(umi).publicKey);
    const [a, b, c] = await umi.rpc.getAccounts([wallet.publicKey, dataKey, missing]);
    expect(a?.exists && a.lamports.basisPoints).toBe(3_000_000_000n);
    expect(b?.exists).toBe(true);
    expect(c?.exists).toBe(false);
    expect((await umi.rpc.getLatestBlockhash()).blockhash).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
  });
});
