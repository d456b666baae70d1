import type { PublicKey, TransactionInstruction } from "@solana/web3.js";
import type { AtelierClient } from "../client.js";
import { accountNotFound } from "../errors.js";
import type { SendOptions, SentTransaction } from "../tx.js";
import { sendOne } from "./send.js";

/**
 * `claim_royalties`: pays an artist everything a splitter owes them, to the artist's current
 * payout wallet. Anyone may send it on the artist's behalf.
 */
export interface ClaimRoyaltiesInput {
  client: AtelierClient;
  /** The asset's splitter (`splitterPda({ asset })`). */
  splitter: PublicKey;
  /** The artist's registry account (`artistPda({ authority })`). */
  artist: PublicKey;
  /** The artist's payout wallet; read from the artist account unless given. */
  payout?: PublicKey;
}

async function payoutOf({ client, artist }: { client: AtelierClient; artist: PublicKey }): Promise<PublicKey> {
  const account = await client.program.account.artist.fetchNullable(artist, client.commitment);
  if (!account) throw accountNotFound({ what: "artist", address: artist });
  return account.payout;
}

export async function claimRoyaltiesIx({ client, splitter, artist, payout }: ClaimRoyaltiesInput): Promise<TransactionInstruction> {
  return client.program.methods
    .claimRoyalties()
    .accountsStrict({ splitter, artist, payout: payout ?? (await payoutOf({ client, artist })) })
    .instruction();
}

/** Sends `claim_royalties`; the amount paid is in the `RoyaltiesClaimed` event. */
export async function claimRoyalties(input: ClaimRoyaltiesInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await claimRoyaltiesIx(input) });
}
