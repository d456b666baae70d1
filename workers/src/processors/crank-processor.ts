/**
 * The crank's processor: settles what is due — `finalize_job`, `expire_claim`,
 * `refund_expired_job`, `audit_worker`, `audit_verifier`.
 * Each action is one instruction, idempotent and safe when several cranks race: "already settled /
 * expired / audited" is success. Actions are a table: a new permissionless instruction is one entry.
 */
import { PublicKey } from "@solana/web3.js";
import { auditVerifier, auditWorker, expireClaim, finalizeJob, refundExpiredJob } from "@atelier/sdk";
import type { ChainContext } from "../chain/chain-context.js";
import { ALREADY_SETTLED, chainErrorName, isChainError } from "../chain/chain-errors.js";
import { Stage } from "../metrics.js";
import { CrankAction, type JobData } from "../queues/job-data.js";
import type { QueueName } from "../queues/queue-names.js";
import { UnrecoverableReason, unrecoverable } from "../queues/unrecoverable.js";
import type { QueueProcessor } from "../queues/worker-manager.js";

/** What one crank action did. */
export interface CrankResult {
  readonly action: CrankAction;
  readonly address: string;
  /**
   * `sent`: our transaction settled it; `already`: someone else had (a racing crank); `not-yet`:
   * the program cannot decide it yet (the watcher offers it again once it is due).
   */
  readonly outcome: "sent" | "already" | "not-yet";
  readonly signature: string | null;
}

/**
 * One crank action: send its instruction; errors named in `alreadyDone` mean someone did it
 * first, errors named in `notYet` that the chain says it is not due.
 */
interface ActionHandler {
  readonly metric: string;
  readonly alreadyDone: readonly string[];
  readonly notYet?: readonly string[];
  send(args: { chain: ChainContext; address: PublicKey }): Promise<{ signature: string }>;
}

/** The crank's actions, by queue action. */
export const CRANK_ACTIONS: Partial<Record<CrankAction, ActionHandler>> = {
  [CrankAction.finalize]: {
    metric: Stage.finalize,
    alreadyDone: ALREADY_SETTLED,
    // The commit phase is still open or a reveal is outstanding: the program's answer, not ours.
    notYet: ["VerificationPending"],
    // The committee's [stake account, wallet] pairs are read from the job by the SDK.
    send: ({ chain, address }) => finalizeJob({ client: chain.client, job: address }),
  },
  [CrankAction.expire]: {
    metric: "expire",
    // ClaimNotExpired after a reopen and re-claim means this expiry is no longer due.
    alreadyDone: [...ALREADY_SETTLED, "ClaimNotExpired"],
    send: ({ chain, address }) => expireClaim({ client: chain.client, job: address }),
  },
  [CrankAction.refund]: {
    metric: "refund",
    // Claimed in the meantime (before its deadline), or refunded / cancelled already.
    alreadyDone: [...ALREADY_SETTLED, "JobNotOpen"],
    notYet: ["JobDeadlineNotPassed"],
    send: ({ chain, address }) => refundExpiredJob({ client: chain.client, job: address }),
  },
  [CrankAction.audit]: {
    metric: "audit",
    // Another crank audited it first (the next audit needs audit_min_jobs more jobs), or it is already out.
    alreadyDone: ["AuditTooEarly", "WorkerDeactivated", "AccountNotFound", "AccountNotInitialized"],
    send: ({ chain, address }) => auditWorker({ client: chain.client, worker: address }),
  },
  [CrankAction.auditVerifier]: {
    metric: "audit-verifier",
    alreadyDone: ["AuditTooEarly", "WorkerDeactivated", "AccountNotFound", "AccountNotInitialized"],
    send: ({ chain, address }) => auditVerifier({ client: chain.client, verifier: address }),
  },
};

/** Build the processor for the crank queue. */
export function createCrankProcessor({ chain, actions = CRANK_ACTIONS }: { chain: ChainContext; actions?: Partial<Record<CrankAction, ActionHandler>> }): QueueProcessor<typeof QueueName.crank> {
  return async ({ data, logger, metrics, job }) => {
    const handler = actions[data.action];
    if (handler === undefined) throw unrecoverable({ reason: UnrecoverableReason.jobNotActionable, detail: `crank action "${data.action}" is not available in this program version` });
    const started = performance.now();
    try {
      const sent = await handler.send({ chain, address: new PublicKey(data.address) });
      metrics.observeStage({ queue: job.queueName, stage: handler.metric, seconds: (performance.now() - started) / 1000 });
      logger.info({ action: data.action, signature: sent.signature }, "crank sent");
      const result: CrankResult = { action: data.action, address: data.address, outcome: "sent", signature: sent.signature };
      return result;
    } catch (error) {
      if (handler.notYet !== undefined && isChainError({ error, names: handler.notYet })) {
        logger.info({ action: data.action, error: chainErrorName({ error }) }, "crank: not due yet");
        const result: CrankResult = { action: data.action, address: data.address, outcome: "not-yet", signature: null };
        return result;
      }
      if (!isChainError({ error, names: handler.alreadyDone })) throw error;
      logger.info({ action: data.action, error: chainErrorName({ error }) }, "crank: already done by someone else");
      const result: CrankResult = { action: data.action, address: data.address, outcome: "already", signature: null };
      return result;
    }
  };
}
