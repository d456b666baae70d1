import { createHash } from "node:crypto";
import { PublicKey, SYSVAR_CLOCK_PUBKEY, type GetProgramAccountsFilter } from "@solana/web3.js";
import bs58 from "bs58";
import type { AtelierClient } from "./client.js";
import { artistPda, configPda, listingPda, provenancePda, workerPda } from "./pda.js";
import type {
  ArtistAccount,
  ConfigAccount,
  JobAccount,
  ListingAccount,
  ProvenanceAccount,
  RoyaltySplitterAccount,
  WorkerAccount,
} from "./types.js";

/** The protocol config, or null before `initialize_config`. */
export async function fetchConfig({ client }: { client: AtelierClient }): Promise<ConfigAccount | null> {
  return client.program.account.config.fetchNullable(configPda({ programId: client.programId }).address, client.commitment);
}

/** An artist by its authority wallet, or null. */
export async function fetchArtist({ client, authority }: { client: AtelierClient; authority: PublicKey }): Promise<ArtistAccount | null> {
  return client.program.account.artist.fetchNullable(artistPda({ authority, programId: client.programId }).address, client.commitment);
}

/** A worker's stake account by its authority wallet, or null (never registered or withdrawn). */
export async function fetchWorker({ client, authority }: { client: AtelierClient; authority: PublicKey }): Promise<WorkerAccount | null> {
  return client.program.account.worker.fetchNullable(workerPda({ authority, programId: client.programId }).address, client.commitment);
}

/** A job by address, or null (never created, or closed by cancel / settlement / refund). */
export async function fetchJob({ client, job }: { client: AtelierClient; job: PublicKey }): Promise<JobAccount | null> {
  return client.program.account.job.fetchNullable(job, client.commitment);
}

/** The provenance record of a content hash (sha256 of the image bytes), or null. */
export async function fetchProvenance({
  client,
  contentHash,
}: {
  client: AtelierClient;
  contentHash: Uint8Array;
}): Promise<ProvenanceAccount | null> {
  return client.program.account.provenance.fetchNullable(provenancePda({ contentHash, programId: client.programId }).address, client.commitment);
}

/** sha256 of an image's bytes: its provenance key. */
export function contentHashOf({ image }: { image: Uint8Array }): Uint8Array {
  return new Uint8Array(createHash("sha256").update(image).digest());
}

/** Verifies an image: hashes its bytes and returns its provenance record, or null if unknown. */
export async function fetchProvenanceForImage({
  client,
  image,
}: {
  client: AtelierClient;
  image: Uint8Array;
}): Promise<ProvenanceAccount | null> {
  return fetchProvenance({ client, contentHash: contentHashOf({ image }) });
}

/** Byte offsets in the `Job` account (after the 8-byte discriminator, version and bump). */
const JOB_OFFSETS = { jobId: 10, client: 18, status: 50 } as const;
const JOB_STATUS_BYTE = { open: 0, claimed: 1, submitted: 2 } as const;

/** Jobs on chain, optionally only one status (`open`, `claimed`, `submitted`) or one client's. */
export async function findJobs({
  client,
  status,
  owner,
}: {
  client: AtelierClient;
  status?: keyof typeof JOB_STATUS_BYTE;
  /** Only this client wallet's jobs. */
  owner?: PublicKey;
}): Promise<{ publicKey: PublicKey; account: JobAccount }[]> {
  const filters: GetProgramAccountsFilter[] = [];
  if (status !== undefined) {
    filters.push({ memcmp: { offset: JOB_OFFSETS.status, bytes: bs58.encode(Uint8Array.of(JOB_STATUS_BYTE[status])) } });
  }
  if (owner !== undefined) filters.push({ memcmp: { offset: JOB_OFFSETS.client, bytes: owner.toBase58() } });
  return client.program.account.job.all(filters);
}

/** Workers on chain. */
export async function findWorkers({ client }: { client: AtelierClient }): Promise<{ publicKey: PublicKey; account: WorkerAccount }[]> {
  return client.program.account.worker.all();
}

/** Artists on chain. */
export async function findArtists({ client }: { client: AtelierClient }): Promise<{ publicKey: PublicKey; account: ArtistAccount }[]> {
  return client.program.account.artist.all();
}

/** The chain's unix time (the Clock sysvar's `unix_timestamp`), which the program's deadlines use. */
export async function chainTime({ client }: { client: AtelierClient }): Promise<number> {
  const info = await client.connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, client.commitment);
  if (!info || info.data.length < 40) throw new Error("the cluster returned no Clock sysvar");
  // slot u64, epoch_start_timestamp i64, epoch u64, leader_schedule_epoch u64, unix_timestamp i64
  return Number(Buffer.from(info.data).readBigInt64LE(32));
}

/** A royalty splitter by address (`splitterPda({ asset })`), or null (the image named no artist). */
export async function fetchRoyaltySplitter({
  client,
  splitter,
}: {
  client: AtelierClient;
  splitter: PublicKey;
}): Promise<RoyaltySplitterAccount | null> {
  return client.program.account.royaltySplitter.fetchNullable(splitter, client.commitment);
}

/** The market listing of an asset, or null (not listed). */
export async function fetchListing({ client, asset }: { client: AtelierClient; asset: PublicKey }): Promise<ListingAccount | null> {
  return client.program.account.listing.fetchNullable(listingPda({ asset, programId: client.programId }).address, client.commitment);
}

/** Byte offset of `Listing.seller` (after discriminator, version, bump and asset). */
const LISTING_SELLER_OFFSET = 42;

/** Market listings on chain, optionally only one seller's. */
export async function findListings({
  client,
  seller,
}: {
  client: AtelierClient;
  seller?: PublicKey;
}): Promise<{ publicKey: PublicKey; account: ListingAccount }[]> {
  const filters: GetProgramAccountsFilter[] = seller ? [{ memcmp: { offset: LISTING_SELLER_OFFSET, bytes: seller.toBase58() } }] : [];
  return client.program.account.listing.all(filters);
}

/**
 * Lamports an artist could claim from a splitter now: their bps of everything it ever received
 * (lamports above rent plus what it paid out), minus what they claimed. Mirrors the program's
 * rounding (floor), so dust waits for a later claim. 0 for an artist not in the splitter.
 */
export async function claimableRoyalties({
  client,
  splitter,
  artist,
}: {
  client: AtelierClient;
  splitter: PublicKey;
  /** The artist's registry account (`artistPda`). */
  artist: PublicKey;
}): Promise<bigint> {
  const info = await client.connection.getAccountInfo(splitter, client.commitment);
  if (!info) return 0n;
  const account = client.program.coder.accounts.decode<RoyaltySplitterAccount>("royaltySplitter", info.data);
  const share = account.shares.find((s) => s.artist.equals(artist));
  if (!share) return 0n;
  const rent = BigInt(await client.connection.getMinimumBalanceForRentExemption(info.data.length, client.commitment));
  const received = BigInt(info.lamports) - rent + BigInt(account.totalClaimed.toString());
  const owed = (received * BigInt(share.bps)) / 10_000n - BigInt(share.claimed.toString());
  return owed > 0n ? owed : 0n;
}
