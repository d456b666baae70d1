/**
 * LOCAL BUNDLER STAND-IN: the gateway side, in place of an Arweave gateway. GET/HEAD /:id serves the
 * payload with its Content-Type tag; GET /tx/:id the item's facts (owner address, tags, sizes,
 * receipt); GET /tx/:id/tags its tags; GET /tx/:id/data-item the signed ANS-104 bytes (so anyone
 * can re-verify the owner's signature). Unknown ids answer 404, malformed ones 400, as JSON.
 */
import type { BundlerState } from "./bundler-state.js";
import { BundlerErrorCode, HttpError, replyJson, type RequestContext } from "./http-replies.js";
import type { StoredItem } from "./item-store.js";

const ID_PATTERN = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
const CONTENT_TYPE_PATTERN = /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+"-]+)*$/;
const IMMUTABLE = "public, max-age=31536000, immutable";

/** Handles `ctx` if it is a gateway route; false when the path is not one. */
export async function handleGatewayRoute({ ctx, state }: { ctx: RequestContext; state: BundlerState }): Promise<boolean> {
  if (ctx.method !== "GET" && ctx.method !== "HEAD") return false;
  const parts = ctx.path.split("/").filter(Boolean);
  if (parts.length === 1) return serveData({ ctx, meta: lookup({ state, id: parts[0]! }), state });
  if (parts[0] !== "tx" || parts.length < 2 || parts.length > 3) return false;
  const meta = lookup({ state, id: parts[1]! });
  const view = parts[2];
  if (view === undefined) return replyJson({ res: ctx.res, body: describe(meta) }), true;
  if (view === "tags") return replyJson({ res: ctx.res, body: meta.tags }), true;
  if (view === "data-item") {
    const raw = await state.store.readRaw(meta.id);
    ctx.res.writeHead(200, { "content-type": "application/octet-stream", "content-length": raw.length, "cache-control": IMMUTABLE });
    ctx.res.end(ctx.method === "HEAD" ? undefined : raw);
    return true;
  }
  return false;
}

function lookup({ state, id }: { state: BundlerState; id: string }): StoredItem {
  if (!ID_PATTERN.test(id)) throw new HttpError(400, BundlerErrorCode.BadRequest, `${JSON.stringify(id.slice(0, 64))} is not a data item id`);
  const meta = state.store.get(id);
  if (!meta) throw new HttpError(404, BundlerErrorCode.NotFound, `no data item ${id}`);
  return meta;
}

function describe(meta: StoredItem): unknown {
  const { dataStart: _dataStart, ...rest } = meta;
  return rest;
}

async function serveData({ ctx, meta, state }: { ctx: RequestContext; meta: StoredItem; state: BundlerState }): Promise<true> {
  const tagged = meta.tags.find((t) => t.name.toLowerCase() === "content-type")?.value;
  const contentType = tagged !== undefined && CONTENT_TYPE_PATTERN.test(tagged) ? tagged : "application/octet-stream";
  const headers = { "content-type": contentType, "content-length": meta.dataSize, "cache-control": IMMUTABLE, etag: `"${meta.id}"` };
  if (ctx.method === "HEAD") {
    ctx.res.writeHead(200, headers);
    ctx.res.end();
    return true;
  }
  const data = await state.store.readData(meta);
  ctx.res.writeHead(200, headers);
  ctx.res.end(data);
  return true;
}
