/**
 * Wires one worker process from its parsed env: logger, metrics, Redis check, queues, the worker
 * manager with the role's processors, reconcilers, the admin server (metrics + dashboard) and the
 * ordered shutdown. Roles plug in their processors and chain listers; nothing here touches the chain.
 */
import type { Env } from "../env.js";
import { generatorConcurrency } from "../env.js";
import { type AdminServer, startAdminServer } from "../dashboard/admin-server.js";
import { createDashboard } from "../dashboard/bull-board.js";
import type { Logger } from "../logger.js";
import { type Metrics, createMetrics } from "../metrics.js";
import { checkRedis } from "../redis.js";
import { type Shutdown, createShutdown } from "../shutdown.js";
import { type Queues, createQueues } from "./create-queues.js";
import type { JobDataInput } from "./job-data.js";
import { QueueName } from "./queue-names.js";
import { type Reconciler, createReconciler } from "./reconciler.js";
import { type QueueProcessor, type WorkerManager, createWorkerManager } from "./worker-manager.js";

/** A processor for one queue and how many jobs it runs at once (default: from the env). */
export interface ProcessorRegistration<Q extends QueueName> {
  readonly processor: QueueProcessor<Q>;
  readonly concurrency?: number;
}

/** What a role brings: processors for the queues it works, listers for the queues it reconciles. */
export interface ServiceParts {
  readonly processors?: { readonly [Q in QueueName]?: ProcessorRegistration<Q> };
  /** Chain-side listers of open work (the SDK provides them); each gets a reconciler. */
  readonly reconcile?: { readonly [Q in QueueName]?: () => Promise<readonly JobDataInput<Q>[]> };
}

/** A running service. */
export interface Service {
  readonly queues: Queues;
  readonly manager: WorkerManager;
  readonly reconcilers: readonly Reconciler[];
  readonly admin: AdminServer;
  readonly metrics: Metrics;
  readonly shutdown: Shutdown;
}

/** Default concurrency per queue from the env (generator: devices × per-device). */
export function defaultConcurrency({ env, queue }: { env: Env; queue: QueueName }): number {
  if (queue === QueueName.generate) return generatorConcurrency({ env });
  if (queue === QueueName.verify) return env.verifyConcurrency;
  return env.crankConcurrency;
}

/**
 * Start the service. Throws (before anything is left running) when Redis is unreachable or could
 * evict keys. `listenSignals` (default true) installs the SIGINT/SIGTERM handlers.
 */
export async function startService({
  env,
  logger,
  parts,
  listenSignals = true,
}: {
  env: Env;
  logger: Logger;
  parts: ServiceParts;
  listenSignals?: boolean;
}): Promise<Service> {
  await checkRedis({ url: env.redisUrl });

  const metrics = createMetrics({ defaultMetrics: true });
  const queues = createQueues({ redisUrl: env.redisUrl, prefix: env.queuePrefix, attempts: env.jobAttempts, backoffMs: env.backoffMs });
  const manager = createWorkerManager({
    redisUrl: env.redisUrl,
    prefix: env.queuePrefix,
    logger,
    metrics,
    settings: { lockDurationMs: env.lockDurationMs, stalledIntervalMs: env.stalledIntervalMs, maxStalledCount: env.maxStalledCount },
  });
  for (const queue of Object.values(QueueName)) {
    const registration = parts.processors?.[queue] as ProcessorRegistration<typeof queue> | undefined;
    if (registration === undefined) continue;
    manager.register({ queue, concurrency: registration.concurrency ?? defaultConcurrency({ env, queue }), processor: registration.processor });
  }
  const reconcilers: Reconciler[] = [];
  for (const queue of Object.values(QueueName)) {
    const listOpen = parts.reconcile?.[queue] as (() => Promise<readonly JobDataInput<typeof queue>[]>) | undefined;
    if (listOpen === undefined) continue;
    const reconciler = createReconciler({ queues, queue, listOpen, intervalMs: env.reconcileIntervalMs, logger, metrics });
    reconciler.start();
    reconcilers.push(reconciler);
  }
  const admin = await startAdminServer({
    host: env.adminHost,
    port: env.metricsPort,
    metrics,
    dashboard: createDashboard({ queues: Object.values(queues.byName) }),
    logger,
  });

  const shutdown = createShutdown({ logger, deadlineMs: env.shutdownDeadlineMs });
  shutdown.add({ name: "reconcilers", run: () => Promise.all(reconcilers.map((r) => r.stop())) });
  // Workers get most of the deadline; the rest is left for closing connections and the server.
  shutdown.add({ name: "workers", run: ({ deadlineMs }) => manager.close({ deadlineMs: Math.max(deadlineMs * 0.8, deadlineMs - 1_000) }) });
  shutdown.add({ name: "queues", run: () => queues.close() });
  shutdown.add({ name: "admin server", run: () => admin.close() });
  if (listenSignals) shutdown.listen();
  logger.info({ role: env.role, queues: [...manager.workers.keys()], reconciling: reconcilers.length, admin: admin.url }, "service started");
  return { queues, manager, reconcilers, admin, metrics, shutdown };
}
