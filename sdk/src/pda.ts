import { PublicKey } from "@solana/web3.js";
import { ATELIER_IDL } from "./generated/atelier.js";
import { ATELIER_PROGRAM_ID } from "./client.js";

/** Reads a `bytes` seed constant (e.g. `CONFIG_SEED`) from the IDL. */
function seedConstant(name: string): Buffer {
  const constant = ATELIER_IDL.constants?.find((c) => c.name === name);
  if (!constant) throw new Error(`the IDL has no constant ${name}`);
  const bytes: unknown = JSON.parse(constant.value);
  if (!Array.isArray(bytes)) throw new Error(`IDL constant ${name} is not a byte array`);
  return Buffer.from(bytes as number[]);
}

/** Every PDA seed prefix of the program, read from the IDL's constants. */
export const SEEDS = {
  config: seedConstant("CONFIG_SEED"),
  artist: seedConstant("ARTIST_SEED"),
  worker: seedConstant("WORKER_SEED"),
  job: seedConstant("JOB_SEED"),
  provenance: seedConstant("PROVENANCE_SEED"),
  collection: seedConstant("COLLECTION_SEED"),
  collectionAuthority: seedConstant("COLLECTION_AUTHORITY_SEED"),
  mintPayer: seedConstant("MINT_PAYER_SEED"),
  asset: seedConstant("ASSET_SEED"),
  splitter: seedConstant("SPLITTER_SEED"),
  listing: seedConstant("LISTING_SEED"),
} as const;

/** A derived address and its bump. */
export interface Pda {
  address: PublicKey;
  bump: number;
}

function derive(seeds: Buffer[], programId: PublicKey): Pda {
  const [address, bump] = PublicKey.findProgramAddressSync(seeds, programId);
  return { address, bump };
}

/** Raised for a seed input of the wrong shape (a hash that is not 32 bytes, a negative id). */
export class PdaInputError extends Error {
  override readonly name = "PdaInputError";
}

/** A u64 job id as 8 little-endian bytes. */
export function jobIdBytes({ jobId }: { jobId: bigint | number }): Buffer {
  const id = BigInt(jobId);
  if (id < 0n || id >= 1n << 64n) throw new PdaInputError(`job id ${id} is not a u64`);
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(id);
  return out;
}

function hash32(hash: Uint8Array, what: string): Buffer {
  if (hash.length !== 32) throw new PdaInputError(`${what} must be 32 bytes, got ${hash.length}`);
  return Buffer.from(hash);
}

/** `["config"]`: the protocol configuration. */
/** The BPF upgradeable loader, owner of every deployed program's ProgramData account. */
export const BPF_LOADER_UPGRADEABLE_ID = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");

/** The program's ProgramData account under the upgradeable loader (its upgrade authority may initialize the config). */
export function programDataPda({ programId = ATELIER_PROGRAM_ID }: { programId?: PublicKey } = {}): Pda {
  const [address, bump] = PublicKey.findProgramAddressSync([programId.toBuffer()], BPF_LOADER_UPGRADEABLE_ID);
  return { address, bump };
}

export function configPda({ programId = ATELIER_PROGRAM_ID }: { programId?: PublicKey } = {}): Pda {
  return derive([SEEDS.config], programId);
}

/** `["artist", authority]`: an artist's registry entry. */
export function artistPda({ authority, programId = ATELIER_PROGRAM_ID }: { authority: PublicKey; programId?: PublicKey }): Pda {
  return derive([SEEDS.artist, authority.toBuffer()], programId);
}

/** `["worker", authority]`: a worker operator's stake account. */
export function workerPda({ authority, programId = ATELIER_PROGRAM_ID }: { authority: PublicKey; programId?: PublicKey }): Pda {
  return derive([SEEDS.worker, authority.toBuffer()], programId);
}

/** `["job", client, job_id u64 LE]`: a job escrow. */
export function jobPda({
  client,
  jobId,
  programId = ATELIER_PROGRAM_ID,
}: {
  client: PublicKey;
  jobId: bigint | number;
  programId?: PublicKey;
}): Pda {
  return derive([SEEDS.job, client.toBuffer(), jobIdBytes({ jobId })], programId);
}

/** `["provenance", sha256(image bytes)]`: an image's permanent provenance record. */
export function provenancePda({
  contentHash,
  programId = ATELIER_PROGRAM_ID,
}: {
  contentHash: Uint8Array;
  programId?: PublicKey;
}): Pda {
  return derive([SEEDS.provenance, hash32(contentHash, "content hash")], programId);
}

/** `["collection"]`: the Metaplex Core collection every Atelier asset belongs to. */
export function collectionPda({ programId = ATELIER_PROGRAM_ID }: { programId?: PublicKey } = {}): Pda {
  return derive([SEEDS.collection], programId);
}

/** `["collection_authority"]`: the collection's update authority (signs mints, holds nothing). */
export function collectionAuthorityPda({ programId = ATELIER_PROGRAM_ID }: { programId?: PublicKey } = {}): Pda {
  return derive([SEEDS.collectionAuthority], programId);
}

/** `["mint_payer"]`: system-owned PDA that pays Core's rent during a mint from the job's deposit. */
export function mintPayerPda({ programId = ATELIER_PROGRAM_ID }: { programId?: PublicKey } = {}): Pda {
  return derive([SEEDS.mintPayer], programId);
}

/** `["asset", sha256(image bytes)]`: the Core asset minted for an accepted image. */
export function assetPda({ contentHash, programId = ATELIER_PROGRAM_ID }: { contentHash: Uint8Array; programId?: PublicKey }): Pda {
  return derive([SEEDS.asset, hash32(contentHash, "content hash")], programId);
}

/** `["splitter", asset]`: the royalty splitter of one asset (exists when the image names artists). */
export function splitterPda({ asset, programId = ATELIER_PROGRAM_ID }: { asset: PublicKey; programId?: PublicKey }): Pda {
  return derive([SEEDS.splitter, asset.toBuffer()], programId);
}

/** `["listing", asset]`: a market listing; owns the asset while it is listed. */
export function listingPda({ asset, programId = ATELIER_PROGRAM_ID }: { asset: PublicKey; programId?: PublicKey }): Pda {
  return derive([SEEDS.listing, asset.toBuffer()], programId);
}
