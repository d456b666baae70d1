import {
  AddressLookupTableProgram,
  ComputeBudgetProgram,
  PACKET_DATA_SIZE,
  TransactionMessage,
  VersionedTransaction,
  type AddressLookupTableAccount,
  type Connection,
  type PublicKey,
  type Signer,
  type TransactionInstruction,
} from "@solana/web3.js";
import { signerKey, type AtelierClient } from "./client.js";
import { AtelierError, ERROR_SOURCE, fromTransactionError, toAtelierError } from "./errors.js";

/** Options every send-and-confirm function accepts. */
export interface SendOptions {
  /** Extra signers besides the client's wallet. */
  signers?: Signer[];
  /** Adds a `SetComputeUnitLimit` instruction. */
  computeUnitLimit?: number;
  /** Adds a `SetComputeUnitPrice` instruction (micro-lamports per compute unit). */
  computeUnitPriceMicroLamports?: number;
  /** Address lookup tables: when given, the transaction is sent as v0. */
  lookupTables?: AddressLookupTableAccount[];
  /** Simulate first and fail with the program's error without paying a fee (default true). */
  preflight?: boolean;
  /** Give up confirming after this many milliseconds even if the blockhash is still valid (default 60 s). */
  timeoutMs?: number;
}

/** A confirmed transaction. */
export interface SentTransaction {
  signature: string;
  slot: number;
}

/** Builds, signs, sends and confirms instructions, with typed errors. See {@link SendOptions}. */
export async function sendInstructions({
  client,
  instructions,
  signers = [],
  computeUnitLimit,
  computeUnitPriceMicroLamports,
  lookupTables,
  preflight = true,
  timeoutMs = 60_000,
}: SendOptions & { client: AtelierClient; instructions: TransactionInstruction[] }): Promise<SentTransaction> {
  const payer = signerKey({ client });
  const { connection, commitment } = client;
  const budget: TransactionInstruction[] = [];
  if (computeUnitLimit !== undefined) budget.push(ComputeBudgetProgram.setComputeUnitLimit({ units: computeUnitLimit }));
  if (computeUnitPriceMicroLamports !== undefined) {
    budget.push(ComputeBudgetProgram.setComputeUnitPrice({ microLamports: computeUnitPriceMicroLamports }));
  }
  try {
    const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash(commitment);
    const message = new TransactionMessage({ payerKey: payer, recentBlockhash: blockhash, instructions: [...budget, ...instructions] });
    const tx = new VersionedTransaction(
      lookupTables ? message.compileToV0Message(lookupTables) : message.compileToLegacyMessage(),
    );
    if (signers.length > 0) tx.sign(signers);
    await client.wallet.signTransaction(tx);
    const raw = serializeChecked({ tx, v0: lookupTables !== undefined });
    const programId = client.programId.toBase58();
    if (preflight) {
      const sim = await connection.simulateTransaction(tx, { commitment, sigVerify: false });
      if (sim.value.err) throw fromTransactionError({ err: sim.value.err, logs: sim.value.logs ?? [], programId });
    }
    const signature = await connection.sendRawTransaction(raw, { skipPreflight: true, maxRetries: 0 });
    return await confirm({ client, signature, lastValidBlockHeight, timeoutMs, raw });
  } catch (e) {
    throw toAtelierError(e);
  }
}

/**
 * Simulates instructions as the client's wallet would send them (unsigned: signatures are not
 * verified) and returns the program's typed error, or null when they would succeed. For asking
 * the chain a question whose answer is its own decision (e.g. "am I drawn to verify this job?").
 */
export async function simulateInstructions({
  client,
  instructions,
}: {
  client: AtelierClient;
  instructions: TransactionInstruction[];
}): Promise<AtelierError | null> {
  const { connection, commitment } = client;
  try {
    const { blockhash } = await connection.getLatestBlockhash(commitment);
    const message = new TransactionMessage({ payerKey: signerKey({ client }), recentBlockhash: blockhash, instructions });
    const tx = new VersionedTransaction(message.compileToLegacyMessage());
    const sim = await connection.simulateTransaction(tx, { commitment, sigVerify: false });
    if (!sim.value.err) return null;
    return fromTransactionError({ err: sim.value.err, logs: sim.value.logs ?? [], programId: client.programId.toBase58() });
  } catch (e) {
    throw toAtelierError(e);
  }
}

/** Serializes a signed transaction, failing with `TransactionTooLarge` above the 1232-byte packet limit. */
function serializeChecked({ tx, v0 }: { tx: VersionedTransaction; v0: boolean }): Uint8Array {
  const hint = v0 ? "" : "; pass lookupTables to send it as a v0 transaction (e.g. submit_result naming more than 11 artists)";
  let raw: Uint8Array;
  try {
    raw = tx.serialize();
  } catch (e) {
    throw new AtelierError({
      name: "TransactionTooLarge",
      code: null,
      source: ERROR_SOURCE.runtime,
      message: `the transaction does not fit a ${PACKET_DATA_SIZE}-byte packet${hint}`,
      cause: e,
    });
  }
  if (raw.length > PACKET_DATA_SIZE) {
    throw new AtelierError({
      name: "TransactionTooLarge",
      code: null,
      source: ERROR_SOURCE.runtime,
      message: `the transaction is ${raw.length} bytes, over the ${PACKET_DATA_SIZE}-byte packet limit${hint}`,
    });
  }
  return raw;
}

