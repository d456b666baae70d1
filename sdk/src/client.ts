import { AnchorProvider, Program } from "@coral-xyz/anchor";
import { PublicKey, type Commitment, type Connection } from "@solana/web3.js";
import { ATELIER_IDL, type Atelier } from "./generated/atelier.js";
import { ReadOnlyWallet, ReadOnlyWalletError, type Wallet } from "./wallet.js";

/** The program id the committed IDL was built with. */
export const ATELIER_PROGRAM_ID = new PublicKey(ATELIER_IDL.address);

/** Everything an SDK function needs: the typed program, its connection and the acting wallet. */
export interface AtelierClient {
  /** Anchor's IDL-typed program client. */
  readonly program: Program<Atelier>;
  readonly provider: AnchorProvider;
  readonly connection: Connection;
  readonly programId: PublicKey;
  /** The acting wallet: signs and pays for every transaction this client sends. */
  readonly wallet: Wallet;
  /** True when the client was created without a wallet (reads only). */
  readonly readOnly: boolean;
  /** Commitment used for reads and confirmations. */
  readonly commitment: Commitment;
}

/** Options of {@link createAtelierClient}. */
export interface CreateAtelierClientInput {
  connection: Connection;
  /** The acting wallet; leave out for a read-only client. */
  wallet?: Wallet;
  /** The deployed program's address, when it differs from the IDL's. */
  programId?: PublicKey;
  /** Commitment for reads and confirmations (default `confirmed`). */
  commitment?: Commitment;
}

/** Builds an Atelier client over an existing connection. */
export function createAtelierClient({
  connection,
  wallet,
  programId = ATELIER_PROGRAM_ID,
  commitment = "confirmed",
}: CreateAtelierClientInput): AtelierClient {
  const acting = wallet ?? new ReadOnlyWallet();
  const provider = new AnchorProvider(connection, acting, { commitment, preflightCommitment: commitment });
  const idl = { ...ATELIER_IDL, address: programId.toBase58() } as unknown as Atelier;
  const program = new Program<Atelier>(idl, provider);
  return { program, provider, connection, programId, wallet: acting, readOnly: wallet === undefined, commitment };
}

/** The acting wallet's address; fails with {@link ReadOnlyWalletError} on a read-only client. */
export function signerKey({ client }: { client: AtelierClient }): PublicKey {
  if (client.readOnly) throw new ReadOnlyWalletError();
  return client.wallet.publicKey;
}
