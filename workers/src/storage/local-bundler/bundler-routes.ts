/**
 * LOCAL BUNDLER STAND-IN: the Irys bundler HTTP API that `@irys/upload` + `@irys/upload-solana`
 * call: GET /info, /public, /price/:token/:bytes, /account/balance/:token?address=,
 * POST /account/balance/:token {tx_id} (funding), POST /tx/:token (upload, answers a signed
 * receipt), POST /graphql (subset). Withdrawals and chunked uploads (items ≥ 50 MB) answer 501.
 */
import { PublicKey } from "@solana/web3.js";
import { z } from "zod";
import { TOKEN, type BundlerState } from "./bundler-state.js";
import { verifyFundingTransaction } from "./funding-verifier.js";
import { parseTransactionsQuery, transactionsResponse, UnsupportedQueryError } from "./graphql-subset.js";
import { BundlerErrorCode, HttpError, readBody, readJson, replyJson, replyText, type RequestContext } from "./http-replies.js";
import { priceFor } from "./pricing.js";
import { pseudoDeadlineHeight, signReceipt } from "./receipt-signer.js";
import { verifyDataItem } from "./verify-data-item.js";

/** Handles `ctx` if it is a bundler route; false when the path is not one. */
export async function handleBundlerRoute({ ctx, state }: { ctx: RequestContext; state: BundlerState }): Promise<boolean> {
  const { method, path } = ctx;
  const parts = path.split("/").filter(Boolean);
  if (method === "GET" && (path === "/" || path === "/info")) return info({ ctx, state });
  if (method === "GET" && path === "/health") return replyJson({ res: ctx.res, body: { ok: true, standIn: "local-bundler", items: state.store.size } }), true;
  if (method === "GET" && path === "/public") return replyText({ res: ctx.res, text: state.keys.jwk.n }), true;
  if (method === "GET" && parts[0] === "price" && parts.length === 3) return price({ ctx, state, token: parts[1]!, bytes: parts[2]! });
  if (parts[0] === "account" && parts[1] === "balance" && parts.length === 3) {
    requireToken(parts[2]!);
    if (method === "GET") return balance({ ctx, state });
    if (method === "POST") return fund({ ctx, state });
  }
  if (parts[0] === "account" && parts[1] === "withdrawals")
    throw new HttpError(501, BundlerErrorCode.NotSupported, "withdrawals are not supported by the local bundler stand-in");
  if (parts[0] === "chunks")
    throw new HttpError(501, BundlerErrorCode.NotSupported, "chunked uploads (items of 50 MB or more) are not supported by the local bundler stand-in");
  if (method === "POST" && parts[0] === "tx" && parts.length <= 2) return upload({ ctx, state, token: parts[1] });
  if (method === "POST" && path === "/graphql") return graphql({ ctx, state });
  return false;
}

function requireToken(token: string | undefined): void {
  if (token !== TOKEN) throw new HttpError(400, BundlerErrorCode.UnsupportedToken, `token ${JSON.stringify(token ?? "")} is not supported; the stand-in accepts "${TOKEN}"`);
}

function info({ ctx, state }: { ctx: RequestContext; state: BundlerState }): true {
  replyJson({
    res: ctx.res,
    body: {
      version: "atelier-local-bundler-stand-in",
      standIn: true,
      addresses: { [TOKEN]: state.address },
      gateway: state.url,
      pricing: { lamportsPerByte: state.pricing.lamportsPerByte.toString(), baseFeeLamports: state.pricing.baseFeeLamports.toString() },
      fundingRpc: state.rpcUrl ?? null,
    },
  });
  return true;
}

function price({ ctx, state, token, bytes }: { ctx: RequestContext; state: BundlerState; token: string; bytes: string }): true {
  requireToken(token);
  if (!/^\d{1,15}$/.test(bytes)) throw new HttpError(400, BundlerErrorCode.BadRequest, "bytes must be a non-negative integer");
  replyJson({ res: ctx.res, body: Number(priceFor({ pricing: state.pricing, bytes: Number(bytes) })) });
  return true;
}

function requireAddress(value: string | null): string {
  try {
    if (value === null) throw new Error("missing");
    return new PublicKey(value).toBase58();
  } catch {
    throw new HttpError(400, BundlerErrorCode.BadRequest, "address query parameter must be a base58 Solana address");
  }
}

