/** Generate (idempotently) the tiny models once per test process and hand out their directories. */
import { fileURLToPath } from "node:url";
import { type TinyModelDirs, makeTinyModels } from "../../src/inference/tiny/tiny-models.js";

export const TINY_DIR = fileURLToPath(new URL("../../.models/tiny", import.meta.url));

let pending: Promise<TinyModelDirs> | undefined;

export function tinyModels(): Promise<TinyModelDirs> {
  pending ??= makeTinyModels({ outDir: TINY_DIR });
  return pending;
}
