/**
 * The watcher: feeds the queues from the chain. A poll pass every `intervalMs` lists claimable jobs
 * (generate), results this node may commit to or must still reveal (verify) and due settlements
 * and expiries (crank), and offers each (enqueue when missing, recycle when due again). Program
 * events (WebSocket, with a polling fallback) only make it faster: a created job is enqueued as
 * soon as its event arrives, a submitted result goes to the verify queue, a commit that fills the
 * committee wakes this node's waiting verify job (its reveal is open now), and the last reveal
 * offers the settlement to the crank. Restoring Redis after a wipe is the reconcilers' job too.
 */
import { PublicKey } from "@solana/web3.js";
import { type AtelierEvent, chainTime, fetchConfig, fetchJob, isSettleable, settlementState, subscribeEvents, type Unsubscribe } from "@atelier/sdk";
import type { ChainContext } from "../chain/chain-context.js";
import { listClaimableJobs, listCrankWork, listVerifiableJobs } from "../chain/list-work.js";
import type { Logger } from "../logger.js";
import type { Queues } from "../queues/create-queues.js";
import { CrankAction, EnqueueSource } from "../queues/job-data.js";
import { QueueName } from "../queues/queue-names.js";
import { offerJob, type OfferOutcome } from "./offer-job.js";

/** Counts of one poll pass, by queue. */
export type WatchReport = Record<QueueName, Record<OfferOutcome, number>>;

/** A running watcher. */
export interface Watcher {
  /** One poll pass now. */
  poll(): Promise<WatchReport>;
  /** Stop polling and the event subscription; waits for a pass in progress. */
  stop(): Promise<void>;
}

/** Start watching; `queues` says which queues to feed (default all three). */
export function startWatcher({
  chain,
  queues,
  feeds = [QueueName.generate, QueueName.verify, QueueName.crank],
  intervalMs,
  logger,
  modelIds,
  events = true,
}: {
  chain: ChainContext;
  queues: Queues;
  feeds?: readonly QueueName[];
  intervalMs: number;
  logger: Logger;
  /** Only jobs for these models go to the generate queue (default: all). */
  modelIds?: readonly string[];
  /** Subscribe to program events (default true). */
  events?: boolean;
}): Watcher {
  const log = logger.child({ component: "watcher" });
  const feeding = new Set(feeds);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();

  async function poll(): Promise<WatchReport> {
    const report = Object.fromEntries(Object.values(QueueName).map((q) => [q, { enqueued: 0, recycled: 0, present: 0 }])) as WatchReport;
    const offerAll = async <Q extends QueueName>(queue: Q, items: readonly Parameters<typeof offerJob<Q>>[0]["data"][]) => {
      for (const data of items) report[queue][await offerJob({ queues, queue, data: { ...data, source: EnqueueSource.watcher } })]++;
    };
    if (feeding.has(QueueName.generate)) await offerAll(QueueName.generate, await listClaimableJobs({ chain, ...(modelIds ? { modelIds } : {}) }));
    if (feeding.has(QueueName.verify)) await offerAll(QueueName.verify, await listVerifiableJobs({ chain }));
    if (feeding.has(QueueName.crank)) await offerAll(QueueName.crank, await listCrankWork({ chain }));
    const added = Object.values(report).reduce((s, r) => s + r.enqueued + r.recycled, 0);
    if (added > 0) log.info({ report }, "watcher: work offered");
    return report;
  }

  const tick = async () => {
    try {
      await poll();
    } catch (error) {
      log.error({ err: error }, "watcher pass failed; retrying next interval");
    }
    if (!stopped) timer = setTimeout(() => (current = tick()), intervalMs);
  };
  current = tick();

  /** The fast path: react to one event (errors are logged; the next poll covers anything missed). */
  async function onEvent(event: AtelierEvent): Promise<void> {
    const data = event.data as { job?: PublicKey; reopened?: boolean };
    const job = data.job?.toBase58();
    if (job === undefined || stopped) return;
    if (event.name === "jobCreated" && feeding.has(QueueName.generate)) {
      await offerJob({ queues, queue: QueueName.generate, data: { jobAddress: job, source: EnqueueSource.watcher } });
    } else if (event.name === "claimExpired" && data.reopened && feeding.has(QueueName.generate)) {
      await offerJob({ queues, queue: QueueName.generate, data: { jobAddress: job, source: EnqueueSource.watcher } });
    } else if (event.name === "resultSubmitted" && feeding.has(QueueName.verify)) {
      const account = await fetchJob({ client: chain.client, job: new PublicKey(job) });
      if (account !== null && !(account.worker?.equals(chain.workerAccount) ?? false) && !account.client.equals(chain.keypair.publicKey)) {
        await offerJob({ queues, queue: QueueName.verify, data: { jobAddress: job, source: EnqueueSource.watcher } });
      }
    } else if (event.name === "attestationCommitted" && (data as { committeeFull?: boolean }).committeeFull && feeding.has(QueueName.verify)) {
      // The commit phase is over: a verify job waiting (delayed) to reveal, or to look at the draw
      // again, runs now instead of at the end of the commit window.
      const waiting = await queues.byName[QueueName.verify].getJob(job);
      if (waiting !== undefined && (await waiting.getState()) === "delayed") await waiting.promote();
    } else if (event.name === "attestationRevealed" && (data as { allRevealed?: boolean }).allRevealed && feeding.has(QueueName.crank)) {
      const [account, config, now] = await Promise.all([fetchJob({ client: chain.client, job: new PublicKey(job) }), fetchConfig({ client: chain.client }), chainTime({ client: chain.client })]);
      if (account === null || config === null) return;
      // Read helper only: finalize_job decides (and answers VerificationPending while it cannot).
      if (isSettleable({ settlement: settlementState({ job: account, config, now }) })) {
        await offerJob({ queues, queue: QueueName.crank, data: { action: CrankAction.finalize, address: job, source: EnqueueSource.watcher } });
      }
    }
  }

  let unsubscribe: Unsubscribe | undefined;
  if (events) {
    unsubscribe = subscribeEvents({
      client: chain.client,
      names: ["jobCreated", "claimExpired", "resultSubmitted", "attestationCommitted", "attestationRevealed"],
      onEvent: (event) => void onEvent(event).catch((error: unknown) => log.warn({ err: error, event: event.name }, "watcher: event handling failed")),
      onError: (error) => log.warn({ err: error }, "watcher: event polling failed"),
    });
  }

  return {
    poll,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await unsubscribe?.();
      await current;
    },
  };
}
