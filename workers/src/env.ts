/**
 * The worker service's configuration: ONE zod schema for every role, parsed once at start (fail fast).
 * Every variable has a localnet default, so `ATELIER_ROLE=generator tsx workers/src/main.ts` runs
 * against `scripts/redis.sh start` and a local validator with nothing else set. A bad value stops the
 * process with one paragraph naming every bad variable (values are not echoed: URLs may hold secrets).
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The service roles; each is an entry point of the same package. */
export const Role = {
  watcher: "watcher",
  generator: "generator",
  verifier: "verifier",
  crank: "crank",
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Exit status for a configuration error (sysexits.h EX_CONFIG). */
export const EXIT_CONFIG = 78;

/** The tiny generated models (`npm run models:tiny`), the default model directory. */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL("../.models/tiny", import.meta.url));

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/** Empty strings count as unset, so `FOO= cmd` falls back to the default. */
const unsetIfEmpty = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const str = (fallback: string) => z.preprocess(unsetIfEmpty, z.string().default(fallback));
const int = ({ fallback, min, max }: { fallback: number; min: number; max: number }) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(unsetIfEmpty, z.coerce.number({ message }).int({ message }).min(min, { message }).max(max, { message }).default(fallback));
};
const url = ({ fallback, protocols }: { fallback: string; protocols: readonly string[] }) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .default(fallback)
      .refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol), {
        message: `must be a ${protocols.map((p) => `${p}//`).join(" or ")} URL`,
      }),
  );
const bool = (fallback: boolean) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .enum(["true", "false", "1", "0"], { message: "must be true, false, 1 or 0" })
      .default(fallback ? "true" : "false")
      .transform((v) => v === "true" || v === "1"),
  );

/** `cpu`, or a comma-separated list of CUDA device ids (`0,1`): one inference host per device. */
const devices = z.preprocess(
  unsetIfEmpty,
  z
    .string()
    .default("cpu")
    .refine((v) => v === "cpu" || /^\d{1,2}(,\d{1,2})*$/.test(v.replace(/\s/g, "")), {
      message: 'must be "cpu" or CUDA device ids like "0,1"',
    })
    .transform((v) =>
      v === "cpu"
        ? [{ provider: "cpu" as const, deviceId: 0 }]
        : [...new Set(v.replace(/\s/g, "").split(",").map(Number))].map((deviceId) => ({ provider: "cuda" as const, deviceId })),
    ),
);

/** The raw variables, by name. The parsed {@link Env} renames them to camelCase. */
export const envSchema = z.object({
  ATELIER_ROLE: z.preprocess(unsetIfEmpty, z.enum(Object.values(Role) as [Role, ...Role[]], { message: `must be one of ${Object.values(Role).join(", ")}` }).default(Role.generator)),
  ATELIER_REDIS_URL: url({ fallback: "redis://127.0.0.1:6379", protocols: ["redis:", "rediss:"] }),
  ATELIER_QUEUE_PREFIX: z.preprocess(
    unsetIfEmpty,
    z.string().regex(/^[a-z0-9_-]{1,32}$/, "must be 1-32 of a-z 0-9 _ -").default("atelier"),
  ),
  ATELIER_RPC_URL: url({ fallback: "http://127.0.0.1:8899", protocols: ["http:", "https:"] }),
  ATELIER_WS_URL: url({ fallback: "ws://127.0.0.1:8900", protocols: ["ws:", "wss:"] }),
  ATELIER_KEYPAIR: str(join(homedir(), ".config", "solana", "id.json")),
  ATELIER_PROGRAM_ID: z.preprocess(unsetIfEmpty, z.string().regex(BASE58, "must be a base58 public key").optional()),
  ATELIER_DEVICES: devices,
  ATELIER_CONCURRENCY_PER_DEVICE: int({ fallback: 1, min: 1, max: 64 }),
  ATELIER_ALLOW_CPU_FALLBACK: bool(false),
  ATELIER_VERIFY_CONCURRENCY: int({ fallback: 2, min: 1, max: 256 }),
  ATELIER_CRANK_CONCURRENCY: int({ fallback: 1, min: 1, max: 64 }),
  ATELIER_MODEL_DIR: str(DEFAULT_MODEL_DIR),
  ATELIER_BUNDLER_URL: url({ fallback: "http://127.0.0.1:8787", protocols: ["http:", "https:"] }),
  ATELIER_GATEWAY_URL: url({ fallback: "http://127.0.0.1:8787", protocols: ["http:", "https:"] }),
  ATELIER_ADMIN_HOST: str("127.0.0.1"),
  ATELIER_METRICS_PORT: int({ fallback: 9464, min: 0, max: 65535 }),
  ATELIER_LOG_LEVEL: z.preprocess(
    unsetIfEmpty,
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        message: "must be one of fatal, error, warn, info, debug, trace, silent",
      })
      .default("info"),
  ),
  ATELIER_SHUTDOWN_DEADLINE_MS: int({ fallback: 30_000, min: 100, max: 3_600_000 }),
  ATELIER_LOCK_DURATION_MS: int({ fallback: 30_000, min: 100, max: 3_600_000 }),
  ATELIER_STALLED_INTERVAL_MS: int({ fallback: 30_000, min: 100, max: 3_600_000 }),
  ATELIER_MAX_STALLED_COUNT: int({ fallback: 2, min: 0, max: 100 }),
  ATELIER_JOB_ATTEMPTS: int({ fallback: 5, min: 1, max: 100 }),
  ATELIER_BACKOFF_MS: int({ fallback: 2_000, min: 0, max: 3_600_000 }),
  ATELIER_RECONCILE_INTERVAL_MS: int({ fallback: 15_000, min: 100, max: 86_400_000 }),
});