function balance({ ctx, state }: { ctx: RequestContext; state: BundlerState }): true {
  const address = requireAddress(ctx.query.get("address"));
  replyJson({ res: ctx.res, body: { balance: state.ledger.balance(address).toString() } });
  return true;
}

const fundBodySchema = z.object({ tx_id: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{64,90}$/, "tx_id must be a base58 transaction signature") });

async function fund({ ctx, state }: { ctx: RequestContext; state: BundlerState }): Promise<true> {
  const body = fundBodySchema.safeParse(await readJson({ req: ctx.req }));
  if (!body.success) throw new HttpError(400, BundlerErrorCode.BadRequest, body.error.issues[0]?.message ?? "body must be {\"tx_id\": \"...\"}");
  const rpcUrl = state.rpcUrl;
  if (!rpcUrl) throw new HttpError(503, BundlerErrorCode.Unavailable, "funding is disabled: the stand-in was started without a Solana RPC URL");
  const txId = body.data.tx_id;
  // One funding check at a time: the ledger's credited-set check and the credit must not interleave.
  const run = state.fundingQueue.then(async () => {
    if (state.ledger.isCredited(txId)) throw new HttpError(400, BundlerErrorCode.AlreadyCredited, `transaction ${txId} was already credited`);
    const result = await verifyFundingTransaction({ rpcUrl, txId, bundlerAddress: state.address, commitment: state.fundingCommitment });
    if (!result.ok) throw new HttpError(result.refusal === "rpc_error" ? 502 : 400, BundlerErrorCode.FundingRefused, `${result.refusal}: ${result.message}`);
    state.ledger.credit({ txId, credits: result.credits, at: Date.now() });
    return result;
  });
  state.fundingQueue = run.catch(() => undefined);
  const result = await run;
  replyJson({
    res: ctx.res,
    body: { confirmed: true, id: txId, slot: result.slot, credited: result.credits.map((c) => ({ address: c.address, lamports: c.lamports.toString() })) },
  });
  return true;
}

async function upload({ ctx, state, token }: { ctx: RequestContext; state: BundlerState; token: string | undefined }): Promise<true> {
  requireToken(token);
  if (ctx.req.headers["x-irys-paid-by"] !== undefined)
    throw new HttpError(400, BundlerErrorCode.NotSupported, "paid-by (approved spending) is not supported by the local bundler stand-in");
  const raw = await readBody({ req: ctx.req, limit: state.maxItemBytes });
  const item = await verifyDataItem({ raw });
  if (!item.ok) throw new HttpError(400, BundlerErrorCode.InvalidDataItem, item.reason);
  // Irys answers 201 for an id it already holds; the real client turns that into an Error.
  if (!state.store.reserve(item.id)) return replyText({ res: ctx.res, status: 201, text: `Transaction ${item.id} already received` }), true;
  const cost = priceFor({ pricing: state.pricing, bytes: raw.length });
  if (!state.ledger.tryDebit({ address: item.address, lamports: cost })) {
    state.store.release(item.id);
    throw new HttpError(
      402,
      BundlerErrorCode.InsufficientBalance,
      `${item.address} has ${state.ledger.balance(item.address)} lamports, this ${raw.length}-byte item costs ${cost}; fund the bundler first`,
    );
  }
  try {
    const timestamp = Date.now();
    const receipt = await signReceipt({ jwk: state.keys.jwk, id: item.id, timestamp, deadlineHeight: pseudoDeadlineHeight(timestamp) });
    const { ok: _ok, ...facts } = item;
    await state.store.put({ raw, meta: { ...facts, size: raw.length, pricePaid: cost.toString(), receipt } });
    replyJson({ res: ctx.res, body: receipt });
    return true;
  } catch (error) {
    state.ledger.refund({ address: item.address, lamports: cost });
    state.store.release(item.id);
    throw error;
  }
}

async function graphql({ ctx, state }: { ctx: RequestContext; state: BundlerState }): Promise<true> {
  const body = z.object({ query: z.string().max(100_000) }).safeParse(await readJson({ req: ctx.req }));
  if (!body.success) throw new HttpError(400, BundlerErrorCode.BadRequest, "body must be {\"query\": \"...\"}");
  let query;
  try {
    query = parseTransactionsQuery(body.data.query);
  } catch (error) {
    if (error instanceof UnsupportedQueryError) throw new HttpError(400, BundlerErrorCode.NotSupported, error.message);
    throw error;
  }
  replyJson({ res: ctx.res, body: transactionsResponse({ items: state.store.query(query) }) });
  return true;
}
