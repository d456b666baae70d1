import type { TransactionInstruction } from "@solana/web3.js";
import type { AtelierClient } from "../client.js";
import { sendInstructions, type SendOptions, type SentTransaction } from "../tx.js";

/** Sends one instruction built by a role module with the caller's send options. */
export async function sendOne({
  input,
  instruction,
}: {
  input: SendOptions & { client: AtelierClient };
  instruction: TransactionInstruction;
}): Promise<SentTransaction> {
  const { client, signers, computeUnitLimit, computeUnitPriceMicroLamports, lookupTables, preflight, timeoutMs } = input;
  return sendInstructions({
    client,
    instructions: [instruction],
    signers,
    computeUnitLimit,
    computeUnitPriceMicroLamports,
    lookupTables,
    preflight,
    timeoutMs,
  });
}
