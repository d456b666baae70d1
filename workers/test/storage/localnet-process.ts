/**
 * Spawns the localnet binary (Solana JSON-RPC + PubSub running the program natively) for funding
 * tests. web3.js (inside the Irys client) derives the WebSocket URL as RPC port + 1, so the two
 * ports are chosen adjacent. Binary: $LOCALNET_BIN, else target/debug/localnet (`cargo build -p localnet`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** Where the localnet binary is expected. */
export const LOCALNET_BIN = process.env.LOCALNET_BIN ?? fileURLToPath(new URL("../../../target/debug/localnet", import.meta.url));

/** True when the binary exists (tests that need it skip otherwise, saying so). */
export const localnetAvailable = existsSync(LOCALNET_BIN);

/** A running localnet. */
export interface LocalnetProcess {
  rpcUrl: string;
  close(): Promise<void>;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

async function adjacentFreePorts(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error("no two adjacent free ports found");
}

/** Starts localnet with `prefund` accounts (base58 pubkey → SOL) and waits for its ready line. */
export async function startLocalnet({ prefund }: { prefund: Record<string, number> }): Promise<LocalnetProcess> {
  const port = await adjacentFreePorts();
  const args = ["--rpc-port", String(port), "--ws-port", String(port + 1), "--slot-ms", "100", "--quiet"];
  for (const [pubkey, sol] of Object.entries(prefund)) args.push("--prefund", `${pubkey}:${sol}`);
  const child: ChildProcess = spawn(LOCALNET_BIN, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`localnet did not print its ready line in 60 s: ${stderr}`)), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("localnet ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`localnet exited with ${code}: ${stderr}`));
    });
  });
  return {
    rpcUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
