/**
 * One Atelier node: the roles this process runs (watcher, generator, verifier, crank) for one
 * operator key, on the shared service wiring (`startService`: Redis check, queues, worker manager,
 * reconcilers, admin server, ordered shutdown). Everything is built from the env; tests and the
 * benchmark pass parts in (`overrides`) to run several nodes in one process.
 */
import { type Keypair } from "@solana/web3.js";
import { loadKeypair } from "@atelier/sdk";
import type { Redis } from "ioredis";
import { assertActiveWorker } from "../chain/active-worker.js";
import { type ChainContext, createChainContext } from "../chain/chain-context.js";
import { listClaimableJobs, listCrankWork, listVerifiableJobs } from "../chain/list-work.js";
import { type Env, Role } from "../env.js";
import type { Logger } from "../logger.js";
import { createQueues } from "../queues/create-queues.js";
import { QueueName } from "../queues/queue-names.js";
import { type Service, type ServiceParts, startService } from "../queues/start-service.js";
import { ConnectionRole, createRedis } from "../redis.js";
import { createStorageClient, type StorageClient } from "../storage/index.js";
import { loadArtistIndex } from "../processors/artist-influence.js";
import { createCrankProcessor } from "../processors/crank-processor.js";
import { createGenerateProcessor, type GenerateDeps } from "../processors/generate-processor.js";
import { createInferenceEngine, type InferenceEngine } from "../processors/inference-engine.js";
import { createAttestationSecrets } from "../processors/attestation-secrets.js";
import { createPhashStore } from "../processors/phash-store.js";
import { openSpool } from "../processors/spool.js";
import { createVerifyProcessor } from "../processors/verify-processor.js";
import type { PipelineEnv } from "./pipeline-env.js";
import { startWatcher, type Watcher } from "./watcher.js";

/** Parts a caller may supply instead of building them from the env. */
export interface NodeOverrides {
  readonly keypair?: Keypair;
  readonly engine?: InferenceEngine;
  readonly storage?: StorageClient;
  /** Generator stage hook (crash tests). */
  readonly onStageStart?: GenerateDeps["onStageStart"];
}

/** A running node. */
export interface AtelierNode {
  readonly roles: readonly Role[];
  readonly chain: ChainContext;
  readonly service: Service;
  readonly watcher: Watcher | undefined;
  readonly engine: InferenceEngine | undefined;
  /** Ordered shutdown (the same steps as on SIGTERM), without exiting the process. */
  close(): Promise<void>;
}

