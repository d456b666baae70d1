/**
 * `src/main.ts` as operators run it: a bad environment exits 78 with one paragraph naming each bad
 * variable (no stack trace); `ATELIER_ROLE=all` starts every role against the real world, logs pino
 * JSON, serves /metrics, and shuts down in order on SIGTERM with exit 0.
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Keypair } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Operator, type PipelineWorld, newOperator, nodeEnv, startWorld } from "./fixtures/pipeline-harness.js";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

function runMain({ env, onLine }: { env: Record<string, string>; onLine?: (line: string, kill: () => void) => void }) {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    for (const line of d.toString().split("\n")) if (line.trim()) onLine?.(line, () => child.kill("SIGTERM"));
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

let world: PipelineWorld;
let operator: Operator;
beforeAll(async () => {
  world = await startWorld();
  operator = await newOperator({ world });
});
afterAll(async () => {
  await world?.stop();
});

describe("main.ts", () => {
  it("exits 78 naming every bad variable", async () => {
    const { code, stderr } = await runMain({ env: { ATELIER_ROLE: "miner", ATELIER_REDIS_URL: "http://nope" } });
    expect(code).toBe(78);
    expect(stderr).toContain("ATELIER_REDIS_URL");
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("refuses to start a generator whose key has no worker account, naming the fix", async () => {
    const keyFile = join(world.dir, "unregistered-key.json");
    await writeFile(keyFile, JSON.stringify(Array.from(Keypair.generate().secretKey)));
    const { code, stdout } = await runMain({ env: { ...nodeEnv({ world, prefix: "unreg", roles: "generator" }), ATELIER_LOG_LEVEL: "info", ATELIER_KEYPAIR: keyFile } });
    expect(code).toBe(1);
    const fatal = stdout.trim().split("\n").map((l) => JSON.parse(l) as { level: string; err?: { type?: string; code?: string } }).find((l) => l.level === "fatal");
    expect(fatal?.err?.code).toBe("WORKER_NOT_READY");
  });

  it("runs every role with ATELIER_ROLE=all and stops cleanly on SIGTERM", async () => {
    const keyFile = join(world.dir, "main-key.json");
    await writeFile(keyFile, JSON.stringify(Array.from(operator.keypair.secretKey)));
    let metricsText = "";
    const { code, stdout } = await runMain({
      env: { ...nodeEnv({ world, prefix: "main", roles: "all" }), ATELIER_LOG_LEVEL: "info", ATELIER_KEYPAIR: keyFile },
      onLine: (line, kill) => {
        const entry = JSON.parse(line) as { msg?: string; admin?: string };
        if (entry.msg === "service started" && entry.admin) {
          void fetch(`${entry.admin}/metrics`)
            .then((r) => r.text())
            .then((t) => (metricsText = t))
            .finally(kill);
        }
      },
    });
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { msg: string; roles?: string[]; queues?: string[] });
    const started = lines.find((l) => l.msg === "atelier node started");
    expect(started?.roles).toEqual(["watcher", "generator", "verifier", "crank"]);
    expect(lines.find((l) => l.msg === "service started")?.queues?.sort()).toEqual(["crank", "generate", "verify"]);
    expect(metricsText).toContain("atelier_stage_duration_seconds");
    expect(lines.some((l) => l.msg === "shutdown: finished")).toBe(true);
  }, 60_000);
});
