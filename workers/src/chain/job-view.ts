/**
 * A JSON-safe view of an on-chain `Job` (integers as numbers or decimal strings, keys as base58,
 * hashes as hex): what processors check, checkpoint and log.
 */
import type { PublicKey } from "@solana/web3.js";
import { type JobAccount, type JobStatus, jobStatus } from "@atelier/sdk";

/** One attestation, as read from the job: committed first, score and verdict once revealed. */
export interface AttestationView {
  readonly verifier: string;
  readonly authority: string;
  /** The commitment, hex. */
  readonly commitment: string;
  readonly revealed: boolean;
  /** 0 until revealed. */
  readonly score: number;
  /** false until revealed. */
  readonly agree: boolean;
}

/** The job's fields the pipeline uses. */
export interface JobView {
  readonly address: string;
  readonly jobId: string;
  readonly client: string;
  readonly status: JobStatus;
  readonly modelId: string;
  /** Inline prompt text ("" when the prompt is off chain). */
  readonly prompt: string;
  readonly promptUri: string;
  /** sha256 of the prompt text, hex. */
  readonly promptHash: string;
  readonly params: { readonly seed: string; readonly steps: number; readonly width: number; readonly height: number; readonly guidanceX100: number };
  readonly payment: string;
  readonly deadline: number;
  /** The claiming worker's stake account, while claimed or submitted. */
  readonly worker: string | null;
  readonly claimDeadline: number;
  /** How many times the job was claimed (a re-claim after an expired claim counts again). */
  readonly claims: number;
  /** sha256 of the submitted image, hex (zeros before submission). */
  readonly contentHash: string;
  readonly submittedAt: number;
  readonly clipScore: number;
  readonly attestations: readonly AttestationView[];
}

const hex = (bytes: readonly number[] | Uint8Array): string => Buffer.from(Uint8Array.from(bytes)).toString("hex");

/** Convert the decoded account at `address`. */
export function jobView({ address, account }: { address: PublicKey | string; account: JobAccount }): JobView {
  return {
    address: typeof address === "string" ? address : address.toBase58(),
    jobId: account.jobId.toString(),
    client: account.client.toBase58(),
    status: jobStatus({ job: account }),
    modelId: account.modelId,
    prompt: account.prompt,
    promptUri: account.promptUri,
    promptHash: hex(account.promptHash),
    params: {
      seed: account.params.seed.toString(),
      steps: account.params.steps,
      width: account.params.width,
      height: account.params.height,
      guidanceX100: account.params.guidanceX100,
    },
    payment: account.payment.toString(),
    deadline: account.deadline.toNumber(),
    worker: account.worker?.toBase58() ?? null,
    claimDeadline: account.claimDeadline.toNumber(),
    claims: account.claims,
    contentHash: hex(account.contentHash),
    submittedAt: account.submittedAt.toNumber(),
    clipScore: account.clipScore,
    attestations: account.attestations.map((a) => ({
      verifier: a.verifier.toBase58(),
      authority: a.authority.toBase58(),
      commitment: hex(a.commitment),
      revealed: a.revealed,
      score: a.score,
      agree: a.agree,
    })),
  };
}