/** Start the node's roles. */
export async function startNode({
  env,
  pipeline,
  logger,
  overrides = {},
  listenSignals = true,
}: {
  env: Env;
  pipeline: PipelineEnv;
  logger: Logger;
  overrides?: NodeOverrides;
  listenSignals?: boolean;
}): Promise<AtelierNode> {
  const roles = new Set(pipeline.roles);
  const keypair = overrides.keypair ?? loadKeypair({ path: env.keypairPath });
  const chain = createChainContext({ rpcUrl: env.rpcUrl, wsUrl: env.wsUrl, keypair, ...(env.programId ? { programId: env.programId } : {}) });
  const needsModels = roles.has(Role.generator) || roles.has(Role.verifier);
  // Fail at start, with the fix named, rather than on every claim or commit.
  if (needsModels) await assertActiveWorker({ chain });
  const ownsEngine = needsModels && overrides.engine === undefined;
  const engine = !needsModels
    ? undefined
    : (overrides.engine ??
      (await createInferenceEngine({
        sdModelDir: pipeline.sdModelDir,
        clipModelDir: pipeline.clipModelDir,
        devices: env.devices,
        perDevice: env.concurrencyPerDevice,
        allowCpuFallback: env.allowCpuFallback,
        logger: { info: (o, m) => logger.info(o, m), warn: (o, m) => logger.warn(o, m) },
      })));
  let redis: Redis | undefined;
  try {
    const storage = !needsModels
      ? undefined
      : (overrides.storage ?? (await createStorageClient({ bundlerUrl: env.bundlerUrl, gatewayUrl: env.gatewayUrl, rpcUrl: env.rpcUrl, secretKey: keypair.secretKey })));
    const processors: Record<string, unknown> = {};
    // Generators weight artists with it; verifiers recompute the weights with the same settings.
    const influence = needsModels ? { index: await loadArtistIndex({ path: pipeline.influenceIndex, clipModelId: engine!.clipModelId }), topK: pipeline.influenceTopK, floor: pipeline.influenceFloor } : undefined;
    if (roles.has(Role.generator)) {
      processors[QueueName.generate] = {
        processor: createGenerateProcessor({
          chain,
          engine: engine!,
          storage: storage!,
          influence: influence!,
          spool: await openSpool({ dir: pipeline.spoolDir }),
          ...(overrides.onStageStart ? { onStageStart: overrides.onStageStart } : {}),
        }),
      };
    }
    if (roles.has(Role.verifier)) {
      redis = createRedis({ url: env.redisUrl, role: ConnectionRole.producer, name: "atelier-verifier" });
      processors[QueueName.verify] = {
        processor: createVerifyProcessor({
          chain,
          engine: engine!,
          storage: storage!,
          phashes: createPhashStore({ redis, prefix: env.queuePrefix }),
          secrets: createAttestationSecrets({ redis, prefix: env.queuePrefix, worker: chain.workerAccount.toBase58() }),
          influence: influence!,
          settings: {
            scoreTolerance: pipeline.verifyScoreTolerance,
            spotCheckRate: pipeline.spotCheckRate,
            spotCheckMaxDistance: pipeline.spotCheckMaxDistance,
            duplicateMaxDistance: pipeline.duplicateMaxDistance,
            influenceTolerance: pipeline.verifyInfluenceTolerance,
          },
        }),
      };
    }
    if (roles.has(Role.crank)) processors[QueueName.crank] = { processor: createCrankProcessor({ chain }) };
    const watching = roles.has(Role.watcher);
    const modelIds = engine === undefined ? undefined : [engine.modelId];
    const parts: ServiceParts = {
      processors: processors as ServiceParts["processors"],
      ...(watching
        ? {
            reconcile: {
              [QueueName.generate]: () => listClaimableJobs({ chain, ...(modelIds ? { modelIds } : {}) }),
              [QueueName.verify]: () => listVerifiableJobs({ chain }),
              [QueueName.crank]: () => listCrankWork({ chain }),
            },
          }
        : {}),
    };
    const service = await startService({ env, logger, parts, listenSignals });
    let watcher: Watcher | undefined;
    if (watching) {
      // Its own producer connections, closed after the workers drained (shutdown steps run in order).
      const queues = createQueues({ redisUrl: env.redisUrl, prefix: env.queuePrefix, attempts: env.jobAttempts, backoffMs: env.backoffMs });
      const w = startWatcher({ chain, queues, intervalMs: pipeline.watchIntervalMs, logger, ...(modelIds ? { modelIds } : {}) });
      watcher = w;
      service.shutdown.add({ name: "watcher", run: async () => (await w.stop(), await queues.close()) });
    }
    const verifierRedis = redis;
    if (verifierRedis) service.shutdown.add({ name: "verifier stores (pHashes, attestation secrets)", run: async () => verifierRedis.quit() });
    if (ownsEngine && engine) service.shutdown.add({ name: "inference engine", run: () => engine.close() });
    logger.info({ roles: [...roles], worker: chain.workerAccount.toBase58(), authority: keypair.publicKey.toBase58(), model: engine?.modelId }, "atelier node started");
    return {
      roles: [...roles],
      chain,
      service,
      watcher,
      engine,
      close: async () => {
        await service.shutdown.run({ signal: "close" });
      },
    };
  } catch (error) {
    redis?.disconnect();
    if (ownsEngine) await engine?.close();
    throw error;
  }
}
