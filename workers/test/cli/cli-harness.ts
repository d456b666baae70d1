// Runs the operator CLI in-process against a test localnet, with the wallet in a keypair file.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Keypair } from "@solana/web3.js";
import { runCli } from "../../src/cli/run-cli.js";
import type { CliIo } from "../../src/cli/output.js";

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** stdout parsed as JSON (for `--json` runs). */
  json: <T = Record<string, unknown>>() => T;
}

/** Writes `keypair` as a Solana CLI keypair file; returns its path. */
export function keypairFile({ keypair }: { keypair: Keypair }): string {
  const dir = mkdtempSync(join(tmpdir(), "atelier-cli-"));
  const path = join(dir, "id.json");
  writeFileSync(path, JSON.stringify(Array.from(keypair.secretKey)));
  return path;
}

/** Runs `atelier-worker --url <url> --keypair <file> ...argv`. */
export async function cli({ url, keypair, argv }: { url: string; keypair?: string; argv: string[] }): Promise<CliRun> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), interactive: false };
  const code = await runCli({ argv: ["--url", url, ...(keypair ? ["--keypair", keypair] : []), ...argv], env: {}, io });
  return { code, out, err, json: <T,>() => JSON.parse(out) as T };
}

/** The error name of a failed run's one-line report (`error: <Name>...`). */
export function errorName({ run }: { run: CliRun }): string | undefined {
  return /^error: (\w+)/m.exec(run.err)?.[1];
}
