import {
  CORE_PROGRAM_ID,
  chainTime,
  collectionAuthorityPda,
  collectionPda,
  createJob,
  fetchAtelierCollection,
  fetchConfig,
  initializeCollection,
} from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { balances, feeOf, newActor, rentOf } from "./fixtures/chain.js";
import { expectAtelierError } from "./fixtures/errors.js";
import { COLLECTION, GENERATION, useProtocol } from "./fixtures/protocol.js";

describe("initialize_collection", () => {
  // A config without a collection, fresh per test.
  const protocol = useProtocol({ per: "test", collection: false });

  it("creates the Core collection at its PDA with the program as update authority; the admin pays its rent", async () => {
    const p = protocol.current;
    const [before] = await balances({ connection: p.connection, keys: [p.admin.keypair.publicKey] });
    const { signature, collection } = await initializeCollection({ client: p.admin.client, ...COLLECTION });

    expect(collection).toEqual(collectionPda().address);
    const config = await fetchConfig({ client: p.admin.client });
    expect(config?.collection).toEqual(collection);
    expect(config?.assetsMinted.toNumber()).toBe(0);
    // Decoded by @metaplex-foundation/mpl-core through the RPC.
    const decoded = await fetchAtelierCollection({ client: p.admin.client });
    expect(decoded).toMatchObject({ name: COLLECTION.name, uri: COLLECTION.uri, numMinted: 0, currentSize: 0 });
    expect(decoded?.updateAuthority.toString()).toBe(collectionAuthorityPda().address.toBase58());

    const info = await p.connection.getAccountInfo(collection, "confirmed");
    expect(info?.owner).toEqual(CORE_PROGRAM_ID);
    const rent = await rentOf({ connection: p.connection, bytes: info!.data.length });
    expect(info?.lamports).toBe(rent);
    const [after] = await balances({ connection: p.connection, keys: [p.admin.keypair.publicKey] });
    expect(before! - after!).toBe(rent + (await feeOf({ connection: p.connection, signature })));
  });

  it("is required before create_job; admin only, once, with a valid name and URI", async () => {
    const p = protocol.current;
    const client = await newActor({ connection: p.connection, sol: 5 });
    const deadline = async () => (await chainTime({ client: client.client })) + 3_600;
    await expectAtelierError({
      call: createJob({ client: client.client, jobId: 1, modelId: "sd-turbo", prompt: { text: "a harbour" }, params: GENERATION, payment: 1, deadline: await deadline() }),
      name: "CollectionNotInitialized",
    });

    await expectAtelierError({ call: initializeCollection({ client: client.client, ...COLLECTION }), name: "Unauthorized" });
    await expectAtelierError({ call: initializeCollection({ client: p.admin.client, name: "", uri: COLLECTION.uri }), name: "InvalidAssetName" });
    await expectAtelierError({ call: initializeCollection({ client: p.admin.client, name: "x".repeat(33), uri: COLLECTION.uri }), name: "InvalidAssetName" });
    await expectAtelierError({ call: initializeCollection({ client: p.admin.client, name: COLLECTION.name, uri: "" }), name: "InvalidUri" });
    await expectAtelierError({ call: initializeCollection({ client: p.admin.client, name: COLLECTION.name, uri: "u".repeat(201) }), name: "InvalidUri" });
    expect((await fetchConfig({ client: p.admin.client }))?.collection).toBeNull();

    await initializeCollection({ client: p.admin.client, ...COLLECTION });
    const data = (await p.connection.getAccountInfo(collectionPda().address, "confirmed"))?.data;
    await expectAtelierError({ call: initializeCollection({ client: p.admin.client, name: "Other", uri: COLLECTION.uri }), name: "CollectionAlreadyInitialized" });
    expect((await p.connection.getAccountInfo(collectionPda().address, "confirmed"))?.data).toEqual(data);

    // Jobs may be created now.
    await expect(
      createJob({ client: client.client, jobId: 2, modelId: "sd-turbo", prompt: { text: "a harbour" }, params: GENERATION, payment: 1, deadline: await deadline() }),
    ).resolves.toMatchObject({ signature: expect.any(String) });
  });
});
