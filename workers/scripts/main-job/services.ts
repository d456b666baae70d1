/**
 * The main job's local services: localnet (fresh chain, free ports), Redis via scripts/redis.sh on a
 * free port, and a cleanup stack that undoes everything started, in reverse order, exactly once.
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import type { PublicKey } from "@solana/web3.js";
import { freePort } from "../../src/free-port.js";

/** Things to undo, last started first. */
export interface Cleanup {
  push(args: { what: string; undo: () => Promise<unknown> | unknown }): void;
  run(): Promise<void>;
}

export function createCleanup(): Cleanup {
  const steps: { what: string; undo: () => Promise<unknown> | unknown }[] = [];
  let ran = false;
  return {
    push: (step) => void steps.push(step),
    async run() {
      if (ran) return;
      ran = true;
      for (const step of steps.reverse()) {
        try {
          await Promise.race([step.undo(), new Promise((r) => setTimeout(r, 10_000).unref())]);
        } catch (e) {
          process.stderr.write(`cleanup: ${step.what}: ${(e as Error).message}\n`);
        }
      }
    },
  };
}

/**
 * Starts localnet; resolves with its URLs once it prints its ready line. `upgradeAuthority` is
 * recorded as the key that deployed Atelier: only it may initialize the config.
 */
export async function startLocalnet({ bin, cleanup, upgradeAuthority }: { bin: string; cleanup: Cleanup; upgradeAuthority: PublicKey }): Promise<{ url: string; wsUrl: string }> {
  const child = spawn(bin, ["--rpc-port", "0", "--ws-port", "0", "--quiet", "--upgrade-authority", upgradeAuthority.toBase58()], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUST_LOG: "error" } });
  cleanup.push({
    what: "localnet",
    undo: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
      }),
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-2000)));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`localnet printed no ready line in 60 s: ${stderr}`)), 60_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /localnet ready http=(\S+) ws=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, wsUrl: m[2]! });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`localnet exited (code ${code}): ${stderr.trim()}`));
    });
  });
}

/** Starts Redis with scripts/redis.sh on a free port in `dir`; its stop is registered for cleanup. */
export async function startRedis({ root, dir, cleanup }: { root: string; dir: string; cleanup: Cleanup }): Promise<string> {
  const port = await freePort();
  const script = join(root, "scripts", "redis.sh");
  const args = ["--port", String(port), "--dir", dir];
  const started = spawnSync("bash", [script, "start", ...args], { encoding: "utf8" });
  if (started.status !== 0) throw new Error(`redis did not start: ${(started.stderr || started.stdout).trim()}`);
  cleanup.push({ what: "redis", undo: () => spawnSync("bash", [script, "stop", ...args], { encoding: "utf8" }) });
  return `redis://127.0.0.1:${port}`;
}
