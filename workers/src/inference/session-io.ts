/** Check that the sessions onnxruntime built expose the inputs and outputs the manifest declares. */
import { InferenceError, InferenceErrorCode } from "./errors.js";
import type { Manifest } from "./manifest.js";
import type { ModelDir } from "./model-dir.js";
import { type SessionHost, createSessionHost } from "./sessions.js";

export function checkSessionIo({ manifest, host }: { manifest: Manifest; host: SessionHost }): void {
  for (const info of host.sessions) {
    const file = manifest.files[info.key];
    if (!file) continue;
    const want = { inputs: (file.inputs ?? []).map((s) => s.name), outputs: (file.outputs ?? []).map((s) => s.name) };
    const missingIn = want.inputs.filter((n) => !info.inputNames.includes(n));
    const extraIn = info.inputNames.filter((n) => !want.inputs.includes(n));
    const missingOut = want.outputs.filter((n) => !info.outputNames.includes(n));
    if (missingIn.length || extraIn.length || missingOut.length) {
      throw new InferenceError({
        code: InferenceErrorCode.ModelIoMismatch,
        message: `${info.key}: model inputs [${info.inputNames.join(", ")}] / outputs [${info.outputNames.join(", ")}] do not match the manifest (missing inputs: ${missingIn.join(", ") || "none"}; unexpected inputs: ${extraIn.join(", ") || "none"}; missing outputs: ${missingOut.join(", ") || "none"})`,
      });
    }
    for (const spec of [...(file.inputs ?? []), ...(file.outputs ?? [])]) {
      const actual = info.tensorTypes[spec.name];
      if (actual !== undefined && actual !== spec.dtype) {
        throw new InferenceError({
          code: InferenceErrorCode.ModelIoMismatch,
          message: `${info.key}: tensor ${spec.name} is ${actual} in the model but ${spec.dtype} in the manifest`,
        });
      }
    }
  }
}

/** Opens one session per manifest file key of a verified model directory and checks their I/O
 *  against the manifest; the host is closed again when the check fails. */
export async function openCheckedSessionHost({
  dir,
  manifest,
  keys,
  ...options
}: {
  dir: ModelDir;
  manifest: Manifest;
  keys: readonly string[];
} & Omit<Parameters<typeof createSessionHost>[0], "models">): Promise<SessionHost> {
  const models = Object.fromEntries(keys.map((key) => [key, dir.path({ key })]));
  const host = await createSessionHost({ models, ...options });
  try {
    checkSessionIo({ manifest, host });
  } catch (error) {
    await host.close();
    throw error;
  }
  return host;
}
