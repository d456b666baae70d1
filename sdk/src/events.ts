import { EventParser } from "@coral-xyz/anchor";
import type { Finality } from "@solana/web3.js";
import type { AtelierClient } from "./client.js";
import type { AtelierEventName, AtelierEvents } from "./types.js";

/** One decoded program event and the transaction that emitted it. */
export interface AtelierEvent<N extends AtelierEventName = AtelierEventName> {
  /** camelCase event name (`jobCreated`, `jobFinalized`, …). */
  name: N;
  data: AtelierEvents[N];
  signature: string;
  slot: number;
}

/** How events are received. */
export const EVENT_MODE = {
  /** `logsSubscribe` over the RPC WebSocket. */
  websocket: "websocket",
  /** `getSignaturesForAddress` + `getTransaction` every `pollIntervalMs`. */
  poll: "poll",
  /** Both; whichever sees a transaction first delivers it (deduplicated by signature). */
  auto: "auto",
} as const;
export type EventMode = (typeof EVENT_MODE)[keyof typeof EVENT_MODE];

/** Decodes the program's events from one successful transaction's logs. */
export function parseEvents({ client, logs }: { client: AtelierClient; logs: readonly string[] }): { name: AtelierEventName; data: unknown }[] {
  const parser = new EventParser(client.programId, client.program.coder);
  return [...parser.parseLogs([...logs])].map((e) => ({ name: e.name as AtelierEventName, data: e.data }));
}

/** Options of {@link subscribeEvents}. */
export interface SubscribeEventsInput {
  client: AtelierClient;
  onEvent: (event: AtelierEvent) => void;
  /** Called with errors of the polling loop (it keeps polling). */
  onError?: (error: unknown) => void;
  /** Default `auto`. */
  mode?: EventMode;
  /** Polling period (default 1000 ms; 2000 ms in `auto` mode). */
  pollIntervalMs?: number;
  /** Only these events. */
  names?: readonly AtelierEventName[];
}

/** Stops a subscription. */
export type Unsubscribe = (() => Promise<void>) & { ready: Promise<void> };

/** Most signatures remembered for deduplication. */
const SEEN_LIMIT = 10_000;

/**
 * Streams the program's events from transactions that land after the call. Failed transactions
 * emit nothing. Each transaction is delivered once, its events in log order. Returns a function
 * that stops the subscription; its `ready` promise resolves once polling has its starting point
 * (transactions sent after that are never missed by the polling path).
 */
export function subscribeEvents({
  client,
  onEvent,
  onError = () => {},
  mode = EVENT_MODE.auto,
  pollIntervalMs,
  names,
}: SubscribeEventsInput): Unsubscribe {
  const seen = new Set<string>();
  const wanted = names ? new Set<string>(names) : null;
  const deliver = (signature: string, slot: number, logs: readonly string[]) => {
    if (seen.has(signature)) return;
    seen.add(signature);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
    for (const e of parseEvents({ client, logs })) {
      if (wanted && !wanted.has(e.name)) continue;
      onEvent({ name: e.name, data: e.data, signature, slot } as AtelierEvent);
    }
  };

  const stops: (() => Promise<void>)[] = [];
  let ready: Promise<void> = Promise.resolve();
  if (mode !== EVENT_MODE.poll) {
    const id = client.connection.onLogs(
      client.programId,
      (result, ctx) => {
        if (!result.err) deliver(result.signature, ctx.slot, result.logs);
      },
      client.commitment,
    );
    stops.push(() => client.connection.removeOnLogsListener(id));
  }
  if (mode !== EVENT_MODE.websocket) {
    const interval = pollIntervalMs ?? (mode === EVENT_MODE.auto ? 2000 : 1000);
    const polling = startPolling({ client, interval, deliver, onError });
    stops.push(polling.stop);
    ready = polling.ready;
  }
  const unsubscribe = async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
  return Object.assign(unsubscribe, { ready });
}

function startPolling({
  client,
  interval,
  deliver,
  onError,
}: {
  client: AtelierClient;
  interval: number;
  deliver: (signature: string, slot: number, logs: readonly string[]) => void;
  onError: (error: unknown) => void;
}): { stop: () => Promise<void>; ready: Promise<void> } {
  const finality: Finality = client.commitment === "finalized" ? "finalized" : "confirmed";
  const { connection, programId } = client;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // Only transactions after the subscription: the first tick records the newest signature.
  let started = false;
  let cursor: string | undefined;
  let running: Promise<void> = Promise.resolve();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const tick = async () => {
    if (!started) {
      cursor = (await connection.getSignaturesForAddress(programId, { limit: 1 }, finality))[0]?.signature;
      started = true;
      markReady();
      return;
    }
    const page = await connection.getSignaturesForAddress(programId, { until: cursor, limit: 1000 }, finality);
    // Newest first: deliver oldest first and move the cursor to the newest.
    for (const info of [...page].reverse()) {
      if (stopped) return;
      if (info.err) continue;
      const tx = await connection.getTransaction(info.signature, { commitment: finality, maxSupportedTransactionVersion: 0 });
      if (tx?.meta && !tx.meta.err) deliver(info.signature, tx.slot, tx.meta.logMessages ?? []);
    }
    if (page[0]) cursor = page[0].signature;
  };
  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((e: unknown) => onError(e))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, interval);
      });
  };
  loop();
  const stop = async () => {
    stopped = true;
    markReady();
    if (timer) clearTimeout(timer);
    await running;
  };
  return { stop, ready };
}
