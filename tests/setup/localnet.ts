// Starts the localnet binary (a Solana JSON-RPC server hosting the program natively) for a test
// file: free ports, a fresh in-memory chain, the ready line awaited, the process killed after.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PublicKey } from "@solana/web3.js";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, "target");
/** The localnet binary (override with ATELIER_LOCALNET_BIN). */
export const LOCALNET_BIN = process.env.ATELIER_LOCALNET_BIN ?? join(targetDir, "debug", "localnet");
/** Sources the binary is built from: a newer file means it must be rebuilt. */
const SOURCES = ["crates/localnet", "crates/native-host", "crates/core-standin", "programs/atelier/src", "Cargo.lock"];

/** A running localnet. */
export interface Localnet {
  /** HTTP JSON-RPC URL. */
  url: string;
  /** WebSocket PubSub URL. */
  wsUrl: string;
  /** SIGTERM (SIGKILL after 5 s); resolves with the exit code (0 = clean shutdown). */
  stop: () => Promise<number | null>;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds the localnet binary when it is missing or older than its sources (cargo serializes parallel builds). */
export function ensureLocalnetBuilt(): void {
  if (process.env.ATELIER_LOCALNET_BIN) return;
  const built = existsSync(LOCALNET_BIN) ? statSync(LOCALNET_BIN).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  if (built >= sources) return;
  const run = spawnSync("cargo", ["build", "-p", "localnet"], {
    cwd: root,
    env: { ...process.env, CARGO_TARGET_DIR: targetDir },
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (run.status !== 0) throw new Error("cargo build -p localnet failed (see the compiler output above)");
  // Cargo leaves an up-to-date binary untouched; mark it checked so the next file skips cargo.
  const now = new Date();
  utimesSync(LOCALNET_BIN, now, now);
}

/**
 * Records `authority` as the key that deployed Atelier (its ProgramData upgrade authority), what
 * `solana program deploy` does on a cluster: only it may send `initialize_config`. A localnet cheat.
 */
export async function setUpgradeAuthority({ net, authority }: { net: Localnet; authority: PublicKey | null }): Promise<void> {
  const res = await fetch(net.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "localnet_setUpgradeAuthority", params: [{ authority: authority?.toBase58() ?? null }] }),
  });
  const body = (await res.json()) as { error?: { message: string } };
  if (body.error) throw new Error(`localnet_setUpgradeAuthority: ${body.error.message}`);
}

/** Starts localnet on free ports and resolves once it prints its ready line. */
export async function startLocalnet({ args = [], timeoutMs = 60_000 }: { args?: string[]; timeoutMs?: number } = {}): Promise<Localnet> {
  ensureLocalnetBuilt();
  const child: ChildProcess = spawn(LOCALNET_BIN, ["--rpc-port", "0", "--ws-port", "0", "--quiet", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "error" },
  });
  // Never leave a localnet behind when the test process exits.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const ready = await new Promise<{ url: string; wsUrl: string }>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`localnet printed no ready line within ${timeoutMs} ms`)), timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${e.message}\n--- localnet stderr ---\n${stderr}`));
    };
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /localnet ready http=(\S+) ws=(\S+)/.exec(out);
      if (m?.[1] && m[2]) {
        clearTimeout(timer);
        resolve({ url: m[1], wsUrl: m[2] });
      }
    });
    child.once("exit", (code, signal) => fail(new Error(`localnet exited before ready (code ${code}, signal ${signal})`)));
    child.once("error", (e) => fail(e));
  });
  child.removeAllListeners("exit");
  const stop = () =>
    new Promise<number | null>((resolve) => {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once("exit", (code) => resolve(code));
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
  return { ...ready, stop };
}

/** Calls one JSON-RPC method directly (the `localnet_*` cheats and raw protocol checks). */
export async function rpcCall<T = unknown>({
  url,
  method,
  params = [],
}: {
  url: string;
  method: string;
  params?: unknown[];
}): Promise<{ result?: T; error?: { code: number; message: string; data?: unknown } }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return (await res.json()) as { result?: T; error?: { code: number; message: string; data?: unknown } };
}

/**
 * Registers hooks that give this test file its own localnet: one chain for the whole file
 * (default), or a fresh chain for every test (`per: "test"`, for suites that change the
 * singleton config). Read `.current` inside tests and hooks.
 */
export function useLocalnet({ per = "file" }: { per?: "file" | "test" } = {}): { readonly current: Localnet } {
  let net: Localnet | undefined;
  const holder = {
    get current(): Localnet {
      if (!net) throw new Error("localnet is not running (use it inside tests or hooks)");
      return net;
    },
  };
  const up = async () => {
    net = await startLocalnet();
  };
  const down = async () => {
    await net?.stop();
    net = undefined;
  };
  if (per === "file") {
    beforeAll(up);
    afterAll(down);
  } else {
    beforeEach(up);
    afterEach(down);
  }
  return holder;
}
