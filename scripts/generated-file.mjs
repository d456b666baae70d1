// Writes a generated file, or (with --check) fails when the committed copy differs from it.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * @param {{ outFile: string, text: string, check: boolean, label: string, drift: string, ok: string, wrote: string }} o
 *   `drift`, `ok` and `wrote` are the messages printed after `[label] `.
 */
export function writeOrCheck({ outFile, text, check, label, drift, ok, wrote }) {
  if (check) {
    let committed = "";
    try {
      committed = readFileSync(outFile, "utf8");
    } catch {
      /* missing counts as drift */
    }
    if (committed !== text) {
      console.error(`[${label}] ${drift}`);
      process.exit(1);
    }
    console.error(`[${label}] ${ok}`);
  } else {
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, text);
    console.error(`[${label}] ${wrote}`);
  }
}
