/**
 * The verifier's processor: one submitted result from fetch to attestation, as resumable stages:
 *
 *   load → check → attest
 *
 * - load: the job is submitted, not ours, not attested by us yet (then the job completes at once);
 *   the provenance record gives the storage id.
 * - check (metric `verify`): fetch from the gateway, compare with the chain's content hash,
 *   recompute the CLIP score, integrity signals (near-uniform, noise, near-duplicate in the pHash
 *   store), and a seeded re-generation spot check for a deterministic share of jobs.
 * - attest: `attest_result(score, agree)`, never agreeing below the floor; a job settled, past its
 *   window or closed to votes (one side at its quorum) meanwhile completes without attesting.
 */
import { createHash } from "node:crypto";
import { PublicKey } from "@solana/web3.js";
import { attestResult, fetchConfig, fetchJob, fetchProvenance, isAttestationOpen } from "@atelier/sdk";
import type { ChainContext } from "../chain/chain-context.js";
import { isChainError } from "../chain/chain-errors.js";
import { jobView } from "../chain/job-view.js";
import { decodeImage } from "../image/encode.js";
import type { Raster } from "../image/raster.js";
import { hammingDistance, perceptualHash, pixelStats } from "../inference/integrity.js";
import { Stage } from "../metrics.js";
import type { JobData } from "../queues/job-data.js";
import type { QueueName } from "../queues/queue-names.js";
import { stagePipeline } from "../queues/stages.js";
import { UnrecoverableReason, unrecoverable } from "../queues/unrecoverable.js";
import type { QueueProcessor } from "../queues/worker-manager.js";
import { StorageErrorCode, isStorageError, type StorageClient } from "../storage/index.js";
import { chainScore, type InferenceEngine } from "./inference-engine.js";
import { jobPrompt } from "./job-prompt.js";
import type { PhashStore } from "./phash-store.js";
import { type DisagreeReason, type Measurements, type VerifyPolicy, verdictOf } from "./verify-checks.js";

type VerifyData = JobData<typeof QueueName.verify>;

/** The verifier's stages, in order. */
export const VerifyStage = { load: "load", check: "check", attest: "attest" } as const;

/** Verifier settings besides the protocol's score floor (read from the chain). */
export interface VerifierSettings {
  readonly scoreTolerance: number;
  /** Share of jobs (0..1) re-generated from their seed and compared (needs the job's model). */
  readonly spotCheckRate: number;
  readonly spotCheckMaxDistance: number;
  /** pHash bits within which another generation's image counts as the same image. */
  readonly duplicateMaxDistance: number;
}

/** What a verifier needs. */
export interface VerifyDeps {
  readonly chain: ChainContext;
  readonly engine: InferenceEngine;
  readonly storage: StorageClient;
  readonly phashes: PhashStore;
  readonly settings: VerifierSettings;
}

/** The summary a completed verify job returns. */
export interface VerifyResult {
  readonly job: string;
  readonly attested: boolean;
  readonly score: number;
  readonly agree: boolean;
  readonly reasons: readonly DisagreeReason[];
}

/** What the load stage reads from the chain (checkpointed). */
interface VerifyTask {
  readonly job: string;
  readonly alreadyAttested: boolean;
  readonly prompt: string;
  readonly modelId: string;
  readonly params: { readonly seed: string; readonly steps: number; readonly width: number; readonly height: number; readonly guidanceX100: number };
  /** sha256 of prompt hash, model and parameters: what makes two generations the same. */
  readonly generationKey: string;
  readonly contentHash: string;
  readonly claimedScore: number;
  readonly storageId: string;
}

const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** A deterministic per-(job, verifier) draw in [0, 1): which jobs this verifier spot-checks. */
export function spotCheckDraw({ job, verifier }: { job: string; verifier: string }): number {
  return parseInt(sha256Hex(`atelier/spot-check|${job}|${verifier}`).slice(0, 8), 16) / 2 ** 32;
}

