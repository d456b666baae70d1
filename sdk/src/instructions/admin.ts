import { SystemProgram, type PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { signerKey, type AtelierClient } from "../client.js";
import { CORE_PROGRAM_ID } from "../core.js";
import { collectionAuthorityPda, collectionPda, configPda, mintPayerPda, programDataPda } from "../pda.js";
import type { SendOptions, SentTransaction } from "../tx.js";
import { toProtocolParams, type ProtocolParamsInput } from "../types.js";
import { sendOne } from "./send.js";

/**
 * `initialize_config`: the client's wallet becomes admin. It must be the program's upgrade
 * authority (the key that deployed it: `NotUpgradeAuthority` otherwise), so nobody can take a
 * fresh deployment's config first. The treasury must be rent-exempt.
 */
export interface InitializeConfigInput {
  client: AtelierClient;
  treasury: PublicKey;
  params: ProtocolParamsInput;
}

export async function initializeConfigIx({ client, treasury, params }: InitializeConfigInput): Promise<TransactionInstruction> {
  return client.program.methods
    .initializeConfig(toProtocolParams({ params }))
    .accountsStrict({
      admin: signerKey({ client }),
      programData: programDataPda({ programId: client.programId }).address,
      config: configPda({ programId: client.programId }).address,
      treasury,
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

/** Sends `initialize_config`; returns the config address with the signature. */
export async function initializeConfig(input: InitializeConfigInput & SendOptions): Promise<SentTransaction & { config: PublicKey }> {
  const sent = await sendOne({ input, instruction: await initializeConfigIx(input) });
  return { ...sent, config: configPda({ programId: input.client.programId }).address };
}

/**
 * `update_config`: replaces treasury and parameters (admin only). Another `admin` is only
 * proposed: it becomes admin when it signs `accept_admin` (the current admin withdraws a
 * proposal by passing itself).
 */
export interface UpdateConfigInput {
  client: AtelierClient;
  /** The admin to hand over to (the current one to keep it). */
  admin: PublicKey;
  treasury: PublicKey;
  params: ProtocolParamsInput;
}

export async function updateConfigIx({ client, admin, treasury, params }: UpdateConfigInput): Promise<TransactionInstruction> {
  return client.program.methods
    .updateConfig({ admin, params: toProtocolParams({ params }) })
    .accountsStrict({ admin: signerKey({ client }), config: configPda({ programId: client.programId }).address, treasury })
    .instruction();
}

export async function updateConfig(input: UpdateConfigInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await updateConfigIx(input) });
}

/** `accept_admin`: the pending admin (the client's wallet) takes over. */
export interface AcceptAdminInput {
  client: AtelierClient;
}

export async function acceptAdminIx({ client }: AcceptAdminInput): Promise<TransactionInstruction> {
  return client.program.methods
    .acceptAdmin()
    .accountsStrict({ newAdmin: signerKey({ client }), config: configPda({ programId: client.programId }).address })
    .instruction();
}

export async function acceptAdmin(input: AcceptAdminInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await acceptAdminIx(input) });
}

/** `set_paused`: pauses or resumes new activity (admin only). */
export interface SetPausedInput {
  client: AtelierClient;
  paused: boolean;
}

export async function setPausedIx({ client, paused }: SetPausedInput): Promise<TransactionInstruction> {
  return client.program.methods
    .setPaused(paused)
    .accountsStrict({ admin: signerKey({ client }), config: configPda({ programId: client.programId }).address })
    .instruction();
}

export async function setPaused(input: SetPausedInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await setPausedIx(input) });
}

/** `initialize_collection`: creates the Core collection every Atelier asset belongs to (admin only, once). */
export interface InitializeCollectionInput {
  client: AtelierClient;
  /** Collection name, 1 to 32 bytes. */
  name: string;
  /** Collection metadata URI, 1 to 200 bytes. */
  uri: string;
}

export async function initializeCollectionIx({ client, name, uri }: InitializeCollectionInput): Promise<TransactionInstruction> {
  const programId = client.programId;
  return client.program.methods
    .initializeCollection({ name, uri })
    .accountsStrict({
      admin: signerKey({ client }),
      config: configPda({ programId }).address,
      collection: collectionPda({ programId }).address,
      collectionAuthority: collectionAuthorityPda({ programId }).address,
      mintPayer: mintPayerPda({ programId }).address,
      coreProgram: CORE_PROGRAM_ID,
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

/** Sends `initialize_collection`; returns the collection address with the signature. */
export async function initializeCollection(
  input: InitializeCollectionInput & SendOptions,
): Promise<SentTransaction & { collection: PublicKey }> {
  const sent = await sendOne({ input, instruction: await initializeCollectionIx(input) });
  return { ...sent, collection: collectionPda({ programId: input.client.programId }).address };
}
