// Starts the localnet binary on free ports and waits for its ready line.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** A running localnet child process. */
export type RunningLocalnet = {
  rpcUrl: string;
  wsUrl: string;
  /** Sends SIGTERM and waits for the exit code. */
  stop: () => Promise<number | null>;
};

/** The built binary: $LOCALNET_BIN, else target/debug/localnet (here or in $CARGO_TARGET_DIR). */
export function localnetBinary(): string {
  const candidates = [
    process.env.LOCALNET_BIN,
    resolve(repoRoot, "target/debug/localnet"),
    process.env.CARGO_TARGET_DIR && resolve(process.env.CARGO_TARGET_DIR, "debug/localnet"),
    "/work/main/target/debug/localnet",
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`localnet binary not found (tried ${candidates.join(", ")}); run: cargo build -p localnet`);
  }
  return found;
}

const READY = /^localnet ready http=(\S+) ws=(\S+)$/m;

/** Spawns localnet with `args` (ports default to 0 = free ones). */
export async function startLocalnet({ args = [] as string[], timeoutMs = 60_000 } = {}): Promise<RunningLocalnet> {
  const child: ChildProcess = spawn(
    localnetBinary(),
    ["--rpc-port", "0", "--ws-port", "0", "--quiet", ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const urls = await new Promise<{ rpcUrl: string; wsUrl: string }>((done, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`localnet not ready after ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = READY.exec(out);
      if (m?.[1] && m[2]) {
        clearTimeout(timer);
        done({ rpcUrl: m[1], wsUrl: m[2] });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`localnet exited with ${code}: ${stderr}`));
    });
  });
  return {
    ...urls,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Calls one JSON-RPC method directly (for the localnet_* cheats and raw checks). */
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
  return (await res.json()) as { result?: T; error?: { code: number; message: string } };
}
