import { Keypair, PublicKey } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import {
  ATELIER_IDL,
  ATELIER_PROGRAM_ID,
  PdaInputError,
  SEEDS,
  artistPda,
  assetPda,
  collectionAuthorityPda,
  collectionPda,
  configPda,
  listingPda,
  mintPayerPda,
  splitterPda,
  jobIdBytes,
  jobPda,
  provenancePda,
  workerPda,
} from "../src/index.js";

/** Derives an instruction account's address from the IDL's own seed definition. */
function fromIdl(instruction: string, account: string, values: Record<string, Buffer>, programId = ATELIER_PROGRAM_ID): PublicKey {
  const ix = ATELIER_IDL.instructions.find((i) => i.name === instruction);
  const acc = ix?.accounts.find((a) => a.name === account);
  if (!acc || !("pda" in acc) || !acc.pda) throw new Error(`${instruction}.${account} has no PDA in the IDL`);
  const seeds = acc.pda.seeds.map((seed) => {
    if (seed.kind === "const") return Buffer.from(seed.value);
    const v = values[seed.path];
    if (!v) throw new Error(`no value for seed ${seed.path}`);
    return v;
  });
  return PublicKey.findProgramAddressSync(seeds, programId)[0];
}

describe("pda", () => {
  const authority = Keypair.generate().publicKey;

  it("reads the seed prefixes from the IDL's constants", () => {
    expect(SEEDS.config.toString()).toBe("config");
    expect(SEEDS.job.toString()).toBe("job");
    expect(SEEDS.provenance.toString()).toBe("provenance");
  });

  it("config, artist and worker match the IDL's seed definitions", () => {
    expect(configPda().address).toEqual(fromIdl("initialize_config", "config", {}));
    expect(artistPda({ authority }).address).toEqual(fromIdl("register_artist", "artist", { authority: authority.toBuffer() }));
    expect(workerPda({ authority }).address).toEqual(fromIdl("register_worker", "worker", { authority: authority.toBuffer() }));
    expect(workerPda({ authority }).address).toEqual(fromIdl("commit_attestation", "verifier", { authority: authority.toBuffer() }));
  });

  it("job addresses use the id as u64 little-endian, per client", () => {
    const client = Keypair.generate().publicKey;
    const id = 0x0102030405060708n;
    const idBytes = Buffer.from([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(jobIdBytes({ jobId: id })).toEqual(idBytes);
    expect(jobPda({ client, jobId: id }).address).toEqual(
      fromIdl("create_job", "job", { client: client.toBuffer(), "args.job_id": idBytes }),
    );
    expect(jobPda({ client, jobId: 1 }).address).not.toEqual(jobPda({ client, jobId: 2 }).address);
    expect(jobPda({ client: authority, jobId: 1 }).address).not.toEqual(jobPda({ client, jobId: 1 }).address);
  });

  it("provenance is keyed by the content hash", () => {
    const hash = Keypair.generate().publicKey.toBuffer();
    expect(provenancePda({ contentHash: hash }).address).toEqual(fromIdl("submit_result", "provenance", { "args.content_hash": hash }));
  });

  it("derives under another program id when asked", () => {
    const programId = Keypair.generate().publicKey;
    expect(configPda({ programId }).address).toEqual(fromIdl("initialize_config", "config", {}, programId));
    expect(configPda({ programId }).address).not.toEqual(configPda().address);
  });

  it("returns the canonical bump", () => {
    const { address, bump } = workerPda({ authority });
    expect(PublicKey.createProgramAddressSync([SEEDS.worker, authority.toBuffer(), Buffer.from([bump])], ATELIER_PROGRAM_ID)).toEqual(address);
  });

  it("refuses seeds of the wrong shape", () => {
    expect(() => provenancePda({ contentHash: new Uint8Array(31) })).toThrow(PdaInputError);
    expect(() => jobIdBytes({ jobId: -1n })).toThrow(PdaInputError);
    expect(() => jobIdBytes({ jobId: 1n << 64n })).toThrow(PdaInputError);
    expect(jobIdBytes({ jobId: (1n << 64n) - 1n })).toEqual(Buffer.alloc(8, 0xff));
  });

  it("collection, collection authority, mint payer, asset, splitter and listing match the IDL's seed definitions", () => {
    expect(collectionPda().address).toEqual(fromIdl("initialize_collection", "collection", {}));
    expect(collectionAuthorityPda().address).toEqual(fromIdl("initialize_collection", "collection_authority", {}));
    expect(mintPayerPda().address).toEqual(fromIdl("finalize_job", "mint_payer", {}));
    const contentHash = Buffer.alloc(32, 7);
    const asset = assetPda({ contentHash }).address;
    expect(asset).toEqual(fromIdl("finalize_job", "asset", { "job.content_hash": contentHash }));
    expect(asset).not.toEqual(provenancePda({ contentHash }).address);
    expect(splitterPda({ asset }).address).toEqual(fromIdl("finalize_job", "splitter", { asset: asset.toBuffer() }));
    expect(listingPda({ asset }).address).toEqual(fromIdl("list_asset", "listing", { asset: asset.toBuffer() }));
    expect(() => assetPda({ contentHash: new Uint8Array(31) })).toThrow(PdaInputError);
  });
});
