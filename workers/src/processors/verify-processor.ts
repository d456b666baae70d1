/**
 * The verifier's processor: one submitted result from the draw to the reveal, as resumable stages:
 *
 *   load → draw → check → commit → reveal
 *
 * - load: the job is submitted, not ours, not paid for by our wallet; our attestation on it, if
 *   any, says where to resume (committed: reveal; revealed: nothing left). The provenance record
 *   gives the storage id.
 * - draw: asks the chain whether this verifier is drawn — it simulates `commit_attestation` with a
 *   placeholder commitment and reads the program's answer (the sortition is the program's; nothing
 *   here re-implements it). `SeedPending` (the seeding slot hash does not exist yet): ask again a
 *   slot later. `VerifierNotDrawn`: the job waits (delayed, not re-offered) until the draw widens
 *   in the second half of the commit window, then until the commit phase ends; `CommitClosed`,
 *   `SelfAttestation`, `ClientAttestation`, `StakeRaisedAfterSubmission`: skipped. A node without
 *   an influence index cannot judge a result that names artists: it abstains (waits until the
 *   commit phase is over and completes without committing) rather than accuse an honest worker.
 * - check (metric `verify`), only when drawn: fetch from the gateway, compare with the chain's
 *   content hash, recompute the CLIP score, integrity signals (near-uniform, noise, near-duplicate
 *   in the pHash store), the influence weights recomputed on the same embedding with the
 *   generator's own function (`influencesFor`) and compared (`influence-check.ts`), and a seeded
 *   re-generation spot check for a deterministic share of jobs.
 * - commit: a fresh random salt; `{score, agree, salt}` is written to Redis *before* the commit is
 *   sent (a lost salt means a slash for not revealing), then `commit_attestation(commitment)`.
 *   Never agreeing below the floor.
 * - reveal: once the commit phase is over (committee full — the watcher promotes the job on
 *   `AttestationCommitted { committeeFull }` — or the commit window passed; the job waits delayed
 *   until then and retries on `RevealNotOpen`), `reveal_attestation`; the Redis record is dropped
 *   after the reveal or once the job settled.
 */
import { createHash } from "node:crypto";
import { PublicKey } from "@solana/web3.js";
import { DelayedError, type Job } from "bullmq";
import {
  attestationCommitment,
  chainTime,
  commitAttestation,
  commitClosesAt,
  fetchConfig,
  fetchJob,
  fetchProvenance,
  isCommitOpen,
  newAttestationSalt,
  revealAttestation,
  simulateCommitAttestation,
} from "@atelier/sdk";
import type { ChainContext } from "../chain/chain-context.js";
import { chainErrorName, isChainError } from "../chain/chain-errors.js";
import { jobView } from "../chain/job-view.js";
import { decodeImage } from "../image/encode.js";
import type { Raster } from "../image/raster.js";
import { hammingDistance, perceptualHash, pixelStats } from "../inference/integrity.js";
import type { Logger } from "../logger.js";
import { type Metrics, Stage } from "../metrics.js";
import type { JobData } from "../queues/job-data.js";
import type { QueueName } from "../queues/queue-names.js";
import { stagePipeline } from "../queues/stages.js";
import { UnrecoverableReason, unrecoverable } from "../queues/unrecoverable.js";
import type { QueueProcessor } from "../queues/worker-manager.js";
import { StorageErrorCode, isStorageError, type StorageClient } from "../storage/index.js";
import { type InfluenceSettings, type InfluenceShare, influencesFor } from "./artist-influence.js";
import type { AttestationSecrets } from "./attestation-secrets.js";
import { compareInfluences } from "./influence-check.js";
import { chainScore, type InferenceEngine } from "./inference-engine.js";
import { jobPrompt } from "./job-prompt.js";
import type { PhashStore } from "./phash-store.js";
import { type DisagreeReason, type Measurements, type VerifyPolicy, verdictOf } from "./verify-checks.js";

type VerifyData = JobData<typeof QueueName.verify>;

/** The verifier's stages, in order. */
export const VerifyStage = { load: "load", draw: "draw", check: "check", commit: "commit", reveal: "reveal" } as const;

