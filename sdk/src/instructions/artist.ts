import { SystemProgram, type PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { signerKey, type AtelierClient } from "../client.js";
import { artistPda, configPda } from "../pda.js";
import type { SendOptions, SentTransaction } from "../tx.js";
import { toHashArray } from "../types.js";
import { sendOne } from "./send.js";

/** An artist's profile: payout wallet, display name (≤ 32 bytes), catalog URI (≤ 200) and its sha256. */
export interface ArtistProfileInput {
  client: AtelierClient;
  payout: PublicKey;
  displayName: string;
  catalogUri: string;
  catalogHash: Uint8Array | number[];
}

function profileArgs({ payout, displayName, catalogUri, catalogHash }: ArtistProfileInput) {
  return { payout, displayName, catalogUri, catalogHash: toHashArray({ hash: catalogHash, what: "catalog hash" }) };
}

/** `register_artist`: the client's wallet opts in as an artist. */
export async function registerArtistIx(input: ArtistProfileInput): Promise<TransactionInstruction> {
  const { client } = input;
  const authority = signerKey({ client });
  return client.program.methods
    .registerArtist(profileArgs(input))
    .accountsStrict({
      authority,
      config: configPda({ programId: client.programId }).address,
      artist: artistPda({ authority, programId: client.programId }).address,
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

/** Sends `register_artist`; returns the artist account with the signature. */
export async function registerArtist(input: ArtistProfileInput & SendOptions): Promise<SentTransaction & { artist: PublicKey }> {
  const sent = await sendOne({ input, instruction: await registerArtistIx(input) });
  return { ...sent, artist: artistPda({ authority: signerKey(input), programId: input.client.programId }).address };
}

/** `update_artist`: new payout, name or catalog (also after opting out). */
export async function updateArtistIx(input: ArtistProfileInput): Promise<TransactionInstruction> {
  const { client } = input;
  const authority = signerKey({ client });
  return client.program.methods
    .updateArtist(profileArgs(input))
    .accountsStrict({ authority, artist: artistPda({ authority, programId: client.programId }).address })
    .instruction();
}

export async function updateArtist(input: ArtistProfileInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await updateArtistIx(input) });
}

/** `opt_out_artist`: no new image may name this artist; earned royalties keep flowing. */
export async function optOutArtistIx({ client }: { client: AtelierClient }): Promise<TransactionInstruction> {
  const authority = signerKey({ client });
  return client.program.methods
    .optOutArtist()
    .accountsStrict({ authority, artist: artistPda({ authority, programId: client.programId }).address })
    .instruction();
}

export async function optOutArtist(input: { client: AtelierClient } & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await optOutArtistIx(input) });
}