/**
 * Polls the signature's status until it reaches the client's commitment, rebroadcasting while
 * the blockhash is valid; fails with `BlockhashExpired` once it is not, or with the program's
 * typed error when the transaction failed on chain.
 */
async function confirm({
  client,
  signature,
  lastValidBlockHeight,
  timeoutMs,
  raw,
}: {
  client: AtelierClient;
  signature: string;
  lastValidBlockHeight: number;
  timeoutMs: number;
  raw: Uint8Array;
}): Promise<SentTransaction> {
  const { connection, commitment } = client;
  const started = Date.now();
  let delay = 20;
  for (let attempt = 0; ; attempt++) {
    const { value } = await connection.getSignatureStatuses([signature]);
    const status = value[0];
    if (status) {
      const reached =
        status.confirmationStatus === "finalized" ||
        (status.confirmationStatus === "confirmed" && commitment !== "finalized") ||
        commitment === "processed";
      if (status.err) {
        const tx = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
        throw fromTransactionError({
          err: status.err,
          logs: tx?.meta?.logMessages ?? [],
          signature,
          programId: client.programId.toBase58(),
        });
      }
      if (reached) return { signature, slot: status.slot };
    } else {
      const height = await connection.getBlockHeight(commitment);
      if (height > lastValidBlockHeight) {
        throw new AtelierError({
          name: "BlockhashExpired",
          code: null,
          source: ERROR_SOURCE.runtime,
          message: `transaction ${signature} was not confirmed before its blockhash expired (block height ${height} > ${lastValidBlockHeight})`,
          signature,
        });
      }
      if (attempt > 0 && attempt % 25 === 0) await connection.sendRawTransaction(raw, { skipPreflight: true, maxRetries: 0 });
    }
    if (Date.now() - started > timeoutMs) {
      throw new AtelierError({
        name: "ConfirmationTimeout",
        code: null,
        source: ERROR_SOURCE.runtime,
        message: `transaction ${signature} was not confirmed within ${timeoutMs} ms; it may still land`,
        signature,
      });
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
}

/**
 * Waits for a signature to be confirmed by polling `getSignatureStatuses` (no WebSocket needed):
 * for transactions sent elsewhere, such as a faucet airdrop. Fails with the transaction's error.
 */
export async function waitForSignature({
  connection,
  signature,
  timeoutMs = 30_000,
}: {
  connection: Connection;
  signature: string;
  timeoutMs?: number;
}): Promise<void> {
  const started = Date.now();
  for (;;) {
    const status = (await connection.getSignatureStatuses([signature])).value[0];
    if (status?.err) throw fromTransactionError({ err: status.err, signature });
    if (status?.confirmationStatus === "confirmed" || status?.confirmationStatus === "finalized") return;
    if (Date.now() - started > timeoutMs) {
      throw new AtelierError({
        name: "ConfirmationTimeout",
        code: null,
        source: ERROR_SOURCE.runtime,
        message: `transaction ${signature} was not confirmed within ${timeoutMs} ms`,
        signature,
      });
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Creates an address lookup table holding `addresses` (for v0 transactions such as a
 * `submit_result` naming 12 to 16 artists) and waits until it can be used. Needs the cluster's
 * lookup-table program: localnet has none (a core BPF program since Agave 2.x, which
 * solana-program-test does not load) and refuses it with `UnsupportedProgramId`.
 */
export async function createLookupTable({
  client,
  addresses,
  timeoutMs = 30_000,
}: {
  client: AtelierClient;
  addresses: PublicKey[];
  timeoutMs?: number;
}): Promise<AddressLookupTableAccount> {
  const authority = signerKey({ client });
  const { connection, commitment } = client;
  const recentSlot = await connection.getSlot("finalized");
  const [create, table] = AddressLookupTableProgram.createLookupTable({ authority, payer: authority, recentSlot });
  await sendInstructions({ client, instructions: [create] });
  let lastSlot = 0;
  // An extend instruction carries at most about 30 addresses in one packet.
  for (let i = 0; i < addresses.length; i += 20) {
    const extend = AddressLookupTableProgram.extendLookupTable({
      lookupTable: table,
      authority,
      payer: authority,
      addresses: addresses.slice(i, i + 20),
    });
    lastSlot = (await sendInstructions({ client, instructions: [extend] })).slot;
  }
  // Addresses added in slot S are usable from slot S + 1.
  const started = Date.now();
  while ((await connection.getSlot(commitment)) <= lastSlot) {
    if (Date.now() - started > timeoutMs) {
      throw new AtelierError({
        name: "LookupTableNotActive",
        code: null,
        source: ERROR_SOURCE.runtime,
        message: `lookup table ${table.toBase58()} did not become usable within ${timeoutMs} ms (the slot did not advance)`,
      });
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const account = (await connection.getAddressLookupTable(table, { commitment })).value;
  if (!account) {
    throw new AtelierError({
      name: "LookupTableNotFound",
      code: null,
      source: ERROR_SOURCE.runtime,
      message: `lookup table ${table.toBase58()} was created but cannot be read back`,
    });
  }
  return account;
}
