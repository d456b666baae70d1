/**
 * Main-thread handle on onnxruntime sessions living in worker threads. Sessions are created once per
 * process (per worker thread); `run` is async and never blocks the event loop.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { InferenceError, InferenceErrorCode } from "./errors.js";
import { type ExecutionConfig, type ExecutionConfigInput, executionConfigSchema } from "./execution-providers.js";
import type { LoadedSessionInfo, SessionWorkerData, WorkerRequest, WorkerResponse } from "./session-worker.js";
import type { WireTensor } from "./tensors.js";
import type { PrepareSpec } from "./worker-prepare.js";

/** pino-compatible subset. */
export interface InferenceLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export const silentLogger: InferenceLogger = { info: () => {}, warn: () => {} };

export interface SessionHost {
  readonly execution: ExecutionConfig;
  /** What each session really got (per worker thread 0; all workers load the same way). */
  readonly sessions: readonly LoadedSessionInfo[];
  /** `prepare` builds extra feeds inside the worker (CPU-heavy preprocessing off the event loop). */
  run(args: { key: string; feeds: Record<string, WireTensor>; outputs?: readonly string[]; prepare?: PrepareSpec }): Promise<Record<string, WireTensor>>;
  close(args?: { timeoutMs?: number }): Promise<void>;
}

interface Pending {
  resolve(outputs: Record<string, WireTensor>): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

/**
 * The worker entry point. From compiled JS it is session-worker.js. From TypeScript sources (tsx,
 * vitest) a tiny eval'd bootstrap registers tsx's ESM hooks inside the worker, then imports the .ts
 * entry (Node 20 does not carry a parent's `--import tsx` hooks into worker threads reliably).
 */
function createWorker({ workerData }: { workerData: SessionWorkerData }): Worker {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith(".ts")) {
    const require = createRequire(import.meta.url);
    const tsxApi = pathToFileURL(join(dirname(require.resolve("tsx/package.json")), "dist", "esm", "api", "index.mjs")).href;
    const entry = new URL("./session-worker.ts", import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); }).catch((e) => { throw e; });`;
    return new Worker(bootstrap, { eval: true, workerData });
  }
  return new Worker(new URL("./session-worker.js", import.meta.url), { workerData });
}

export async function createSessionHost({
  models,
  execution: executionInput = {},
  logger = silentLogger,
}: {
  /** session key -> absolute .onnx path (verified beforehand by loadModelDir). */
  models: Readonly<Record<string, string>>;
  execution?: ExecutionConfigInput;
  logger?: InferenceLogger;
}): Promise<SessionHost> {
  const execution = executionConfigSchema.parse(executionInput);
  const sessionsList = Object.entries(models).map(([key, path]) => ({ key, path }));
  let nextId = 1;
  let closed = false;

  const startWorker = (workerIndex: number): Promise<{ slot: Slot; infos: LoadedSessionInfo[] }> =>
    new Promise((resolve, reject) => {
      const data: SessionWorkerData = { sessions: sessionsList, execution, workerIndex };
      const worker = createWorker({ workerData: data });
      const slot: Slot = { worker, pending: new Map() };
      let ready = false;
      worker.on("message", (msg: WorkerResponse) => {
        if (msg.type === "ready") {
          ready = true;
          resolve({ slot, infos: msg.sessions });
        } else if (msg.type === "init-error") {
          void worker.terminate();
          reject(new InferenceError({ code: msg.code, message: msg.message }));
        } else if (msg.type === "result" || msg.type === "error") {
          const p = slot.pending.get(msg.id);
          if (!p) return;
          slot.pending.delete(msg.id);
          if (msg.type === "result") p.resolve(msg.outputs);
          else p.reject(new InferenceError({ code: InferenceErrorCode.SessionFailed, message: msg.message }));
        }
      });
      worker.on("error", (error) => {
        const err = new InferenceError({ code: InferenceErrorCode.SessionFailed, message: `session worker ${workerIndex} crashed: ${error.message}`, cause: error });
        if (!ready) reject(err);
        for (const p of slot.pending.values()) p.reject(err);
        slot.pending.clear();
      });
      worker.on("exit", (code) => {
        const err = new InferenceError({ code: InferenceErrorCode.SessionHostClosed, message: `session worker ${workerIndex} exited (code ${code})` });
        if (!ready) reject(err);
        for (const p of slot.pending.values()) p.reject(err);
        slot.pending.clear();
      });
    });

  const started = await Promise.allSettled(Array.from({ length: execution.threads }, (_, i) => startWorker(i)));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    for (const s of started) if (s.status === "fulfilled") await s.value.slot.worker.terminate();
    throw failed.reason;
  }
  const ok = started as PromiseFulfilledResult<{ slot: Slot; infos: LoadedSessionInfo[] }>[];
  const slots = ok.map((s) => s.value.slot);
  const infos = ok[0]!.value.infos;
  for (const info of infos) {
    const log = { session: info.key, provider: info.provider, requested: execution.provider, loadMs: Math.round(info.loadMs), threads: execution.threads };
    if (info.fallbackReason) logger.warn({ ...log, reason: info.fallbackReason }, "inference session fell back to CPU");
    else logger.info(log, "inference session ready");
  }

  return {
    execution,
    sessions: infos,
    run: ({ key, feeds, outputs, prepare }) => {
      if (closed) return Promise.reject(new InferenceError({ code: InferenceErrorCode.SessionHostClosed, message: "session host is closed" }));
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        const msg: WorkerRequest = { type: "run", id, key, feeds, ...(outputs ? { outputs } : {}), ...(prepare ? { prepare } : {}) };
        slot.worker.postMessage(msg); // structured clone: callers keep their buffers
      });
    },
    close: async ({ timeoutMs = 5_000 } = {}) => {
      if (closed) return;
      closed = true;
      await Promise.all(
        slots.map(async (slot) => {
          const exited = new Promise<void>((resolve) => slot.worker.once("exit", () => resolve()));
          slot.worker.postMessage({ type: "close" } satisfies WorkerRequest);
          const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), timeoutMs).unref());
          if ((await Promise.race([exited, timer])) === "timeout") await slot.worker.terminate();
        }),
      );
    },
  };
}
