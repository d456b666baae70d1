import { SystemProgram, type PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { signerKey, type AtelierClient } from "../client.js";
import { configPda, jobPda } from "../pda.js";
import type { SendOptions, SentTransaction } from "../tx.js";
import {
  toBN,
  toGenerationParams,
  toPromptEnum,
  type GenerationParamsInput,
  type IntLike,
  type PromptInput,
} from "../types.js";
import { sendOne } from "./send.js";

/**
 * `create_job`: escrows `payment` lamports plus the config's `mintDeposit` (the mint's rent on
 * acceptance; what the mint leaves returns to the client at settlement) for a prompt in the
 * job PDA `["job", client, jobId]`.
 */
export interface CreateJobInput {
  client: AtelierClient;
  /** Client-chosen id, unique per client wallet (part of the job address). */
  jobId: IntLike;
  modelId: string;
  prompt: PromptInput;
  params: GenerationParamsInput;
  /** Lamports escrowed for the work. */
  payment: IntLike;
  /** Unix time after which no worker may claim the job. */
  deadline: IntLike;
}

function jobAddress({ client, jobId }: { client: AtelierClient; jobId: IntLike }): PublicKey {
  return jobPda({ client: signerKey({ client }), jobId: BigInt(jobId.toString()), programId: client.programId }).address;
}

export async function createJobIx(input: CreateJobInput): Promise<TransactionInstruction> {
  const { client, jobId, modelId, prompt, params, payment, deadline } = input;
  return client.program.methods
    .createJob({
      jobId: toBN({ value: jobId, what: "jobId" }),
      modelId,
      prompt: toPromptEnum({ prompt }),
      params: toGenerationParams({ params }),
      payment: toBN({ value: payment, what: "payment" }),
      deadline: toBN({ value: deadline, what: "deadline" }),
    })
    .accountsStrict({
      client: signerKey({ client }),
      config: configPda({ programId: client.programId }).address,
      job: jobAddress({ client, jobId }),
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

/** Sends `create_job`; returns the job address with the signature. */
export async function createJob(input: CreateJobInput & SendOptions): Promise<SentTransaction & { job: PublicKey }> {
  const sent = await sendOne({ input, instruction: await createJobIx(input) });
  return { ...sent, job: jobAddress(input) };
}

/** `cancel_job`: only while the job is open; returns payment and rent to the client. */
export interface CancelJobInput {
  client: AtelierClient;
  job: PublicKey;
}

export async function cancelJobIx({ client, job }: CancelJobInput): Promise<TransactionInstruction> {
  return client.program.methods.cancelJob().accountsStrict({ client: signerKey({ client }), job }).instruction();
}

export async function cancelJob(input: CancelJobInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await cancelJobIx(input) });
}