/** Build the processor for the verify queue. */
export function createVerifyProcessor(deps: VerifyDeps): QueueProcessor<typeof QueueName.verify> {
  const { chain, engine, storage, phashes, settings } = deps;
  const me = chain.workerAccount.toBase58();
  const wallet = chain.keypair.publicKey.toBase58();

  const pipeline = stagePipeline<VerifyData>()
    .stage({
      name: VerifyStage.load,
      run: async ({ data }): Promise<VerifyTask> => {
        const account = await fetchJob({ client: chain.client, job: new PublicKey(data.jobAddress) });
        if (account === null) throw unrecoverable({ reason: UnrecoverableReason.jobNotActionable, detail: `job ${data.jobAddress} is closed (settled)` });
        const job = jobView({ address: data.jobAddress, account });
        if (job.status !== "submitted") throw unrecoverable({ reason: UnrecoverableReason.jobNotActionable, detail: `job ${job.address} is ${job.status}, not submitted` });
        if (job.worker === me) throw unrecoverable({ reason: UnrecoverableReason.jobNotActionable, detail: "a worker cannot verify its own result" });
        if (job.client === wallet) throw unrecoverable({ reason: UnrecoverableReason.jobNotActionable, detail: "a client cannot verify its own job" });
        const provenance = await fetchProvenance({ client: chain.client, contentHash: Buffer.from(job.contentHash, "hex") });
        if (provenance === null) throw new Error(`submitted job ${job.address} has no provenance record yet`);
        return {
          job: job.address,
          alreadyAttested: job.attestations.some((a) => a.verifier === me),
          prompt: await jobPrompt({ prompt: job.prompt, promptUri: job.promptUri, promptHash: job.promptHash, gatewayUrl: storage.gatewayUrl }),
          modelId: job.modelId,
          params: job.params,
          generationKey: sha256Hex(JSON.stringify([job.promptHash, job.modelId, job.params])),
          contentHash: job.contentHash,
          claimedScore: job.clipScore,
          storageId: provenance.storageId,
        };
      },
    })
    .stage({
      name: VerifyStage.check,
      metric: Stage.verify,
      run: async ({ outputs, logger }) => {
        const task = outputs.load;
        const config = await fetchConfig({ client: chain.client });
        if (config === null) throw new Error("the protocol config does not exist");
        const policy: VerifyPolicy = {
          scoreFloor: config.params.clipScoreFloor,
          scoreTolerance: settings.scoreTolerance,
          spotCheckMaxDistance: settings.spotCheckMaxDistance,
        };
        if (task.alreadyAttested) return { score: 0, agree: false, reasons: [] as DisagreeReason[], skipped: true };
        const m = await measure({ task });
        const verdict = verdictOf({ m, claimedScore: task.claimedScore, policy });
        logger.info({ measurements: m, ...verdict }, "result checked");
        return { ...verdict, skipped: false };
      },
    })
    .stage({
      name: VerifyStage.attest,
      run: async ({ outputs, logger }) => {
        const task = outputs.load;
        if (outputs.check.skipped) return { attested: false, agree: outputs.check.agree };
        const account = await fetchJob({ client: chain.client, job: new PublicKey(task.job) });
        if (account === null || !("submitted" in account.status)) {
          logger.info("attest skipped: the job was settled meanwhile");
          return { attested: false, agree: outputs.check.agree };
        }
        if (account.attestations.some((a) => a.verifier.toBase58() === me)) return { attested: false, agree: outputs.check.agree };
        const config = await fetchConfig({ client: chain.client });
        if (config === null) throw new Error("the protocol config does not exist");
        if (!isAttestationOpen({ job: account, config })) {
          logger.info("attest skipped: one side already holds the quorum");
          return { attested: false, agree: outputs.check.agree };
        }
        // The program refuses an agreeing vote below the floor (AgreeBelowFloor); the check stage
        // already disagrees below it, and this holds even if the floor was raised since.
        const agree = outputs.check.agree && outputs.check.score >= config.params.clipScoreFloor;
        try {
          await attestResult({ client: chain.client, job: new PublicKey(task.job), score: outputs.check.score, agree });
          return { attested: true, agree };
        } catch (error) {
          if (isChainError({ error, names: ["AlreadyAttested"] })) return { attested: false, agree: outputs.check.agree };
          if (isChainError({ error, names: ["VerificationWindowClosed", "JobNotSubmitted", "TooManyAttestations", "AttestationClosed"] })) {
            logger.warn({ err: error }, "attest refused: the job moved on");
            return { attested: false, agree: outputs.check.agree };
          }
          throw error;
        }
      },
    });

  async function measure({ task }: { task: VerifyTask }): Promise<Measurements> {
    let bytes: Buffer;
    try {
      bytes = (await storage.fetchItem({ id: task.storageId, expectedSha256: task.contentHash })).data;
    } catch (error) {
      if (isStorageError(error, StorageErrorCode.ContentHashMismatch)) return { hashMatches: false };
      throw error;
    }
    let image: Raster;
    try {
      image = (await decodeImage({ bytes })).image;
    } catch {
      return { hashMatches: true, decoded: false };
    }
    const stats = pixelStats({ image });
    const phash = perceptualHash({ image });
    const seen = { contentHash: task.contentHash, phash, generationKey: task.generationKey, job: task.job };
    const duplicates = await phashes.findDuplicates({ image: seen, maxDistance: settings.duplicateMaxDistance });
    await phashes.record({ image: seen });
    const embedding = await engine.embedImage({ image });
    const score = chainScore({ cosine: await engine.clipCosine({ text: task.prompt, embedding }) });
    let spotCheckDistance: number | undefined;
    if (task.modelId === engine.modelId && spotCheckDraw({ job: task.job, verifier: me }) < settings.spotCheckRate) {
      const again = await engine.generate({ prompt: task.prompt, ...task.params });
      spotCheckDistance = hammingDistance({ a: phash, b: perceptualHash({ image: again }) });
    }
    return {
      hashMatches: true,
      decoded: true,
      nearUniform: stats.nearUniform,
      noiseLike: stats.noiseLike,
      duplicates: duplicates.length,
      score,
      ...(spotCheckDistance === undefined ? {} : { spotCheckDistance }),
    };
  }

  return async ({ job, data, token, lockDurationMs, logger, metrics, signal }) => {
    const out = await pipeline.run({ job, data, token, lockDurationMs, logger, metrics, signal });
    const result: VerifyResult = { job: out.load.job, attested: out.attest.attested, score: out.check.score, agree: out.attest.agree, reasons: out.check.reasons };
    return result;
  };
}
