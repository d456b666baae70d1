/**
 * LOCAL BUNDLER STAND-IN: options from environment variables and command-line flags (flags win),
 * validated with zod so a bad value stops the process with a clear message.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import type { LocalBundlerOptions } from "./server.js";

const lamports = z.string().regex(/^\d{1,19}$/, "must be a whole number of lamports").transform((s) => BigInt(s));

const configSchema = z.object({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65_535).default(0),
  dataDir: z.string().min(1).optional(),
  keyFile: z.string().min(1).optional(),
  rpcUrl: z.url().optional(),
  lamportsPerByte: lamports.default(0n),
  baseFeeLamports: lamports.default(0n),
  fundingCommitment: z.enum(["confirmed", "finalized"]).default("confirmed"),
  maxItemBytes: z.coerce.number().int().positive().optional(),
});

const FLAGS = {
  host: "LOCAL_BUNDLER_HOST",
  port: "LOCAL_BUNDLER_PORT",
  "data-dir": "LOCAL_BUNDLER_DATA_DIR",
  "key-file": "LOCAL_BUNDLER_KEY_FILE",
  "rpc-url": "LOCAL_BUNDLER_RPC_URL",
  "lamports-per-byte": "LOCAL_BUNDLER_LAMPORTS_PER_BYTE",
  "base-fee-lamports": "LOCAL_BUNDLER_BASE_FEE_LAMPORTS",
  "funding-commitment": "LOCAL_BUNDLER_FUNDING_COMMITMENT",
  "max-item-bytes": "LOCAL_BUNDLER_MAX_ITEM_BYTES",
} as const;

/** Usage text listing each flag and its environment variable. */
export const USAGE = `usage: local-bundler [flags]   (LOCAL BUNDLER STAND-IN for Irys + an Arweave gateway)\n${Object.entries(FLAGS)
  .map(([flag, env]) => `  --${flag.padEnd(20)} or ${env}`)
  .join("\n")}`;

/** Parses `argv` and `env` into stand-in options; throws an Error with every problem listed. */
export function parseLocalBundlerConfig({ argv, env }: { argv: string[]; env: NodeJS.ProcessEnv }): LocalBundlerOptions {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.keys(FLAGS).map((k) => [k, { type: "string" as const }])),
    strict: true,
  });
  const raw: Record<string, string | undefined> = {};
  for (const [flag, envName] of Object.entries(FLAGS)) {
    const key = flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    raw[key] = (values[flag] as string | undefined) ?? env[envName];
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid local-bundler config: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const c = parsed.data;
  return {
    host: c.host,
    port: c.port,
    dataDir: c.dataDir,
    keyFile: c.keyFile,
    rpcUrl: c.rpcUrl,
    pricing: { lamportsPerByte: c.lamportsPerByte, baseFeeLamports: c.baseFeeLamports },
    fundingCommitment: c.fundingCommitment,
    maxItemBytes: c.maxItemBytes,
  };
}
