/**
 * Execution-provider configuration: CUDA on GPU nodes, CPU for development and tests. A CUDA failure is
 * fatal (with onnxruntime's reason) unless CPU fallback is explicitly allowed.
 */
import { z } from "zod";

export const ExecutionProvider = { cpu: "cpu", cuda: "cuda" } as const;
export type ExecutionProvider = (typeof ExecutionProvider)[keyof typeof ExecutionProvider];

export const executionConfigSchema = z.object({
  provider: z.enum(["cpu", "cuda"]).default("cpu"),
  deviceId: z.number().int().nonnegative().default(0),
  allowCpuFallback: z.boolean().default(false),
  /** 0 = automatic: CPU uses (cores − 1) / threads per session (min 1), CUDA uses 1. */
  intraOpThreads: z.number().int().nonnegative().default(0),
  /** Worker threads hosting sessions (each loads every session once). */
  threads: z.number().int().min(1).max(16).default(1),
});
export type ExecutionConfig = z.infer<typeof executionConfigSchema>;
export type ExecutionConfigInput = z.input<typeof executionConfigSchema>;

const boolFromEnv = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === "true" || v === "1"));

/** Read `ATELIER_INFERENCE_*` variables (fail fast on bad values). */
export function executionConfigFromEnv({ env }: { env: Readonly<Record<string, string | undefined>> }): ExecutionConfig {
  const e = z
    .object({
      ATELIER_INFERENCE_PROVIDER: z.enum(["cpu", "cuda"]).optional(),
      ATELIER_CUDA_DEVICE_ID: z.coerce.number().int().nonnegative().optional(),
      ATELIER_ALLOW_CPU_FALLBACK: boolFromEnv,
      ATELIER_INFERENCE_INTRA_OP_THREADS: z.coerce.number().int().nonnegative().optional(),
      ATELIER_INFERENCE_THREADS: z.coerce.number().int().min(1).max(16).optional(),
    })
    .parse(env);
  return executionConfigSchema.parse({
    provider: e.ATELIER_INFERENCE_PROVIDER,
    deviceId: e.ATELIER_CUDA_DEVICE_ID,
    allowCpuFallback: e.ATELIER_ALLOW_CPU_FALLBACK,
    intraOpThreads: e.ATELIER_INFERENCE_INTRA_OP_THREADS,
    threads: e.ATELIER_INFERENCE_THREADS,
  });
}

export interface SessionAttempt {
  readonly provider: ExecutionProvider;
  /** onnxruntime `executionProviders` option. */
  readonly executionProviders: readonly (string | { name: string; deviceId?: number })[];
  readonly isFallback: boolean;
}

/** Ordered provider attempts for a session. CUDA never silently degrades unless `allowCpuFallback`. */
export function sessionAttempts({ config }: { config: ExecutionConfig }): SessionAttempt[] {
  const cpu: SessionAttempt = { provider: "cpu", executionProviders: ["cpu"], isFallback: false };
  if (config.provider === "cpu") return [cpu];
  const cuda: SessionAttempt = { provider: "cuda", executionProviders: [{ name: "cuda", deviceId: config.deviceId }], isFallback: false };
  return config.allowCpuFallback ? [cuda, { ...cpu, isFallback: true }] : [cuda];
}
