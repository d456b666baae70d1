/**
 * A real redis-server per test file: a free loopback port, a temp dir, no persistence, noeviction.
 * `stop()` kills it (by its pid) and removes the dir.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "../../src/free-port.js";

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** A plain client for assertions (closed by `stop`). */
  readonly client: Redis;
  stop(): Promise<void>;
}

/** Start redis-server and wait until it answers PING. */
export async function startRedis(): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), "atelier-test-redis-"));
  const port = await freePort();
  const child: ChildProcess = spawn(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(port), "--dir", dir, "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"],
    { stdio: "ignore" },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const client = new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  // Connection refusals while redis-server boots are expected; the loop below retries them.
  client.on("error", () => undefined);
  const started = Date.now();
  for (;;) {
    try {
      await client.connect().catch(() => undefined);
      if ((await client.ping()) === "PONG") break;
    } catch {
      // not up yet
    }
    if (Date.now() - started > 10_000) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not answer on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    client,
    async stop() {
      client.disconnect();
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
