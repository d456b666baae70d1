import { SystemProgram, type PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { fetchConfig, fetchJob } from "../accounts.js";
import { signerKey, type AtelierClient } from "../client.js";
import { accountNotFound } from "../errors.js";
import { configPda, provenancePda, workerPda } from "../pda.js";
import type { SendOptions, SentTransaction } from "../tx.js";
import { toBN, toHashArray, type InfluenceInput, type IntLike } from "../types.js";
import { sendOne } from "./send.js";

function ownWorker(client: AtelierClient): { authority: PublicKey; worker: PublicKey } {
  const authority = signerKey({ client });
  return { authority, worker: workerPda({ authority, programId: client.programId }).address };
}

/** `register_worker`: stakes at least the protocol minimum in the worker PDA. */
export interface RegisterWorkerInput {
  client: AtelierClient;
  stake: IntLike;
}

export async function registerWorkerIx({ client, stake }: RegisterWorkerInput): Promise<TransactionInstruction> {
  const { authority, worker } = ownWorker(client);
  return client.program.methods
    .registerWorker(toBN({ value: stake, what: "stake" }))
    .accountsStrict({
      authority,
      config: configPda({ programId: client.programId }).address,
      worker,
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

/** Sends `register_worker`; returns the worker (stake) account with the signature. */
export async function registerWorker(input: RegisterWorkerInput & SendOptions): Promise<SentTransaction & { worker: PublicKey }> {
  const sent = await sendOne({ input, instruction: await registerWorkerIx(input) });
  return { ...sent, worker: ownWorker(input.client).worker };
}

/**
 * `add_stake`: active workers only. The raise marks the worker's `stakeRaisedSlot`: it is not
 * drawn to verify results submitted at or before that slot (`StakeRaisedAfterSubmission`).
 */
export interface AddStakeInput {
  client: AtelierClient;
  amount: IntLike;
}

export async function addStakeIx({ client, amount }: AddStakeInput): Promise<TransactionInstruction> {
  const { authority, worker } = ownWorker(client);
  return client.program.methods
    .addStake(toBN({ value: amount, what: "amount" }))
    .accountsStrict({ authority, config: configPda({ programId: client.programId }).address, worker, systemProgram: SystemProgram.programId })
    .instruction();
}

export async function addStake(input: AddStakeInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await addStakeIx(input) });
}

/** `request_unstake`: stops claims and commits and starts unbonding (committed reveals still count). */
export async function requestUnstakeIx({ client }: { client: AtelierClient }): Promise<TransactionInstruction> {
  const { authority, worker } = ownWorker(client);
  return client.program.methods
    .requestUnstake()
    .accountsStrict({ authority, config: configPda({ programId: client.programId }).address, worker })
    .instruction();
}

export async function requestUnstake(input: { client: AtelierClient } & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await requestUnstakeIx(input) });
}

/** `withdraw_stake`: after unbonding with no job in flight; closes the worker, returns stake + rent. */
export async function withdrawStakeIx({ client }: { client: AtelierClient }): Promise<TransactionInstruction> {
  const { authority, worker } = ownWorker(client);
  return client.program.methods
    .withdrawStake()
    .accountsStrict({ authority, config: configPda({ programId: client.programId }).address, worker })
    .instruction();
}

export async function withdrawStake(input: { client: AtelierClient } & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await withdrawStakeIx(input) });
}

/**
 * `release_claim`: the claiming worker hands the job back (it cannot serve it — e.g. its own CLIP
 * score is below the floor, which would be rejected and slashed `slash_bps`). Costs the same
 * `late_penalty_bps` as letting the claim expire; the job reopens at once, or is refunded past
 * the client's deadline.
 */
export async function releaseClaimIx({ client, job }: ClaimJobInput): Promise<TransactionInstruction> {
  const { authority, worker } = ownWorker(client);
  const [j, c] = await Promise.all([fetchJob({ client, job }), fetchConfig({ client })]);
  if (!j) throw accountNotFound({ what: "job", address: job });
  if (!c) throw accountNotFound({ what: "config", address: configPda({ programId: client.programId }).address });
  return client.program.methods
    .releaseClaim()
    .accountsStrict({ authority, config: configPda({ programId: client.programId }).address, worker, job, client: j.client, treasury: c.treasury })
    .instruction();
}

export async function releaseClaim(input: ClaimJobInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await releaseClaimIx(input) });
}

/** `claim_job`: takes an open job until the claim deadline. */
export interface ClaimJobInput {
  client: AtelierClient;
  job: PublicKey;
}

export async function claimJobIx({ client, job }: ClaimJobInput): Promise<TransactionInstruction> {
  const { authority, worker } = ownWorker(client);
  return client.program.methods
    .claimJob()
    .accountsStrict({ authority, config: configPda({ programId: client.programId }).address, worker, job })
    .instruction();
}

export async function claimJob(input: ClaimJobInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await claimJobIx(input) });
}

/**
 * `submit_result`: records the image's content hash, storage id, metadata URI, the worker's CLIP
 * score (cosine × 10000) and up to 16 influence weights (empty, or summing to at most 10000 bps:
 * the rest is an unattributed share that carries no royalty); creates the provenance record. The
 * weights travel as bare bps with each artist's key once, as an account: 16 artists fit a legacy
 * transaction. The chain
 * records the submission slot and the eligible stake the verifier draw is weighted against; an
 * influence artist whose authority or payout is the worker's or the client's wallet is refused
 * (`SelfInfluence`).
 */
export interface SubmitResultInput {
  client: AtelierClient;
  job: PublicKey;
  contentHash: Uint8Array | number[];
  storageId: string;
  metadataUri: string;
  clipScore: number;
  influences?: InfluenceInput[];
}

export async function submitResultIx({
  client,
  job,
  contentHash,
  storageId,
  metadataUri,
  clipScore,
  influences = [],
}: SubmitResultInput): Promise<TransactionInstruction> {
  const { authority, worker } = ownWorker(client);
  const hash = toHashArray({ hash: contentHash, what: "content hash" });
  return client.program.methods
    .submitResult({ contentHash: hash, storageId, metadataUri, clipScore, influenceBps: influences.map((i) => i.bps) })
    .accountsStrict({
      authority,
      config: configPda({ programId: client.programId }).address,
      worker,
      job,
      provenance: provenancePda({ contentHash: Uint8Array.from(hash), programId: client.programId }).address,
      systemProgram: SystemProgram.programId,
    })
    .remainingAccounts(influences.map((i) => ({ pubkey: i.artist, isSigner: false, isWritable: false })))
    .instruction();
}

/** Sends `submit_result`; returns the provenance record's address with the signature. */
export async function submitResult(input: SubmitResultInput & SendOptions): Promise<SentTransaction & { provenance: PublicKey }> {
  const sent = await sendOne({ input, instruction: await submitResultIx(input) });
  const contentHash = Uint8Array.from(input.contentHash);
  return { ...sent, provenance: provenancePda({ contentHash, programId: input.client.programId }).address };
}