/** Variable names the service reads. */
export type EnvVariable = keyof typeof envSchema.shape;

/** Parsed, typed configuration. */
export interface Env {
  readonly role: Role;
  readonly redisUrl: string;
  /** BullMQ key prefix: several deployments can share one Redis. */
  readonly queuePrefix: string;
  readonly rpcUrl: string;
  readonly wsUrl: string;
  /** Path of the node's Solana keypair JSON (the worker's signing key). */
  readonly keypairPath: string;
  readonly programId?: string;
  /** One entry per inference device; the generator runs `concurrencyPerDevice` jobs on each. */
  readonly devices: readonly { readonly provider: "cpu" | "cuda"; readonly deviceId: number }[];
  readonly concurrencyPerDevice: number;
  readonly allowCpuFallback: boolean;
  readonly verifyConcurrency: number;
  readonly crankConcurrency: number;
  readonly modelDir: string;
  readonly bundlerUrl: string;
  readonly gatewayUrl: string;
  /** Host and port of the admin HTTP server (/metrics, /healthz, /admin/queues); port 0 = any free port. */
  readonly adminHost: string;
  readonly metricsPort: number;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  readonly shutdownDeadlineMs: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly maxStalledCount: number;
  readonly jobAttempts: number;
  readonly backoffMs: number;
  readonly reconcileIntervalMs: number;
}

/** One bad variable. */
export interface EnvProblem {
  readonly variable: string;
  readonly message: string;
}

/** Thrown by {@link parseEnv}; `problems` lists every bad variable, not just the first. */
export class EnvError extends Error {
  readonly code = "ENV_INVALID" as const;
  readonly problems: readonly EnvProblem[];

  constructor({ problems }: { problems: readonly EnvProblem[] }) {
    super(
      `Invalid configuration (${problems.length} variable${problems.length === 1 ? "" : "s"}): ` +
        problems.map((p) => `${p.variable} ${p.message}`).join("; ") +
        ". Fix the environment and start again; docs/pipeline.md lists every variable and its default.",
    );
    this.name = "EnvError";
    this.problems = problems;
  }
}

/** Parse and validate the environment; throws {@link EnvError} listing every bad variable. */
export function parseEnv({ source }: { source: Readonly<Record<string, string | undefined>> }): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? "environment"),
      message: issue.message,
    }));
    throw new EnvError({ problems });
  }
  const e = result.data;
  return {
    role: e.ATELIER_ROLE,
    redisUrl: e.ATELIER_REDIS_URL,
    queuePrefix: e.ATELIER_QUEUE_PREFIX,
    rpcUrl: e.ATELIER_RPC_URL,
    wsUrl: e.ATELIER_WS_URL,
    keypairPath: e.ATELIER_KEYPAIR,
    ...(e.ATELIER_PROGRAM_ID === undefined ? {} : { programId: e.ATELIER_PROGRAM_ID }),
    devices: e.ATELIER_DEVICES,
    concurrencyPerDevice: e.ATELIER_CONCURRENCY_PER_DEVICE,
    allowCpuFallback: e.ATELIER_ALLOW_CPU_FALLBACK,
    verifyConcurrency: e.ATELIER_VERIFY_CONCURRENCY,
    crankConcurrency: e.ATELIER_CRANK_CONCURRENCY,
    modelDir: e.ATELIER_MODEL_DIR,
    bundlerUrl: e.ATELIER_BUNDLER_URL,
    gatewayUrl: e.ATELIER_GATEWAY_URL,
    adminHost: e.ATELIER_ADMIN_HOST,
    metricsPort: e.ATELIER_METRICS_PORT,
    logLevel: e.ATELIER_LOG_LEVEL,
    shutdownDeadlineMs: e.ATELIER_SHUTDOWN_DEADLINE_MS,
    lockDurationMs: e.ATELIER_LOCK_DURATION_MS,
    stalledIntervalMs: e.ATELIER_STALLED_INTERVAL_MS,
    maxStalledCount: e.ATELIER_MAX_STALLED_COUNT,
    jobAttempts: e.ATELIER_JOB_ATTEMPTS,
    backoffMs: e.ATELIER_BACKOFF_MS,
    reconcileIntervalMs: e.ATELIER_RECONCILE_INTERVAL_MS,
  };
}

/** Total generator concurrency: `concurrencyPerDevice` jobs on each device. */
export function generatorConcurrency({ env }: { env: Pick<Env, "devices" | "concurrencyPerDevice"> }): number {
  return env.devices.length * env.concurrencyPerDevice;
}

/**
 * Parse the environment at start; on bad input print the one-paragraph error to stderr (no stack
 * trace) and exit with {@link EXIT_CONFIG}.
 */
export function loadEnvOrExit({
  source = process.env,
  exit = (code: number) => process.exit(code),
  write = (line: string) => process.stderr.write(line),
}: {
  source?: Readonly<Record<string, string | undefined>>;
  exit?: (code: number) => never | void;
  write?: (line: string) => void;
} = {}): Env {
  try {
    return parseEnv({ source });
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    write(`${error.message}\n`);
    exit(EXIT_CONFIG);
    throw error;
  }
}
