/**
 * Where the CLI acts: RPC URL (`--url`, else ATELIER_RPC_URL, else localnet) and signing keypair
 * (`--keypair`, else ATELIER_KEYPAIR, else the Solana CLI default). All chain access goes through
 * an `@atelier/sdk` client built here.
 */
import { Connection, PublicKey, type Keypair } from "@solana/web3.js";
import { DEFAULT_KEYPAIR_PATH, KeypairFileError, createAtelierClient, keypairWallet, loadKeypair, type AtelierClient } from "@atelier/sdk";
import { CliError, UsageError } from "./cli-error.js";

/** The localnet's default RPC URL. */
export const DEFAULT_RPC_URL = "http://127.0.0.1:8899";

/** Options every command accepts. */
export interface GlobalOptions {
  readonly url?: string;
  readonly keypair?: string;
  readonly json: boolean;
}

/** A signing client and what it was built from. */
export interface CliContext {
  readonly url: string;
  readonly keypair: Keypair;
  readonly client: AtelierClient;
  readonly connection: Connection;
}

/** The RPC URL to use. */
export function resolveUrl({ options, env }: { options: GlobalOptions; env: Readonly<Record<string, string | undefined>> }): string {
  const url = options.url ?? (env.ATELIER_RPC_URL || DEFAULT_RPC_URL);
  if (!URL.canParse(url) || !["http:", "https:"].includes(new URL(url).protocol)) {
    throw new UsageError(`--url must be an http:// or https:// URL, got '${url}'`);
  }
  return url;
}

/** Builds the signing client; a missing or malformed keypair file is a clear `KeypairFileError`. */
export function createCliContext({ options, env }: { options: GlobalOptions; env: Readonly<Record<string, string | undefined>> }): CliContext {
  const url = resolveUrl({ options, env });
  const path = options.keypair ?? (env.ATELIER_KEYPAIR || DEFAULT_KEYPAIR_PATH);
  let keypair: Keypair;
  try {
    keypair = loadKeypair({ path });
  } catch (e) {
    if (e instanceof KeypairFileError) {
      throw new CliError({ name: "KeypairFileError", message: e.message, hint: "pass --keypair <file> or set ATELIER_KEYPAIR (solana-keygen new writes one)" });
    }
    throw e;
  }
  const connection = new Connection(url, { commitment: "confirmed" });
  const programId = env.ATELIER_PROGRAM_ID ? new PublicKey(env.ATELIER_PROGRAM_ID) : undefined;
  const client = createAtelierClient({ connection, wallet: keypairWallet({ keypair }), ...(programId ? { programId } : {}) });
  return { url, keypair, client, connection };
}

/** Refuses to send when the wallet cannot cover `lamports` plus a fee margin (nothing is sent). */
export async function requireBalance({ ctx, lamports, what }: { ctx: CliContext; lamports: bigint; what: string }): Promise<void> {
  const FEE_MARGIN = 10_000_000n; // 0.01 SOL: fees and the rent of the account the instruction creates
  const balance = BigInt(await ctx.connection.getBalance(ctx.keypair.publicKey, "confirmed"));
  if (balance < lamports + FEE_MARGIN) {
    throw new CliError({
      name: "InsufficientBalance",
      message: `wallet ${ctx.keypair.publicKey.toBase58()} holds ${balance} lamports, ${what} needs ${lamports} plus fees`,
      hint: "fund the wallet (on localnet: solana airdrop) or ask for less",
    });
  }
}
