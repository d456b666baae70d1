/**
 * The generator's processor: one on-chain job from claim to submitted result, as resumable stages
 * on the stage runner (each output is checkpointed in the BullMQ job data, so a retry or a resumed
 * stalled job skips what is done) and each stage idempotent against the chain and the bundler:
 *
 *   validate → claim → generate → score → encode → upload → submit
 *
 * - validate: the job exists, is open or ours, names our model, its prompt is inline or fetched
 *   and hash-checked from its URI, and its parameters run (otherwise `UnrecoverableError` with a
 *   reason: no retries).
 * - claim: skipped when the job is already claimed by this worker; another worker's claim fails
 *   the job unrecoverably (JOB_NOT_ACTIONABLE).
 * - generate / score / encode: seeded inference, CLIP score, influence weights, PNG with the
 *   provenance embedded; images live in the spool, not in Redis.
 * - upload: image and metadata through the storage client, whose item ids are deterministic (a
 *   re-upload returns the stored item and is not charged).
 * - submit: skipped when the chain already shows our submission; a content hash recorded for
 *   another job (a replayed image) fails unrecoverably.
 */
import { createHash } from "node:crypto";
import { PublicKey } from "@solana/web3.js";
import { chainTime, claimJob, fetchConfig, fetchJob, fetchProvenance, releaseClaim, submitResult } from "@atelier/sdk";
import { z } from "zod";
import type { ChainContext } from "../chain/chain-context.js";
import { isChainError } from "../chain/chain-errors.js";
import { type JobView, jobView } from "../chain/job-view.js";
import { encodeImage } from "../image/encode.js";
import { decodePng, encodePng } from "../image/png.js";
import type { Raster } from "../image/raster.js";
import { isInferenceError } from "../inference/errors.js";
import { Stage } from "../metrics.js";
import { type JobData } from "../queues/job-data.js";
import type { QueueName } from "../queues/queue-names.js";
import { stagePipeline } from "../queues/stages.js";
import { UnrecoverableReason, unrecoverable } from "../queues/unrecoverable.js";
import type { QueueProcessor } from "../queues/worker-manager.js";
import { buildImageMetadata, type StorageClient } from "../storage/index.js";
import { type InfluenceSettings, type InfluenceShare, influencesFor } from "./artist-influence.js";
import { chainScore, type InferenceEngine, type JobGenerationParams } from "./inference-engine.js";
import { jobPrompt } from "./job-prompt.js";
import type { Spool } from "./spool.js";

type GenerateData = JobData<typeof QueueName.generate>;

/** The generator's stages, in order. */
export const GenerateStage = {
  validate: "validate",
  claim: "claim",
  generate: "generate",
  score: "score",
  encode: "encode",
  upload: "upload",
  submit: "submit",
} as const;
export type GenerateStage = (typeof GenerateStage)[keyof typeof GenerateStage];

/** What a generator needs. */
export interface GenerateDeps {
  readonly chain: ChainContext;
  readonly engine: InferenceEngine;
  readonly storage: StorageClient;
  readonly influence: InfluenceSettings;
  readonly spool: Spool;
  /** Called as each stage starts (after the previous checkpoint): for logs and crash tests. */
  readonly onStageStart?: (args: { stage: GenerateStage; jobAddress: string }) => void | Promise<void>;
}

/** The task the validate stage derives from the chain (checkpointed). */
const taskSchema = z.object({
  job: z.string(),
  client: z.string(),
  modelId: z.string(),
  prompt: z.string(),
  promptHash: z.string(),
  params: z.object({ seed: z.string(), steps: z.number(), width: z.number(), height: z.number(), guidanceX100: z.number() }),
});
type Task = z.infer<typeof taskSchema>;

/** The summary a completed generate job returns. */
export interface GenerateResult {
  readonly job: string;
  readonly contentHash: string;
  readonly clipScore: number;
  readonly influences: readonly InfluenceShare[];
  readonly storageId: string;
  readonly metadataUri: string;
  /** False when the chain already had our submission (a duplicate delivery). */
  readonly submitted: boolean;
  readonly claimed: boolean;
}

