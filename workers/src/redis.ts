/**
 * Redis connections for BullMQ. Workers need `maxRetriesPerRequest: null` (their blocking commands
 * must wait through a Redis restart instead of throwing); producers get a bounded retry so a request
 * that adds a job fails fast and visibly when Redis is down. Both reconnect with capped backoff.
 */
import type { RedisOptions } from "bullmq";
import { Redis, type RedisOptions as IoRedisOptions } from "ioredis";

/** Who owns the connection: a worker (blocking, retries forever) or a producer (fails fast). */
export const ConnectionRole = { worker: "worker", producer: "producer" } as const;
export type ConnectionRole = (typeof ConnectionRole)[keyof typeof ConnectionRole];

/** Reconnect after min(2^n * 50 ms, 5 s): quick after a blip, gentle during an outage. */
export function reconnectDelay(times: number): number {
  return Math.min(2 ** Math.min(times, 10) * 50, 5_000);
}

/** BullMQ (ioredis) connection options for a `redis://` URL (host, port, db, user and password come from the URL). */
export function connectionOptions({ url, role }: { url: string; role: ConnectionRole }): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname,
    port: parsed.port === "" ? 6379 : Number(parsed.port),
    db: Number.isInteger(db) ? db : 0,
    ...(parsed.username === "" ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === "" ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === "rediss:" ? { tls: {} } : {}),
    maxRetriesPerRequest: role === ConnectionRole.worker ? null : 3,
    enableOfflineQueue: role === ConnectionRole.worker,
    retryStrategy: reconnectDelay,
  };
}

/** A new ioredis client (caller closes it with `quit()`); `lazy` waits for an explicit `connect()`. */
export function createRedis({ url, role, name, lazy = false }: { url: string; role: ConnectionRole; name?: string; lazy?: boolean }): Redis {
  const options = connectionOptions({ url, role });
  return new Redis({
    ...options,
    retryStrategy: reconnectDelay,
    lazyConnect: lazy,
    ...(name === undefined ? {} : { connectionName: name }),
  } as IoRedisOptions);
}

/** Redis refuses to run the queues when it could evict keys: an evicted job is a lost job. */
export class RedisPolicyError extends Error {
  readonly code = "REDIS_EVICTION_POLICY" as const;

  constructor({ policy }: { policy: string }) {
    super(`Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" (scripts/redis.sh sets it)`);
    this.name = "RedisPolicyError";
  }
}

/** Check the server answers and will not evict keys; throws {@link RedisPolicyError} otherwise. */
export async function assertNoEviction({ redis }: { redis: Redis }): Promise<void> {
  const reply = (await redis.config("GET", "maxmemory-policy")) as string[];
  const policy = reply[1] ?? "unknown";
  if (policy !== "noeviction") throw new RedisPolicyError({ policy });
}

/** Redis did not answer at start. */
export class RedisUnavailableError extends Error {
  readonly code = "REDIS_UNAVAILABLE" as const;

  constructor({ host, cause }: { host: string; cause: unknown }) {
    super(`Redis at ${host} is not reachable (scripts/redis.sh start runs a local one)`, { cause });
    this.name = "RedisUnavailableError";
  }
}

/**
 * Start-up check: connect once, fail fast with {@link RedisUnavailableError} when Redis is not there
 * or {@link RedisPolicyError} when it could evict keys, then close the probe connection.
 */
export async function checkRedis({ url }: { url: string }): Promise<void> {
  const probe = createRedis({ url, role: ConnectionRole.producer, name: "atelier-probe", lazy: true });
  probe.on("error", () => undefined); // the first failure rejects connect() below
  try {
    try {
      await probe.connect();
    } catch (cause) {
      const { hostname, port } = new URL(url);
      throw new RedisUnavailableError({ host: `${hostname}:${port || 6379}`, cause });
    }
    await assertNoEviction({ redis: probe });
  } finally {
    probe.disconnect();
  }
}
