/**
 * Open work, read from chain state (program accounts filtered by job status): the source of truth
 * the watcher polls and the reconcilers restore Redis from. Each lister returns queue job data.
 */
import {
  chainTime,
  fetchConfig,
  findJobs,
  findWorkers,
  isClaimExpired,
  isClaimable,
  isOpenJobExpired,
  isCommitOpen,
  isSettleable,
  settlementState,
  verificationClosesAt,
  workerStatus,
  WORKER_STATUS,
  type ConfigAccount,
  type WorkerAccount,
} from "@atelier/sdk";
import type { JobDataInput } from "../queues/job-data.js";
import { CrankAction } from "../queues/job-data.js";
import type { QueueName } from "../queues/queue-names.js";
import type { ChainContext } from "./chain-context.js";

type Generate = JobDataInput<typeof QueueName.generate>;
type Verify = JobDataInput<typeof QueueName.verify>;
type Crank = JobDataInput<typeof QueueName.crank>;

/** Open jobs a worker may claim now (open, before the client's deadline), optionally only `modelIds`. */
export async function listClaimableJobs({ chain, modelIds }: { chain: ChainContext; modelIds?: readonly string[] }): Promise<Generate[]> {
  const [jobs, now] = await Promise.all([findJobs({ client: chain.client, status: "open" }), chainTime({ client: chain.client })]);
  return jobs
    .filter(({ account }) => isClaimable({ job: account, now }) && (modelIds === undefined || modelIds.includes(account.modelId)))
    .map(({ publicKey }) => ({ jobAddress: publicKey.toBase58() }));
}

/**
 * Submitted jobs this node may still act on as a verifier: ones it committed to and has not
 * revealed yet (inside the verification window), and ones still in their commit phase that are
 * not its own result nor paid for by its own wallet (`SelfAttestation`, `ClientAttestation`).
 * Whether it is drawn for those is the chain's answer, asked by the verify processor.
 */
export async function listVerifiableJobs({ chain }: { chain: ChainContext }): Promise<Verify[]> {
  const [jobs, config, now] = await Promise.all([
    findJobs({ client: chain.client, status: "submitted" }),
    fetchConfig({ client: chain.client }),
    chainTime({ client: chain.client }),
  ]);
  if (config === null) return [];
  const me = chain.workerAccount;
  const wallet = chain.keypair.publicKey;
  return jobs
    .filter(({ account }) => {
      const mine = account.attestations.find((a) => a.verifier.equals(me));
      if (mine !== undefined) return !mine.revealed && now < verificationClosesAt({ job: account, config });
      return isCommitOpen({ job: account, config, now }) && !(account.worker?.equals(me) ?? false) && !account.client.equals(wallet);
    })
    .map(({ publicKey }) => ({ jobAddress: publicKey.toBase58() }));
}

/**
 * Mirrors `audit_worker`'s preconditions: not deactivated, at least `audit_min_jobs` verified jobs,
 * as many new ones since its last audit, and as many verified jobs by everyone else.
 */
export function isAuditDue({ worker, config }: { worker: WorkerAccount; config: ConfigAccount }): boolean {
  if (workerStatus({ worker }) === WORKER_STATUS.deactivated) return false;
  const min = BigInt(config.params.auditMinJobs);
  const count = BigInt(worker.scores.count.toString());
  const others = BigInt(config.populationScores.count.toString()) - count;
  return count >= min && count >= BigInt(worker.auditedAtCount.toString()) + min && others >= min;
}

/** Mirrors `audit_verifier`'s preconditions: not deactivated, `audit_min_jobs` new reveals since its last audit. */
export function isVerifierAuditDue({ worker, config }: { worker: WorkerAccount; config: ConfigAccount }): boolean {
  if (workerStatus({ worker }) === WORKER_STATUS.deactivated) return false;
  const min = BigInt(config.params.auditMinJobs);
  const count = BigInt(worker.verifierDeviations.count.toString());
  return count >= min && count >= BigInt(worker.verifierAuditedAtCount.toString()) + min;
}

/**
 * Crank work due now: `finalize` for submitted jobs `finalize_job` would settle (accept, reject or
 * unverified: commit phase over and every commitment revealed, or the window closed — a read
 * helper; the program decides and the crank treats `VerificationPending` as "not yet"), `expire` for claims past their deadline, `refund` for open jobs past
 * their deadline, `audit` / `audit-verifier` for workers with enough new verified jobs or reveals.
 */
export async function listCrankWork({ chain }: { chain: ChainContext }): Promise<Crank[]> {
  const [submitted, claimed, open, workers, config, now] = await Promise.all([
    findJobs({ client: chain.client, status: "submitted" }),
    findJobs({ client: chain.client, status: "claimed" }),
    findJobs({ client: chain.client, status: "open" }),
    findWorkers({ client: chain.client }),
    fetchConfig({ client: chain.client }),
    chainTime({ client: chain.client }),
  ]);
  if (config === null) return [];
  const work: Crank[] = [];
  for (const { publicKey, account } of submitted) {
    const verdict = settlementState({ job: account, config, now });
    if (isSettleable({ settlement: verdict })) work.push({ action: CrankAction.finalize, address: publicKey.toBase58() });
  }
  for (const { publicKey, account } of claimed) {
    if (isClaimExpired({ job: account, now })) work.push({ action: CrankAction.expire, address: publicKey.toBase58() });
  }
  for (const { publicKey, account } of open) {
    if (isOpenJobExpired({ job: account, now })) work.push({ action: CrankAction.refund, address: publicKey.toBase58() });
  }
  for (const { publicKey, account } of workers) {
    if (isAuditDue({ worker: account, config })) work.push({ action: CrankAction.audit, address: publicKey.toBase58() });
    if (isVerifierAuditDue({ worker: account, config })) work.push({ action: CrankAction.auditVerifier, address: publicKey.toBase58() });
  }
  return work;
}