const notActionable = (detail: string) => unrecoverable({ reason: UnrecoverableReason.jobNotActionable, detail });
const invalidParams = (detail: string, cause?: unknown) => unrecoverable({ reason: UnrecoverableReason.invalidJobParams, detail, cause });
const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function readJob({ chain, address }: { chain: ChainContext; address: string }): Promise<JobView | null> {
  const account = await fetchJob({ client: chain.client, job: new PublicKey(address) });
  return account === null ? null : jobView({ address, account });
}

function generationParams(task: Task): JobGenerationParams {
  return { prompt: task.prompt, ...task.params };
}

/** Build the processor for the generate queue. */
export function createGenerateProcessor(deps: GenerateDeps): QueueProcessor<typeof QueueName.generate> {
  const { chain, engine, storage, spool } = deps;
  const me = chain.workerAccount.toBase58();
  const enter = async (stage: GenerateStage, jobAddress: string) => deps.onStageStart?.({ stage, jobAddress });

  /** The raw raster: from the spool, else generated again (seeded, so the same pixels). */
  const rasterOf = async (task: Task): Promise<Raster> => {
    const bytes = await spool.read({ path: spool.path({ job: task.job, kind: "raw" }) });
    if (bytes !== undefined) return decodePng({ bytes }).image;
    const image = await engine.generate(generationParams(task));
    await spool.write({ path: spool.path({ job: task.job, kind: "raw" }), bytes: encodePng({ image }) });
    return image;
  };

  /** The final image bytes with the embedded provenance (deterministic from the checkpoints). */
  const encodedOf = async ({ task, clipScore, influences }: { task: Task; clipScore: number; influences: readonly InfluenceShare[] }) => {
    const image = await rasterOf(task);
    const provenance = {
      schema: "atelier.embedded/v1",
      job: task.job,
      client: task.client,
      worker: me,
      modelId: task.modelId,
      promptHash: task.promptHash,
      params: task.params,
      clipScore,
      influences,
    };
    return encodeImage({ image, provenance });
  };

  const pipeline = stagePipeline<GenerateData>()
    .stage({
      name: GenerateStage.validate,
      output: taskSchema,
      run: async ({ data }) => {
        await enter(GenerateStage.validate, data.jobAddress);
        const job = await readJob({ chain, address: data.jobAddress });
        if (job === null) throw notActionable(`job ${data.jobAddress} does not exist (settled, cancelled or never created)`);
        if (job.worker !== null && job.worker !== me) throw notActionable(`job ${job.address} is ${job.status} by worker ${job.worker}`);
        if (job.status === "open" && (await chainTime({ client: chain.client })) >= job.deadline) throw notActionable(`job ${job.address} is past its deadline`);
        if (job.modelId !== engine.modelId) throw invalidParams(`job asks for model "${job.modelId}"; this node serves "${engine.modelId}"`);
        const prompt = await jobPrompt({ prompt: job.prompt, promptUri: job.promptUri, promptHash: job.promptHash, gatewayUrl: storage.gatewayUrl });
        const task: Task = { job: job.address, client: job.client, modelId: job.modelId, prompt, promptHash: job.promptHash, params: job.params };
        try {
          engine.validate(generationParams(task));
        } catch (error) {
          if (isInferenceError(error)) throw invalidParams(`${error.code}: ${error.message}`, error);
          throw error;
        }
        return task;
      },
    })
    .stage({
      name: GenerateStage.claim,
      metric: Stage.claim,
      run: async ({ data, outputs, logger }) => {
        await enter(GenerateStage.claim, data.jobAddress);
        const before = await readJob({ chain, address: outputs.validate.job });
        if (before === null) throw notActionable(`job ${outputs.validate.job} closed before it was claimed`);
        if (before.worker === me) {
          logger.info({ status: before.status }, "claim skipped: the job is already ours");
          return { claimed: false, signature: null as string | null };
        }
        if (before.worker !== null) throw notActionable(`job ${before.address} was claimed by worker ${before.worker}`);
        try {
          const sent = await claimJob({ client: chain.client, job: new PublicKey(before.address) });
          return { claimed: true, signature: sent.signature as string | null };
        } catch (error) {
          // A claim that landed although its confirmation failed, or a race with another worker.
          const after = await readJob({ chain, address: before.address });
          if (after?.worker === me) return { claimed: true, signature: null as string | null };
          if (isChainError({ error, names: ["JobNotOpen", "JobDeadlinePassed", "AccountNotInitialized", "AccountNotFound"] })) {
            throw notActionable(`claim refused: ${(error as Error).name}${after?.worker ? ` (claimed by ${after.worker})` : ""}`);
          }
          throw error;
        }
      },
    })
    .stage({
      name: GenerateStage.generate,
      metric: Stage.inference,
      run: async ({ data, outputs }) => {
        await enter(GenerateStage.generate, data.jobAddress);
        const image = await engine.generate(generationParams(outputs.validate));
        await spool.write({ path: spool.path({ job: outputs.validate.job, kind: "raw" }), bytes: encodePng({ image }) });
        return { width: image.width, height: image.height };
      },
    })
    .stage({
      name: GenerateStage.score,
      metric: Stage.scoring,
      run: async ({ data, outputs }) => {
        await enter(GenerateStage.score, data.jobAddress);
        const image = await rasterOf(outputs.validate);
        const embedding = await engine.embedImage({ image });
        const cosine = await engine.clipCosine({ text: outputs.validate.prompt, embedding });
        const influences = await influencesFor({ chain, settings: deps.influence, embedding });
        const clipScore = chainScore({ cosine });
        // A result below the chain's floor would be rejected at once and slashed `slash_bps`:
        // give the claim back instead (the late penalty, the same as letting it expire).
        const config = await fetchConfig({ client: chain.client });
        if (config !== null && clipScore < config.params.clipScoreFloor) {
          try {
            await releaseClaim({ client: chain.client, job: new PublicKey(outputs.validate.job) });
          } catch (error) {
            // Not ours any more (expired and reopened, re-claimed or refunded): nothing to give back.
            if (!isChainError({ error, names: ["NotJobWorker", "JobNotClaimed", "AccountNotInitialized", "AccountNotFound"] })) throw error;
          }
          // Failed as invalid for this node (not recycled): the same prompt, seed and model would
          // score the same again, so this node must not claim it once more.
          throw invalidParams(`own CLIP score ${clipScore} is below the floor ${config.params.clipScoreFloor}: claim released`);
        }
        return { clipScore, influences };
      },
    })
    .stage({
      name: GenerateStage.encode,
      run: async ({ data, outputs }) => {
        await enter(GenerateStage.encode, data.jobAddress);
        const encoded = await encodedOf({ task: outputs.validate, ...outputs.score });
        await spool.write({ path: spool.path({ job: outputs.validate.job, kind: "image" }), bytes: encoded.bytes });
        return { contentHash: sha256Hex(encoded.bytes), mime: encoded.mime, bytes: encoded.bytes.length };
      },
    })
    .stage({
      name: GenerateStage.upload,
      metric: Stage.upload,
      run: async ({ data, outputs, logger }) => {
        await enter(GenerateStage.upload, data.jobAddress);
        const task = outputs.validate;
        const { contentHash, mime } = outputs.encode;
        // Uploads cost money: not for a claim that expired meanwhile (the job was reopened or refunded).
        const current = await readJob({ chain, address: task.job });
        if (current !== null && current.worker !== me) throw notActionable(`the claim on job ${task.job} was lost (${current.status}); not uploading`);
        const recorded = await fetchProvenance({ client: chain.client, contentHash: Buffer.from(contentHash, "hex") });
        if (recorded !== null && recorded.job.toBase58() !== task.job) {
          throw notActionable(`image ${contentHash} is already recorded for job ${recorded.job.toBase58()}`);
        }
        let bytes = await spool.read({ path: spool.path({ job: task.job, kind: "image" }) });
        if (bytes === undefined) bytes = Buffer.from((await encodedOf({ task, ...outputs.score })).bytes);
        if (sha256Hex(bytes) !== contentHash) throw new Error(`re-derived image of job ${task.job} does not hash to its checkpoint ${contentHash}`);
        const image = await storage.uploadImage({ image: bytes, contentType: mime, job: task.job, modelId: task.modelId });
        const metadata = buildImageMetadata({
          provenance: {
            contentHash,
            promptHash: task.promptHash,
            job: task.job,
            client: task.client,
            worker: me,
            modelId: task.modelId,
            params: task.params,
            clipScore: outputs.score.clipScore,
            influences: [...outputs.score.influences],
            storageId: image.id,
            imageUri: image.uri,
          },
          imageContentType: mime,
          prompt: task.prompt,
        });
        const meta = await storage.uploadMetadata({ metadata, job: task.job });
        logger.info({ storageId: image.id, metadataId: meta.id, reused: image.reused && meta.reused }, "image and metadata stored");
        return { storageId: image.id, imageUri: image.uri, metadataId: meta.id, metadataUri: meta.uri, reused: image.reused };
      },
    })
    .stage({
      name: GenerateStage.submit,
      metric: Stage.submit,
      run: async ({ data, outputs, logger }) => {
        await enter(GenerateStage.submit, data.jobAddress);
        const task = outputs.validate;
        const { contentHash } = outputs.encode;
        const ours = async () => {
          const p = await fetchProvenance({ client: chain.client, contentHash: Buffer.from(contentHash, "hex") });
          return p !== null && p.job.toBase58() === task.job && p.worker.toBase58() === me;
        };
        const job = await readJob({ chain, address: task.job });
        if ((job === null || job.status === "submitted") && (await ours())) {
          logger.info("submit skipped: the chain already has this result");
          return { submitted: false, signature: null as string | null };
        }
        if (job === null) throw notActionable(`job ${task.job} closed before the result was submitted`);
        if (job.worker !== me) throw notActionable(`job ${task.job} is no longer claimed by this worker (${job.status}, ${job.worker ?? "no worker"})`);
        try {
          const sent = await submitResult({
            client: chain.client,
            job: new PublicKey(task.job),
            contentHash: Buffer.from(contentHash, "hex"),
            storageId: outputs.upload.storageId,
            metadataUri: outputs.upload.metadataUri,
            clipScore: outputs.score.clipScore,
            influences: outputs.score.influences.map((i) => ({ artist: new PublicKey(i.artist), bps: i.bps })),
          });
          return { submitted: true, signature: sent.signature as string | null };
        } catch (error) {
          if (await ours()) return { submitted: true, signature: null as string | null };
          if (isChainError({ error, names: ["ProvenanceAlreadyRecorded"] })) throw notActionable(`image ${contentHash} is already recorded for another job`);
          if (isChainError({ error, names: ["ClaimDeadlinePassed", "NotJobWorker", "JobNotClaimed", "ArtistOptedOut"] })) {
            throw notActionable(`submit refused: ${(error as Error).name}`);
          }
          throw error;
        }
      },
    });

  return async ({ job, data, token, lockDurationMs, logger, metrics, signal }) => {
    const out = await pipeline.run({ job, data, token, lockDurationMs, logger, metrics, signal });
    await spool.clear({ job: out.validate.job });
    const result: GenerateResult = {
      job: out.validate.job,
      contentHash: out.encode.contentHash,
      clipScore: out.score.clipScore,
      influences: out.score.influences,
      storageId: out.upload.storageId,
      metadataUri: out.upload.metadataUri,
      submitted: out.submit.submitted,
      claimed: out.claim.claimed,
    };
    return result;
  };
}
