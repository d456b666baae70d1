import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { beforeAll, describe, expect, it } from "vitest";
import { InferenceErrorCode } from "../src/inference/errors.js";
import { executionConfigFromEnv, sessionAttempts } from "../src/inference/execution-providers.js";
import { type InferenceLogger, createSessionHost } from "../src/inference/sessions.js";
import { tinyModels } from "./helpers/tiny-models.js";

let vae = "";
beforeAll(async () => {
  vae = join((await tinyModels()).sd, "vae_decoder/model.onnx");
});

function recordingLogger(): InferenceLogger & { lines: { level: string; obj: Record<string, unknown> }[] } {
  const lines: { level: string; obj: Record<string, unknown> }[] = [];
  return { lines, info: (obj) => lines.push({ level: "info", obj: obj as Record<string, unknown> }), warn: (obj) => lines.push({ level: "warn", obj: obj as Record<string, unknown> }) };
}

describe("execution providers", () => {
  it("parses env and never plans a silent CUDA→CPU fallback", () => {
    const cfg = executionConfigFromEnv({ env: { ATELIER_INFERENCE_PROVIDER: "cuda", ATELIER_CUDA_DEVICE_ID: "1" } });
    expect(cfg).toMatchObject({ provider: "cuda", deviceId: 1, allowCpuFallback: false, threads: 1 });
    expect(sessionAttempts({ config: cfg }).map((a) => a.provider)).toEqual(["cuda"]);
    expect(sessionAttempts({ config: { ...cfg, allowCpuFallback: true } }).map((a) => a.provider)).toEqual(["cuda", "cpu"]);
    expect(() => executionConfigFromEnv({ env: { ATELIER_INFERENCE_PROVIDER: "tpu" } })).toThrow();
    expect(() => executionConfigFromEnv({ env: { ATELIER_ALLOW_CPU_FALLBACK: "yes" } })).toThrow();
  });
});

describe("session host (worker threads)", () => {
  it("runs sessions in worker threads and logs the provider each session got", async () => {
    const logger = recordingLogger();
    const host = await createSessionHost({ models: { vae }, logger, execution: { threads: 2 } });
    try {
      expect(host.sessions).toMatchObject([{ key: "vae", provider: "cpu", inputNames: ["latent_sample"], outputNames: ["sample"] }]);
      expect(logger.lines[0]).toMatchObject({ level: "info", obj: { session: "vae", provider: "cpu" } });
      const feeds = { latent_sample: { dtype: "float32" as const, dims: [1, 4, 8, 8], data: new Float32Array(256).fill(0.5) } };
      const outs = await Promise.all(Array.from({ length: 6 }, () => host.run({ key: "vae", feeds })));
      for (const o of outs) {
        expect(o.sample!.dims).toEqual([1, 3, 64, 64]);
        expect(o.sample!.data).toEqual(outs[0]!.sample!.data);
      }
      await expect(host.run({ key: "nope", feeds })).rejects.toMatchObject({ code: InferenceErrorCode.SessionFailed });
    } finally {
      await host.close();
    }
    await expect(host.run({ key: "vae", feeds: {} })).rejects.toMatchObject({ code: InferenceErrorCode.SessionHostClosed });
  });

  it("keeps the event loop responsive while inference runs", async () => {
    const host = await createSessionHost({ models: { vae } });
    try {
      const feeds = { latent_sample: { dtype: "float32" as const, dims: [4, 4, 64, 64], data: new Float32Array(4 * 4 * 64 * 64).fill(0.1) } };
      const h = monitorEventLoopDelay({ resolution: 5 });
      h.enable();
      for (let i = 0; i < 3; i++) await host.run({ key: "vae", feeds });
      h.disable();
      // session.run happens in the worker: the main loop only sees message passing (max is loose for busy CI hosts)
      expect(h.percentile(50) / 1e6).toBeLessThan(20);
      expect(h.max / 1e6).toBeLessThan(1000);
    } finally {
      await host.close();
    }
  });

  it("fails loudly with the reason when CUDA cannot load, or falls back only when allowed", async () => {
    const noCuda = createSessionHost({ models: { vae }, execution: { provider: "cuda" } });
    await expect(noCuda).rejects.toMatchObject({ code: InferenceErrorCode.ProviderUnavailable });
    await expect(noCuda).rejects.toThrow(/CUDA/);
    const logger = recordingLogger();
    const host = await createSessionHost({ models: { vae }, execution: { provider: "cuda", allowCpuFallback: true }, logger });
    try {
      expect(host.sessions[0]).toMatchObject({ provider: "cpu" });
      expect(host.sessions[0]!.fallbackReason).toMatch(/CUDA/);
      expect(logger.lines[0]).toMatchObject({ level: "warn", obj: { session: "vae", provider: "cpu", requested: "cuda" } });
    } finally {
      await host.close();
    }
  });
});
