// Which cluster a migration talks to, and with which admin wallet.
import { Connection, LAMPORTS_PER_SOL, PublicKey, type Keypair } from "@solana/web3.js";
import { DEFAULT_KEYPAIR_PATH, loadKeypair, waitForSignature } from "@atelier/sdk";

/** The localnet's default JSON-RPC URL. */
export const LOCALNET_URL = "http://127.0.0.1:8899";

/** Command-line options shared by deploy.ts and migrate.ts. */
export interface ClusterOptions {
  url: string;
  /** Admin keypair file (signs and pays for the setup steps). */
  adminPath: string;
  /** Treasury address (defaults to the admin on localnet; required elsewhere). */
  treasury: PublicKey | null;
  /** Program id, when deployed elsewhere than the IDL's address. */
  programId: PublicKey | null;
  /** JSON file of protocol parameters (migrate only). */
  paramsPath: string | undefined;
}

/** Raised for a bad command line or environment: printed without a stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

function pubkeyArg(value: string, what: string): PublicKey {
  try {
    return new PublicKey(value);
  } catch {
    throw new UsageError(`${what} is not a base58 public key: ${value}`);
  }
}

/**
 * Reads `--url`, `--admin`, `--treasury`, `--program-id`, `--params` (or ATELIER_RPC_URL,
 * ATELIER_ADMIN_KEYPAIR, ATELIER_TREASURY, ATELIER_PROGRAM_ID, ATELIER_PARAMS). The URL defaults to localnet.
 */
export function parseClusterOptions({ argv, env }: { argv: readonly string[]; env: NodeJS.ProcessEnv }): ClusterOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const m = /^--(url|admin|treasury|program-id|params)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unknown argument ${arg} (expected --url, --admin, --treasury, --program-id, --params)`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${m[1]} needs a value`);
    flags.set(m[1]!, value);
  }
  const url = flags.get("url") ?? env.ATELIER_RPC_URL ?? LOCALNET_URL;
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--url must be an http(s) JSON-RPC URL, got ${url}`);
  const treasury = flags.get("treasury") ?? env.ATELIER_TREASURY;
  const programId = flags.get("program-id") ?? env.ATELIER_PROGRAM_ID;
  return {
    url,
    adminPath: flags.get("admin") ?? env.ATELIER_ADMIN_KEYPAIR ?? DEFAULT_KEYPAIR_PATH,
    treasury: treasury ? pubkeyArg(treasury, "--treasury") : null,
    programId: programId ? pubkeyArg(programId, "--program-id") : null,
    paramsPath: flags.get("params") ?? env.ATELIER_PARAMS,
  };
}

/** True for a URL on this machine (localnet or a local test validator). */
export function isLocal({ url }: { url: string }): boolean {
  const host = new URL(url).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "::1" || host === "[::1]";
}

/** A connection that fails fast when nothing answers at `url`. */
export async function connectCluster({ url }: { url: string }): Promise<Connection> {
  const connection = new Connection(url, "confirmed");
  try {
    await connection.getLatestBlockhash();
  } catch (e) {
    const hint = isLocal({ url }) ? " Start it with `cargo run -p localnet` (or `npm start`)." : "";
    throw new UsageError(`no Solana JSON-RPC endpoint answers at ${url} (${(e as Error).message}).${hint}`);
  }
  return connection;
}

/** The admin keypair; on a local cluster it is funded from the faucet when it holds under 1 SOL. */
export async function loadAdmin({ connection, path, url }: { connection: Connection; path: string; url: string }): Promise<Keypair> {
  let admin: Keypair;
  try {
    admin = loadKeypair({ path });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}. Create one with \`solana-keygen new -o ${path}\` or pass --admin <file>.`);
  }
  if (isLocal({ url }) && (await connection.getBalance(admin.publicKey)) < LAMPORTS_PER_SOL) {
    const signature = await connection.requestAirdrop(admin.publicKey, 10 * LAMPORTS_PER_SOL);
    await waitForSignature({ connection, signature });
  }
  return admin;
}
