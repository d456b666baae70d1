/**
 * Worker-thread host for onnxruntime sessions. Sessions are created once when the worker starts; each
 * `run` message executes `session.run` here so the main event loop never blocks on inference.
 */
import { availableParallelism } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import * as ort from "onnxruntime-node";
import { type ExecutionConfig, sessionAttempts } from "./execution-providers.js";
import type { WireTensor } from "./tensors.js";
import { type PrepareSpec, applyPrepare } from "./worker-prepare.js";

export interface SessionWorkerData {
  readonly sessions: readonly { key: string; path: string }[];
  readonly execution: ExecutionConfig;
  readonly workerIndex: number;
}

export interface LoadedSessionInfo {
  readonly key: string;
  readonly provider: "cpu" | "cuda";
  /** Why the configured provider was not used (CPU fallback), if it was not. */
  readonly fallbackReason?: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Element type per tensor input/output as onnxruntime reports it (e.g. "float16"). */
  readonly tensorTypes: Readonly<Record<string, string>>;
  readonly loadMs: number;
}

export type WorkerRequest =
  | { type: "run"; id: number; key: string; feeds: Record<string, WireTensor>; outputs?: readonly string[]; prepare?: PrepareSpec }
  | { type: "close" };

export type WorkerResponse =
  | { type: "ready"; sessions: LoadedSessionInfo[] }
  | { type: "init-error"; key: string; code: "PROVIDER_UNAVAILABLE" | "MODEL_CORRUPT"; message: string }
  | { type: "result"; id: number; outputs: Record<string, WireTensor>; ms: number }
  | { type: "error"; id: number; message: string };

const port = parentPort;
if (!port) throw new Error("session-worker must run in a worker thread");
const data = workerData as SessionWorkerData;
const sessions = new Map<string, ort.InferenceSession>();

/**
 * Configured intra-op threads, or for CPU by default one per core minus one (per worker thread), so the
 * main event loop keeps a core: on small machines onnxruntime's spinning pool otherwise starves it.
 */
function intraOpThreads(provider: "cpu" | "cuda"): number {
  if (data.execution.intraOpThreads > 0) return data.execution.intraOpThreads;
  if (provider === "cuda") return 1;
  return Math.max(1, Math.floor((availableParallelism() - 1) / data.execution.threads));
}

async function load(): Promise<LoadedSessionInfo[]> {
  const infos: LoadedSessionInfo[] = [];
  for (const { key, path } of data.sessions) {
    const attempts = sessionAttempts({ config: data.execution });
    let failure: string | undefined;
    let loaded = false;
    for (const attempt of attempts) {
      const t0 = performance.now();
      try {
        const session = await ort.InferenceSession.create(path, {
          executionProviders: attempt.executionProviders as ort.InferenceSession.ExecutionProviderConfig[],
          graphOptimizationLevel: "all",
          intraOpNumThreads: intraOpThreads(attempt.provider),
        });
        sessions.set(key, session);
        infos.push({
          key,
          provider: attempt.provider,
          ...(failure ? { fallbackReason: failure } : {}),
          inputNames: session.inputNames,
          outputNames: session.outputNames,
          tensorTypes: Object.fromEntries(
            [...session.inputMetadata, ...session.outputMetadata].flatMap((m) => (m.isTensor ? [[m.name, String(m.type)]] : [])),
          ),
          loadMs: performance.now() - t0,
        });
        loaded = true;
        break;
      } catch (error) {
        const reason = (error as Error).message;
        if (attempt.provider === "cuda") {
          failure = `CUDA execution provider (device ${data.execution.deviceId}) failed for ${key}: ${reason}`;
          continue;
        }
        port!.postMessage({ type: "init-error", key, code: "MODEL_CORRUPT", message: `cannot create session ${key} from ${path}: ${reason}` } satisfies WorkerResponse);
        return [];
      }
    }
    if (!loaded) {
      port!.postMessage({
        type: "init-error",
        key,
        code: "PROVIDER_UNAVAILABLE",
        message: `${failure ?? "CUDA provider failed"} (CUDA 12 + cuDNN 9 and the onnxruntime-node CUDA binaries are required; set allowCpuFallback to run on CPU instead)`,
      } satisfies WorkerResponse);
      return [];
    }
  }
  return infos;
}

function toOrt(t: WireTensor): ort.Tensor {
  return new ort.Tensor(t.dtype, t.data as never, t.dims as number[]);
}

async function run(req: Extract<WorkerRequest, { type: "run" }>): Promise<void> {
  const session = sessions.get(req.key);
  try {
    if (!session) throw new Error(`no session ${req.key} in this worker`);
    const feeds: Record<string, ort.Tensor> = {};
    const wire = req.prepare ? { ...req.feeds, ...applyPrepare({ prepare: req.prepare }) } : req.feeds;
    for (const [name, t] of Object.entries(wire)) feeds[name] = toOrt(t);
    const t0 = performance.now();
    const result = req.outputs ? await session.run(feeds, req.outputs as string[]) : await session.run(feeds);
    const ms = performance.now() - t0;
    const outputs: Record<string, WireTensor> = {};
    const transfer = new Set<ArrayBuffer>();
    for (const [name, tensor] of Object.entries(result)) {
      const dtype = tensor.type === "float32" || tensor.type === "float16" || tensor.type === "int32" || tensor.type === "int64" ? tensor.type : undefined;
      if (!dtype) throw new Error(`output ${name} has unsupported type ${tensor.type}`);
      const raw = tensor.data as unknown as WireTensor["data"];
      // Copy into a fresh buffer so it can be transferred without touching onnxruntime-owned memory.
      const copy = raw.slice() as WireTensor["data"];
      outputs[name] = { dtype, dims: [...tensor.dims], data: copy };
      transfer.add(copy.buffer as ArrayBuffer);
    }
    port!.postMessage({ type: "result", id: req.id, outputs, ms } satisfies WorkerResponse, [...transfer]);
  } catch (error) {
    port!.postMessage({ type: "error", id: req.id, message: (error as Error).message } satisfies WorkerResponse);
  }
}

const infos = await load();
if (infos.length === data.sessions.length) {
  port.postMessage({ type: "ready", sessions: infos } satisfies WorkerResponse);
  port.on("message", (msg: WorkerRequest) => {
    if (msg.type === "run") void run(msg);
    else if (msg.type === "close") {
      for (const s of sessions.values()) void s.release();
      port.close();
    }
  });
}