/**
 * The chain's answers to a simulated or sent commit that mean "this job is not this verifier's
 * to verify (any more)": the job completes without committing.
 */
export const COMMIT_REFUSALS = [
  "VerifierNotDrawn",
  "CommitClosed",
  "SelfAttestation",
  "ClientAttestation",
  "StakeRaisedAfterSubmission",
  "SeedUnavailable",
  "JobNotSubmitted",
  "WorkerNotActive",
  "AccountNotFound",
  "AccountNotInitialized",
] as const;

/**
 * Why a drawn-or-not verifier completes without committing although the chain would let it: a
 * result naming artists, and no influence index on this node to check them with (not a chain error).
 */
export const INFLUENCE_UNVERIFIABLE = "InfluenceUnverifiable";

/** Answers to a reveal that mean the job moved on without it (settled, or the window closed). */
const REVEAL_TOO_LATE = ["VerificationWindowClosed", "JobNotSubmitted", "AccountNotFound", "AccountNotInitialized"] as const;

/**
 * Answers to a reveal no retry can change: the stored vote does not open the commitment, or agrees
 * below a floor raised since the commit.
 */
const REVEAL_IMPOSSIBLE = ["CommitmentMismatch", "AgreeBelowFloor", "NotCommitted"] as const;

/** Where a verify job resumes, read from our attestation on the job. */
const VerifyMode = { commit: "commit", reveal: "reveal", done: "done" } as const;
type VerifyMode = (typeof VerifyMode)[keyof typeof VerifyMode];

/** How long the verifier waits between chain checks (defaults: one localnet slot; a second). */
export interface VerifierTiming {
  /** Between draws while the seeding slot hash is pending (`SeedPending`). */
  readonly seedRetryMs: number;
  /** Draws asked before the stage fails and BullMQ retries it with backoff. */
  readonly seedRetries: number;
  /** Before another reveal after `RevealNotOpen`. */
  readonly revealRetryMs: number;
  /** Added to waits computed from chain time (the chain's clock and ours drift). */
  readonly marginMs: number;
}

export const DEFAULT_VERIFIER_TIMING: VerifierTiming = { seedRetryMs: 400, seedRetries: 25, revealRetryMs: 1_000, marginMs: 500 };

/** Verifier settings besides the protocol's score floor (read from the chain). */
export interface VerifierSettings {
  readonly scoreTolerance: number;
  /** Share of jobs (0..1) re-generated from their seed and compared (needs the job's model). */
  readonly spotCheckRate: number;
  readonly spotCheckMaxDistance: number;
  /** pHash bits within which another generation's image counts as the same image. */
  readonly duplicateMaxDistance: number;
  /** Largest L1 distance (bps) between submitted and recomputed influence weights accepted. */
  readonly influenceTolerance: number;
}

/** What a verifier needs. */
export interface VerifyDeps {
  readonly chain: ChainContext;
  readonly engine: InferenceEngine;
  readonly storage: StorageClient;
  readonly phashes: PhashStore;
  /** Salts of commitments not revealed yet (Redis: they must survive a restart). */
  readonly secrets: AttestationSecrets;
  readonly settings: VerifierSettings;
  /**
   * The influence index and its parameters (top-K, floor: the generators' values), to recompute a
   * result's weights; without an index, results naming artists are not committed to.
   */
  readonly influence: InfluenceSettings;
  readonly timing?: VerifierTiming;
}

/** The summary a completed verify job returns. */
export interface VerifyResult {
  readonly job: string;
  /** The chain drew this verifier (it may commit). */
  readonly drawn: boolean;
  /** Why not drawn or not committed: the program's error name (`VerifierNotDrawn`, `CommitClosed`, …). */
  readonly refusal: string | null;
  readonly committed: boolean;
  readonly revealed: boolean;
  readonly score: number;
  readonly agree: boolean;
  readonly reasons: readonly DisagreeReason[];
  /** L1 distance (bps) of the submitted influence weights from ours; null when not recomputed. */
  readonly influenceDistance: number | null;
}

