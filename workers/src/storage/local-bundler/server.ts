/**
 * LOCAL BUNDLER STAND-IN: an Irys-compatible bundler and Arweave-style gateway for machines with no
 * Irys node. The worker's real Irys client talks to it unchanged; production points that client at
 * Irys and reads from an Arweave gateway. See docs/storage.md.
 */
import { createServer, type Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { generateBundlerKeys, loadOrCreateBundlerKeys, type BundlerKeys } from "./bundler-keys.js";
import { handleBundlerRoute } from "./bundler-routes.js";
import type { BundlerState } from "./bundler-state.js";
import { handleGatewayRoute } from "./gateway-routes.js";
import { BundlerErrorCode, HttpError, replyError, type RequestContext } from "./http-replies.js";
import { ItemStore } from "./item-store.js";
import { Ledger } from "./ledger.js";
import { ZERO_PRICING, type Pricing } from "./pricing.js";

/** Options of the stand-in; everything has a default. */
export interface LocalBundlerOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: an ephemeral port). */
  port?: number;
  /** Where items and the ledger live (default: a new temp directory, removed on close). */
  dataDir?: string;
  /** Keys to use; else `keyFile` (loaded or created); else generated for this process. */
  keys?: BundlerKeys;
  keyFile?: string;
  /** Storage price (default: zero-price mode). */
  pricing?: Pricing;
  /** Solana JSON-RPC that funding transactions are checked against (funding is off without it). */
  rpcUrl?: string;
  /** Commitment a funding transaction must reach (default confirmed). */
  fundingCommitment?: "confirmed" | "finalized";
  /** Largest data item accepted, in bytes (default 64 MiB; the client chunks from 50 MB, which the stand-in refuses). */
  maxItemBytes?: number;
}

/** A running stand-in. */
export interface LocalBundler {
  /** Base URL, for the Irys client (`bundlerUrl`) and as the gateway URL. */
  readonly url: string;
  /** Solana address that funding transfers go to. */
  readonly address: string;
  /** Receipt-signing public key (the receipts' `public` field). */
  readonly publicKey: string;
  readonly dataDir: string;
  readonly state: BundlerState;
  /** Stops accepting requests, waits for open ones, and flushes the ledger. */
  close(): Promise<void>;
}

/** Starts the stand-in and resolves once it listens. */
export async function startLocalBundler(options: LocalBundlerOptions = {}): Promise<LocalBundler> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "atelier-bundler-")));
  const keys = options.keys ?? (options.keyFile ? await loadOrCreateBundlerKeys({ path: options.keyFile }) : await generateBundlerKeys());
  const state: BundlerState = {
    keys,
    address: keys.solana.publicKey.toBase58(),
    store: await ItemStore.open({ dataDir }),
    ledger: await Ledger.open({ dir: dataDir }),
    pricing: options.pricing ?? ZERO_PRICING,
    rpcUrl: options.rpcUrl,
    fundingCommitment: options.fundingCommitment ?? "confirmed",
    maxItemBytes: options.maxItemBytes ?? 64 * 1024 * 1024,
    url: "",
    fundingQueue: Promise.resolve(),
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const ctx: RequestContext = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, req, res };
    void route({ ctx, state });
  });
  server.keepAliveTimeout = 5_000;
  await listen({ server, host: options.host ?? "127.0.0.1", port: options.port ?? 0 });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  state.url = `http://${host}:${address.port}`;
  return {
    url: state.url,
    address: state.address,
    publicKey: keys.jwk.n,
    dataDir,
    state,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await state.ledger.flush();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function route({ ctx, state }: { ctx: RequestContext; state: BundlerState }): Promise<void> {
  try {
    if (await handleBundlerRoute({ ctx, state })) return;
    if (await handleGatewayRoute({ ctx, state })) return;
    throw new HttpError(404, BundlerErrorCode.NotFound, `no route ${ctx.method} ${ctx.path}`);
  } catch (error) {
    const known = error instanceof HttpError;
    if (known && error.status === 413) {
      ctx.res.setHeader("connection", "close");
      ctx.req.resume();
    }
    replyError({
      ctx,
      status: known ? error.status : 500,
      code: known ? error.code : BundlerErrorCode.Internal,
      message: known ? error.message : `internal error: ${(error as Error).message}`,
    });
  }
}

function listen({ server, host, port }: { server: Server; host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
