import path from "node:path";
import { fileURLToPath } from "node:url";

import {
  deserializeAssetV1,
  deserializeCollectionV1,
  Key,
  type AssetV1,
  type CollectionV1,
} from "@metaplex-foundation/mpl-core";
import { beforeAll, describe, expect, it } from "vitest";

import { dumpCoreAccounts, toRpcAccount, type CoreDump } from "./dump-core-accounts.js";

// The accounts come from the Metaplex Core STAND-IN (crates/core-standin), not the real
// program: this suite proves its bytes are what the real Core JS client reads.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("Core stand-in accounts decode with @metaplex-foundation/mpl-core", () => {
  let dump: CoreDump;
  let asset: AssetV1;
  let collection: CollectionV1;

  beforeAll(() => {
    dump = dumpCoreAccounts({ repoRoot });
    asset = deserializeAssetV1(toRpcAccount({ account: dump.asset }));
    collection = deserializeCollectionV1(toRpcAccount({ account: dump.collection }));
  }, 900_000);

  it("both accounts are owned by the Core program id", () => {
    expect(dump.asset.owner).toBe(dump.expected.coreProgram);
    expect(dump.collection.owner).toBe(dump.expected.coreProgram);
    expect(dump.expected.coreProgram).toBe("CoREENxT6tW1HoK8ypY1SxRMZTcVPm7R94rH4PZNhX7d");
  });

  it("decodes the asset's base fields", () => {
    const expected = dump.expected.asset;
    expect(asset.key).toBe(Key.AssetV1);
    expect(asset.publicKey).toBe(dump.asset.address);
    expect(asset.name).toBe(expected.name);
    expect(asset.uri).toBe(expected.uri);
    expect(asset.owner).toBe(expected.owner);
    expect(asset.updateAuthority).toEqual(expected.updateAuthority);
    expect(asset.updateAuthority.address).toBe(dump.collection.address);
  });

  it("decodes the asset's Attributes and Royalties plugins", () => {
    const expected = dump.expected.asset;
    expect(asset.attributes?.attributeList).toEqual(expected.attributes);
    expect(asset.attributes?.authority).toEqual({ type: "UpdateAuthority", address: undefined });
    expect(asset.royalties?.basisPoints).toBe(expected.royalties.basisPoints);
    expect(asset.royalties?.creators).toEqual(expected.royalties.creators);
    expect(asset.royalties?.creators.reduce((sum, c) => sum + c.percentage, 0)).toBe(100);
    expect(asset.royalties?.ruleSet).toMatchObject(
      expected.royalties.ruleSet.type === "None"
        ? { type: "None" }
        : { type: expected.royalties.ruleSet.type, addresses: expected.royalties.ruleSet.programs },
    );
    // Plugins sit in creation order between the header and the registry.
    const registryOffset = asset.pluginHeader?.pluginRegistryOffset ?? 0n;
    const attributesOffset = asset.attributes?.offset ?? 0n;
    const royaltiesOffset = asset.royalties?.offset ?? 0n;
    expect(attributesOffset).toBeGreaterThan(0n);
    expect(attributesOffset).toBeLessThan(royaltiesOffset);
    expect(royaltiesOffset).toBeLessThan(registryOffset);
    // The account ends with the registry: key, 2 records (type, authority, u64 offset), no
    // external records.
    const dataLength = Buffer.from(dump.asset.dataBase64, "base64").length;
    expect(dataLength).toBe(Number(registryOffset) + 1 + 4 + 2 * (1 + 1 + 8) + 4);
  });

  it("decodes the collection with its counters and Royalties", () => {
    const expected = dump.expected.collection;
    expect(collection.key).toBe(Key.CollectionV1);
    expect(collection.name).toBe(expected.name);
    expect(collection.uri).toBe(expected.uri);
    expect(collection.updateAuthority).toBe(expected.updateAuthority);
    expect(collection.numMinted).toBe(expected.numMinted);
    expect(collection.currentSize).toBe(expected.currentSize);
    expect(collection.royalties?.basisPoints).toBe(expected.royalties.basisPoints);
    expect(collection.royalties?.creators).toEqual(expected.royalties.creators);
    expect(collection.royalties?.ruleSet).toMatchObject({ type: "None" });
  });
});