/** What the load stage reads from the chain (checkpointed). */
interface VerifyTask {
  readonly job: string;
  readonly mode: VerifyMode;
  /** Our vote, when already revealed on chain (mode `done`). */
  readonly revealedVote: { readonly score: number; readonly agree: boolean } | null;
  readonly prompt: string;
  readonly modelId: string;
  readonly params: { readonly seed: string; readonly steps: number; readonly width: number; readonly height: number; readonly guidanceX100: number };
  /** sha256 of prompt hash, model and parameters: what makes two generations the same. */
  readonly generationKey: string;
  readonly contentHash: string;
  readonly claimedScore: number;
  readonly storageId: string;
  /** The influence weights the worker submitted (provenance record); absent in checkpoints written before they were checked. */
  readonly influences?: readonly InfluenceShare[];
}

const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** A deterministic per-(job, verifier) draw in [0, 1): which jobs this verifier spot-checks. */
export function spotCheckDraw({ job, verifier }: { job: string; verifier: string }): number {
  return parseInt(sha256Hex(`atelier/spot-check|${job}|${verifier}`).slice(0, 8), 16) / 2 ** 32;
}

/** Build the processor for the verify queue. */
export function createVerifyProcessor(deps: VerifyDeps): QueueProcessor<typeof QueueName.verify> {
  const { chain, engine, storage, phashes, secrets, settings, influence } = deps;
  const timing = deps.timing ?? DEFAULT_VERIFIER_TIMING;
  const me = chain.workerAccount.toBase58();
  const wallet = chain.keypair.publicKey.toBase58();

  const pipeline = stagePipeline<VerifyData>()
    .stage({
      name: VerifyStage.load,
      run: async ({ data }): Promise<VerifyTask> => {
        const account = await fetchJob({ client: chain.client, job: new PublicKey(data.jobAddress) });
        if (account === null) {
          // Settled: a commitment of ours on it is over too (revealed, or slashed at settlement).
          await secrets.drop({ job: data.jobAddress });
          throw unrecoverable({ reason: UnrecoverableReason.jobNotActionable, detail: `job ${data.jobAddress} is closed (settled)` });
        }
        const job = jobView({ address: data.jobAddress, account });
        if (job.status !== "submitted") throw unrecoverable({ reason: UnrecoverableReason.jobNotActionable, detail: `job ${job.address} is ${job.status}, not submitted` });
        if (job.worker === me) throw unrecoverable({ reason: UnrecoverableReason.jobNotActionable, detail: "a worker cannot verify its own result" });
        if (job.client === wallet) throw unrecoverable({ reason: UnrecoverableReason.jobNotActionable, detail: "a client cannot verify its own job" });
        const provenance = await fetchProvenance({ client: chain.client, contentHash: Buffer.from(job.contentHash, "hex") });
        if (provenance === null) throw new Error(`submitted job ${job.address} has no provenance record yet`);
        const mine = job.attestations.find((a) => a.verifier === me);
        return {
          job: job.address,
          mode: mine === undefined ? VerifyMode.commit : mine.revealed ? VerifyMode.done : VerifyMode.reveal,
          revealedVote: mine?.revealed ? { score: mine.score, agree: mine.agree } : null,
          prompt: await jobPrompt({ prompt: job.prompt, promptUri: job.promptUri, promptHash: job.promptHash, gatewayUrl: storage.gatewayUrl }),
          modelId: job.modelId,
          params: job.params,
          generationKey: sha256Hex(JSON.stringify([job.promptHash, job.modelId, job.params])),
          contentHash: job.contentHash,
          claimedScore: job.clipScore,
          storageId: provenance.storageId,
          influences: provenance.influences.map((i) => ({ artist: i.artist.toBase58(), bps: i.bps })),
        };
      },
    })
    .stage({
      name: VerifyStage.draw,
      run: async ({ job, outputs, logger, token }): Promise<{ drawn: boolean; refusal: string | null }> => {
        const task = outputs.load;
        // Committed before (a restarted or recycled job): it was drawn.
        if (task.mode !== VerifyMode.commit) return { drawn: true, refusal: null };
        const address = new PublicKey(task.job);
        if (influence.index === undefined && (await submittedInfluences({ task })).length > 0) {
          // Agreeing would vouch for weights we cannot check; disagreeing could slash an honest
          // worker. Abstain: parked until the commit phase is over (not re-offered meanwhile).
          const waitMs = await untilDrawChanges({ address, widening: false });
          if (waitMs !== null) {
            logger.warn({ waitMs }, "the result names artists and this node has no influence index (ATELIER_INFLUENCE_INDEX): not committing");
            await comeBackLater({ job, token, ms: waitMs });
          }
          return { drawn: false, refusal: INFLUENCE_UNVERIFIABLE };
        }
        for (let attempt = 1; ; attempt++) {
          const refusal = await simulateCommitAttestation({ client: chain.client, job: address });
          if (refusal === null) {
            logger.info("drawn to verify this result");
            return { drawn: true, refusal: null };
          }
          if (refusal.name === "SeedPending" && attempt < timing.seedRetries) {
            await sleep(timing.seedRetryMs);
            continue;
          }
          if (refusal.name === "VerifierNotDrawn" || refusal.name === "StakeRaisedAfterSubmission") {
            // Parked while the commit phase lasts, so the watcher does not offer the job again and
            // again meanwhile; a not-drawn verifier looks again when the draw widens.
            const waitMs = await untilDrawChanges({ address, widening: refusal.name === "VerifierNotDrawn" });
            if (waitMs !== null) {
              logger.info({ waitMs }, "not drawn (yet): looking again when the commit phase moves on");
              await comeBackLater({ job, token, ms: waitMs });
            }
          }
          if (isChainError({ error: refusal, names: COMMIT_REFUSALS })) {
            logger.info({ refusal: refusal.name }, "not committing to this result");
            return { drawn: false, refusal: refusal.name };
          }
          throw refusal;
        }
      },
    })
    .stage({
      name: VerifyStage.check,
      metric: Stage.verify,
      run: async ({ outputs, logger }) => {
        const task = outputs.load;
        if (task.mode !== VerifyMode.commit || !outputs.draw.drawn) return { score: 0, agree: false, reasons: [] as DisagreeReason[], influenceDistance: null as number | null, skipped: true };
        const config = await fetchConfig({ client: chain.client });
        if (config === null) throw new Error("the protocol config does not exist");
        const policy: VerifyPolicy = {
          scoreFloor: config.params.clipScoreFloor,
          scoreTolerance: settings.scoreTolerance,
          spotCheckMaxDistance: settings.spotCheckMaxDistance,
        };
        const m = await measure({ task, logger });
        const verdict = verdictOf({ m, claimedScore: task.claimedScore, policy });
        logger.info({ measurements: m, ...verdict }, verdict.agree ? "result checked: agree" : `result checked: disagree (${verdict.reasons.join(", ")})`);
        return { ...verdict, influenceDistance: m.influence?.distance ?? null, skipped: false };
      },
    })
    .stage({
      name: VerifyStage.commit,
      run: async ({ outputs, logger }): Promise<{ committed: boolean; refusal: string | null }> => {
        const task = outputs.load;
        if (task.mode !== VerifyMode.commit) return { committed: true, refusal: null };
        if (!outputs.draw.drawn) return { committed: false, refusal: outputs.draw.refusal };
        const address = new PublicKey(task.job);
        const config = await fetchConfig({ client: chain.client });
        if (config === null) throw new Error("the protocol config does not exist");
        // The program refuses an agreeing reveal below the floor (AgreeBelowFloor); the check stage
        // already disagrees below it, and this holds even if the floor was raised since.
        const agree = outputs.check.agree && outputs.check.score >= config.params.clipScoreFloor;
        const score = outputs.check.score;
        const salt = newAttestationSalt();
        // Written before sending, first write wins: a retried stage commits what it stored before.
        const secret = await secrets.putIfAbsent({
          job: task.job,
          secret: { score, agree, salt: hex(salt), commitment: hex(attestationCommitment({ job: address, verifier: chain.workerAccount, score, agree, salt })), createdAt: Date.now() },
        });
        try {
          await commitAttestation({ client: chain.client, job: address, commitment: Buffer.from(secret.commitment, "hex") });
          logger.info({ score: secret.score, agree: secret.agree }, "attestation committed");
          return { committed: true, refusal: null };
        } catch (error) {
          if (isChainError({ error, names: ["AlreadyAttested"] })) {
            // Our commit landed before (a retried stage): it must be the stored one to be revealable.
            const account = await fetchJob({ client: chain.client, job: address });
            const onChain = account?.attestations.find((a) => a.verifier.equals(chain.workerAccount));
            if (onChain !== undefined && hex(Uint8Array.from(onChain.commitment)) === secret.commitment) return { committed: true, refusal: null };
            logger.error("our commitment on chain is not the stored one: it cannot be revealed (this verifier will be slashed for it)");
            await secrets.drop({ job: task.job });
            return { committed: false, refusal: "CommitmentLost" };
          }
          if (isChainError({ error, names: COMMIT_REFUSALS })) {
            logger.warn({ refusal: chainErrorName({ error }) }, "commit refused: the job moved on");
            await secrets.drop({ job: task.job });
            return { committed: false, refusal: chainErrorName({ error }) ?? null };
          }
          throw error;
        }
      },
    })
    .stage({
      name: VerifyStage.reveal,
      run: async ({ job, outputs, logger, token }): Promise<{ revealed: boolean; score: number; agree: boolean }> => {
        const task = outputs.load;
        const shown = { score: outputs.check.score, agree: outputs.check.agree };
        if (task.mode === VerifyMode.done) return { revealed: true, ...(task.revealedVote ?? shown) };
        if (!outputs.commit.committed) return { revealed: false, ...shown };
        const address = new PublicKey(task.job);
        const secret = await secrets.get({ job: task.job });
        if (secret === null) {
          logger.error("committed, but the salt is not in Redis: the commitment cannot be revealed (this verifier will be slashed for it)");
          return { revealed: false, ...shown };
        }
        const result = (revealed: boolean) => ({ revealed, score: secret.score, agree: secret.agree });
        const [account, config, now] = await Promise.all([fetchJob({ client: chain.client, job: address }), fetchConfig({ client: chain.client }), chainTime({ client: chain.client })]);
        if (config === null) throw new Error("the protocol config does not exist");
        const mine = account?.attestations.find((a) => a.verifier.equals(chain.workerAccount));
        if (account === null || mine === undefined) {
          logger.warn("the job settled before our reveal");
          await secrets.drop({ job: task.job });
          return result(false);
        }
        if (mine.revealed) {
          await secrets.drop({ job: task.job });
          return result(true);
        }
        // A read of the phase only to decide how long to wait; the reveal below is the chain's decision.
        if (isCommitOpen({ job: account, config, now })) {
          const waitMs = Math.max(0, commitClosesAt({ job: account, config }) - now) * 1000 + timing.marginMs;
          logger.info({ waitMs, commits: account.attestations.length }, "committed; revealing once the commit phase is over");
          await comeBackLater({ job, token, ms: waitMs });
        }
        try {
          await revealAttestation({ client: chain.client, job: address, score: secret.score, agree: secret.agree, salt: Buffer.from(secret.salt, "hex") });
          logger.info({ score: secret.score, agree: secret.agree }, "attestation revealed");
          await secrets.drop({ job: task.job });
          return result(true);
        } catch (error) {
          if (isChainError({ error, names: ["RevealNotOpen"] })) await comeBackLater({ job, token, ms: timing.revealRetryMs });
          if (isChainError({ error, names: ["AlreadyRevealed"] })) {
            await secrets.drop({ job: task.job });
            return result(true);
          }
          if (isChainError({ error, names: REVEAL_TOO_LATE })) {
            logger.warn({ err: error }, "reveal refused: the job moved on");
            await secrets.drop({ job: task.job });
            return result(false);
          }
          if (isChainError({ error, names: REVEAL_IMPOSSIBLE })) {
            // No retry can change a commitment: the stake answers for it at settlement.
            logger.error({ err: error }, "reveal refused for good: this commitment cannot be opened");
            await secrets.drop({ job: task.job });
            return result(false);
          }
          throw error;
        }
      },
    });

  /**
   * Milliseconds until a verifier refused now should ask again: when `widening` (not drawn), the
   * half-way point of the commit window (the program draws four times as many verifiers from then
   * on); else, or after it, the end of the commit window (the job then completes with
   * `CommitClosed`); null once the commit phase is over.
   */
  async function untilDrawChanges({ address, widening }: { address: PublicKey; widening: boolean }): Promise<number | null> {
    const [account, config, now] = await Promise.all([fetchJob({ client: chain.client, job: address }), fetchConfig({ client: chain.client }), chainTime({ client: chain.client })]);
    if (account === null || config === null || !isCommitOpen({ job: account, config, now })) return null;
    const half = account.submittedAt.toNumber() + Math.floor(config.params.commitWindow.toNumber() / 2);
    const next = widening && now < half ? half : commitClosesAt({ job: account, config });
    return Math.max(0, next - now) * 1000 + timing.marginMs;
  }

  async function measure({ task, logger }: { task: VerifyTask; logger: Logger }): Promise<Measurements> {
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
    // The generator's own weighting on the same embedding (one rule, one place); none without an
    // index (the draw stage abstained already when the result names artists).
    let influenceComparison: Measurements["influence"];
    if (influence.index !== undefined) {
      const submitted = await submittedInfluences({ task });
      const recomputed = await influencesFor({ chain, settings: influence, embedding, optedInAtSubmission: submitted.map((s) => s.artist) });
      influenceComparison = compareInfluences({ submitted, recomputed, indexArtists: influence.index.artistIds, tolerance: settings.influenceTolerance });
      if (!influenceComparison.matches) logger.info({ submitted, recomputed, ...influenceComparison }, "influence weights do not match ours");
    }
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
      ...(influenceComparison === undefined ? {} : { influence: influenceComparison }),
    };
  }

  /** The submitted weights: from the load checkpoint, or the provenance record for an older one. */
  async function submittedInfluences({ task }: { task: VerifyTask }): Promise<readonly InfluenceShare[]> {
    if (task.influences !== undefined) return task.influences;
    const provenance = await fetchProvenance({ client: chain.client, contentHash: Buffer.from(task.contentHash, "hex") });
    return (provenance?.influences ?? []).map((i) => ({ artist: i.artist.toBase58(), bps: i.bps }));
  }

  return async ({ job, data, token, lockDurationMs, logger, metrics, signal }) => {
    const out = await pipeline.run({ job, data, token, lockDurationMs, logger, metrics, signal });
    const result: VerifyResult = {
      job: out.load.job,
      drawn: out.draw.drawn,
      refusal: out.commit.refusal,
      committed: out.commit.committed,
      revealed: out.reveal.revealed,
      score: out.reveal.score,
      agree: out.reveal.agree,
      reasons: out.check.reasons,
      influenceDistance: out.check.influenceDistance,
    };
    countOutcome({ metrics, result, checked: !out.check.skipped });
    return result;
  };
}

/** `atelier_verify_checks_total{outcome, reason}`: one count per reason of a disagreement. */
function countOutcome({ metrics, result, checked }: { metrics: Metrics; result: VerifyResult; checked: boolean }): void {
  if (!checked) {
    if (result.refusal === INFLUENCE_UNVERIFIABLE) metrics.verifyChecks.inc({ outcome: "abstain", reason: INFLUENCE_UNVERIFIABLE });
    return;
  }
  if (result.reasons.length === 0) metrics.verifyChecks.inc({ outcome: result.agree ? "agree" : "disagree", reason: "" });
  for (const reason of result.reasons) metrics.verifyChecks.inc({ outcome: "disagree", reason });
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Parks the BullMQ job as delayed for `ms` and stops this attempt (no attempt is used; the
 * stages done so far keep their checkpoints, so it resumes at the current stage). Without a lock
 * token (a processor run outside a worker) it waits in place instead.
 */
async function comeBackLater({ job, token, ms }: { job: Job; token: string | undefined; ms: number }): Promise<void> {
  if (token === undefined) {
    await sleep(ms);
    return;
  }
  await job.moveToDelayed(Date.now() + ms, token);
  throw new DelayedError();
}
