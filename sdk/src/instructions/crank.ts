import { SystemProgram, type PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { fetchConfig, fetchJob } from "../accounts.js";
import { signerKey, type AtelierClient } from "../client.js";
import { accountNotFound, atelierError } from "../errors.js";
import { CORE_PROGRAM_ID } from "../core.js";
import { assetPda, collectionAuthorityPda, collectionPda, configPda, mintPayerPda, provenancePda, splitterPda } from "../pda.js";
import type { SendOptions, SentTransaction } from "../tx.js";
import type { ConfigAccount, JobAccount } from "../types.js";
import { sendOne } from "./send.js";

/** A crank on one job. The job and config are read from chain unless given. */
export interface CrankInput {
  client: AtelierClient;
  job: PublicKey;
  jobAccount?: JobAccount;
  config?: ConfigAccount;
}


async function load({ client, job, jobAccount, config }: CrankInput): Promise<{ job: JobAccount; config: ConfigAccount }> {
  const [j, c] = await Promise.all([jobAccount ?? fetchJob({ client, job }), config ?? fetchConfig({ client })]);
  if (!j) throw accountNotFound({ what: "job", address: job });
  if (!c) throw accountNotFound({ what: "config", address: configPda({ programId: client.programId }).address });
  return { job: j, config: c };
}

/** Fails early, with the program's own error name, when the job has no worker to expire or settle. */
function claimedWorker(job: JobAccount, address: PublicKey): PublicKey {
  if (!job.worker) {
    throw atelierError({ name: "JobNotClaimed", message: `job ${address.toBase58()} has no worker` });
  }
  return job.worker;
}

/** `expire_claim`: after the claim deadline, reopens the job or refunds the client; penalises the worker. */
export async function expireClaimIx(input: CrankInput): Promise<TransactionInstruction> {
  const { client, job } = input;
  const loaded = await load(input);
  return client.program.methods
    .expireClaim()
    .accountsStrict({
      cranker: signerKey({ client }),
      config: configPda({ programId: client.programId }).address,
      job,
      worker: claimedWorker(loaded.job, job),
      client: loaded.job.client,
      treasury: loaded.config.treasury,
    })
    .instruction();
}

export async function expireClaim(input: CrankInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await expireClaimIx(input) });
}

/**
 * `refund_expired_job` (permissionless): an open job nobody claimed before its deadline is closed
 * and its payment, mint deposit and rent go back to the client (`JobDeadlineNotPassed` before).
 */
export async function refundExpiredJobIx(input: CrankInput): Promise<TransactionInstruction> {
  const { client, job } = input;
  const j = input.jobAccount ?? (await fetchJob({ client, job }));
  if (!j) throw accountNotFound({ what: "job", address: job });
  return client.program.methods
    .refundExpiredJob()
    .accountsStrict({ cranker: signerKey({ client }), job, client: j.client })
    .instruction();
}

export async function refundExpiredJob(input: CrankInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await refundExpiredJobIx(input) });
}

/**
 * `finalize_job`: settles a submitted job once the program can decide it (`VerificationPending`
 * before). Every committee member follows as remaining accounts, in commit order, as the pair
 * [verifier worker (stake) account, verifier wallet], both writable, whatever the verdict: the
 * program decides who is paid (agreeing verifiers of an accepted job) and who is slashed
 * (committed and never revealed, or revealed too far from the committee's median).
 */
export async function finalizeJobIx(input: CrankInput): Promise<TransactionInstruction> {
  const { client, job } = input;
  const loaded = await load(input);
  const worker = claimedWorker(loaded.job, job);
  const workerAccount = await client.program.account.worker.fetch(worker, client.commitment);
  const committee = loaded.job.attestations.flatMap((a) => [
    { pubkey: a.verifier, isSigner: false, isWritable: true },
    { pubkey: a.authority, isSigner: false, isWritable: true },
  ]);
  const programId = client.programId;
  const contentHash = Uint8Array.from(loaded.job.contentHash);
  const asset = assetPda({ contentHash, programId }).address;
  return client.program.methods
    .finalizeJob()
    .accountsStrict({
      cranker: signerKey({ client }),
      config: configPda({ programId }).address,
      job,
      provenance: provenancePda({ contentHash, programId }).address,
      worker,
      workerAuthority: workerAccount.authority,
      client: loaded.job.client,
      treasury: loaded.config.treasury,
      // Before `initialize_collection` the config records none: the program answers CollectionMismatch.
      collection: loaded.config.collection ?? collectionPda({ programId }).address,
      collectionAuthority: collectionAuthorityPda({ programId }).address,
      mintPayer: mintPayerPda({ programId }).address,
      asset,
      splitter: splitterPda({ asset, programId }).address,
      coreProgram: CORE_PROGRAM_ID,
      systemProgram: SystemProgram.programId,
    })
    .remainingAccounts(committee)
    .instruction();
}

export async function finalizeJob(input: CrankInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await finalizeJobIx(input) });
}

/** `audit_worker` (permissionless): tests one worker's mean verified CLIP score against the population. */
export interface AuditWorkerInput {
  client: AtelierClient;
  /** The audited worker's stake account (`workerPda({ authority })`). */
  worker: PublicKey;
  config?: ConfigAccount;
}

export async function auditWorkerIx({ client, worker, config }: AuditWorkerInput): Promise<TransactionInstruction> {
  const c = config ?? (await fetchConfig({ client }));
  if (!c) throw accountNotFound({ what: "config", address: configPda({ programId: client.programId }).address });
  return client.program.methods
    .auditWorker()
    .accountsStrict({ config: configPda({ programId: client.programId }).address, worker, treasury: c.treasury })
    .instruction();
}

/** Sends `audit_worker`; the outcome is in the `WorkerAudited` event (and `WorkerSlashed` when it failed). */
export async function auditWorker(input: AuditWorkerInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await auditWorkerIx(input) });
}

/**
 * `audit_verifier` (permissionless): tests one verifier's reveals across jobs — a mean distance
 * from its committees' medians above half the tolerance slashes and deactivates it.
 */
export interface AuditVerifierInput {
  client: AtelierClient;
  /** The audited verifier's stake account (`workerPda({ authority })`). */
  verifier: PublicKey;
  config?: ConfigAccount;
}

export async function auditVerifierIx({ client, verifier, config }: AuditVerifierInput): Promise<TransactionInstruction> {
  const c = config ?? (await fetchConfig({ client }));
  if (!c) throw accountNotFound({ what: "config", address: configPda({ programId: client.programId }).address });
  return client.program.methods
    .auditVerifier()
    .accountsStrict({ config: configPda({ programId: client.programId }).address, verifier, treasury: c.treasury })
    .instruction();
}

/** Sends `audit_verifier`; the outcome is in the `VerifierAudited` event (and `WorkerSlashed` when it failed). */
export async function auditVerifier(input: AuditVerifierInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await auditVerifierIx(input) });
}
