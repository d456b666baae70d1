/** Shared pieces of the queue tests: a silent logger, fast lock/stall settings, polling. */
import { createLogger } from "../../src/logger.js";
import type { WorkerSettings } from "../../src/queues/worker-manager.js";

export const silentLogger = createLogger({ level: "silent" });

/** Short locks so a crashed worker's job stalls within about a second. */
export const FAST_SETTINGS: WorkerSettings = { lockDurationMs: 1_000, stalledIntervalMs: 300, maxStalledCount: 3 };

/** A valid 32-byte base58 address, distinct per `seed`. */
export function address(seed: number): string {
  const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  let value = 2n ** 255n + BigInt(seed) * 1_000_003n;
  let out = "";
  while (value > 0n) {
    out = alphabet[Number(value % 58n)] + out;
    value /= 58n;
  }
  return out;
}

/** Poll `check` every 25 ms until it returns a value other than undefined, or fail after `timeoutMs`. */
export async function waitFor<T>({ check, timeoutMs = 10_000, what }: { check: () => Promise<T | undefined>; timeoutMs?: number; what: string }): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
