/**
 * The chain side of a worker node: one SDK client acting as the node's key. Every chain read and
 * instruction of the pipeline goes through `@atelier/sdk` with this context; nothing else in the
 * workers builds program calls.
 */
import { Connection, type Keypair, PublicKey } from "@solana/web3.js";
import { type AtelierClient, createAtelierClient, keypairWallet, workerPda } from "@atelier/sdk";

/** A node's chain access: its SDK client, its key and its worker (stake) account. */
export interface ChainContext {
  readonly client: AtelierClient;
  readonly keypair: Keypair;
  /** The node's `Worker` PDA (`["worker", authority]`): what the program records as job worker / verifier. */
  readonly workerAccount: PublicKey;
}

/** Build the context for `keypair` against `rpcUrl` (and `wsUrl` for event subscriptions). */
export function createChainContext({
  rpcUrl,
  wsUrl,
  keypair,
  programId,
}: {
  rpcUrl: string;
  wsUrl?: string;
  keypair: Keypair;
  /** The deployed program, when it differs from the committed IDL's. */
  programId?: string;
}): ChainContext {
  const connection = new Connection(rpcUrl, { commitment: "confirmed", ...(wsUrl === undefined ? {} : { wsEndpoint: wsUrl }) });
  const client = createAtelierClient({
    connection,
    wallet: keypairWallet({ keypair }),
    ...(programId === undefined ? {} : { programId: new PublicKey(programId) }),
  });
  return { client, keypair, workerAccount: workerPda({ authority: keypair.publicKey, programId: client.programId }).address };
}
