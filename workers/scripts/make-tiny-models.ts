/**
 * Generate the tiny deterministic test models (idempotent: unchanged files are not rewritten).
 *   npm run models:tiny -w @atelier/workers            -> workers/.models/tiny
 *   tsx workers/scripts/make-tiny-models.ts <out-dir>
 */
import { fileURLToPath } from "node:url";
import { makeTinyModels } from "../src/inference/tiny/tiny-models.js";

export const DEFAULT_TINY_DIR = fileURLToPath(new URL("../.models/tiny", import.meta.url));

const outDir = process.argv[2] ?? DEFAULT_TINY_DIR;
const t0 = performance.now();
const dirs = await makeTinyModels({ outDir });
console.log(JSON.stringify({ ...dirs, ms: Math.round(performance.now() - t0) }, null, 2));
