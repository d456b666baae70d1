import type { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { signerKey, type AtelierClient } from "../client.js";
import { configPda, workerPda } from "../pda.js";
import type { SendOptions, SentTransaction } from "../tx.js";
import { sendOne } from "./send.js";

/**
 * `attest_result`: a staked, active worker other than the job's (and not the job's client)
 * records its own CLIP score (cosine × 10000) and whether it agrees, once per job, within the
 * verification window and until either side holds the quorum (`AttestationClosed`). An agreeing
 * vote needs a score at or above the CLIP floor (`AgreeBelowFloor`).
 */
export interface AttestResultInput {
  client: AtelierClient;
  job: PublicKey;
  score: number;
  agree: boolean;
}

export async function attestResultIx({ client, job, score, agree }: AttestResultInput): Promise<TransactionInstruction> {
  const authority = signerKey({ client });
  return client.program.methods
    .attestResult({ score, agree })
    .accountsStrict({
      authority,
      config: configPda({ programId: client.programId }).address,
      verifier: workerPda({ authority, programId: client.programId }).address,
      job,
    })
    .instruction();
}

export async function attestResult(input: AttestResultInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await attestResultIx(input) });
}
