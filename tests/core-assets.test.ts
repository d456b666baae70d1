import { create, ruleSet } from "@metaplex-foundation/mpl-core";
import { createNoopSigner, generateSigner, publicKey as umiPublicKey } from "@metaplex-foundation/umi";
import { toWeb3JsInstruction, toWeb3JsKeypair } from "@metaplex-foundation/umi-web3js-adapters";
import { Keypair } from "@solana/web3.js";
import { createCoreUmi, fetchCoreAsset, sendInstructions } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { newActor } from "./fixtures/chain.js";
import { useProtocol } from "./fixtures/protocol.js";

// localnet hosts a native STAND-IN for Metaplex Core (crates/core-standin) at Core's program id.
describe("Core asset reads (against the Core stand-in)", () => {
  const protocol = useProtocol();

  it("decodes an asset created through Core's CreateV2, with its Royalties plugin", async () => {
    const p = protocol.current;
    const payer = await newActor({ connection: p.connection, sol: 2 });
    const umi = createCoreUmi({ client: payer.client });
    const assetSigner = generateSigner(umi);
    const artist = Keypair.generate().publicKey;
    const builder = create(umi, {
      asset: assetSigner,
      name: "Lighthouse at dusk",
      uri: "ar://metadata",
      owner: umiPublicKey(payer.keypair.publicKey.toBase58()),
      payer: createNoopSigner(umiPublicKey(payer.keypair.publicKey.toBase58())),
      authority: createNoopSigner(umiPublicKey(payer.keypair.publicKey.toBase58())),
      plugins: [
        {
          type: "Royalties",
          basisPoints: 500,
          creators: [{ address: umiPublicKey(artist.toBase58()), percentage: 100 }],
          ruleSet: ruleSet("None"),
        },
      ],
    });
    const instructions = builder.getInstructions().map(toWeb3JsInstruction);
    const assetKeypair = toWeb3JsKeypair(assetSigner);
    await sendInstructions({ client: payer.client, instructions, signers: [assetKeypair] });

    const asset = await fetchCoreAsset({ client: payer.client, asset: assetKeypair.publicKey });
    expect(asset).toMatchObject({ name: "Lighthouse at dusk", uri: "ar://metadata", owner: payer.keypair.publicKey.toBase58() });
    expect(asset?.royalties?.basisPoints).toBe(500);
    expect(asset?.royalties?.creators).toEqual([{ address: artist.toBase58(), percentage: 100 }]);
    expect(await fetchCoreAsset({ client: payer.client, asset: Keypair.generate().publicKey })).toBeNull();
  });
});
