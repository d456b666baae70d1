/**
 * LOCAL BUNDLER STAND-IN: HTTP plumbing on node:http. Error replies: endpoints the Irys client reads
 * errors from (`POST /tx`, `/account`, `/price`, `/chunks`) answer `text/plain` "<code>: <message>",
 * because the client puts a string body into its Error message and drops a JSON one. Gateway,
 * GraphQL and health routes answer JSON `{ "error": { "code", "message" } }`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Stable error codes of the stand-in. */
export const BundlerErrorCode = {
  BadRequest: "bad_request",
  InvalidDataItem: "invalid_data_item",
  UnsupportedToken: "unsupported_token",
  InsufficientBalance: "insufficient_balance",
  FundingRefused: "funding_refused",
  AlreadyCredited: "already_credited",
  NotFound: "not_found",
  TooLarge: "too_large",
  NotSupported: "not_supported",
  Unavailable: "unavailable",
  Internal: "internal",
} as const;
export type BundlerErrorCode = (typeof BundlerErrorCode)[keyof typeof BundlerErrorCode];

/** An error a handler throws to answer with `status` and `code`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: BundlerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** One request as the routes see it. */
export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  req: IncomingMessage;
  res: ServerResponse;
}

const TEXT_PREFIXES = ["/tx", "/account/", "/price/", "/chunks/"];

/** True when the request goes to an endpoint whose errors the Irys client reads as text. */
export function isClientProtocolRequest({ method, path }: { method: string; path: string }): boolean {
  if (method !== "POST" && path.startsWith("/tx/")) return false;
  return TEXT_PREFIXES.some((p) => path.startsWith(p));
}

/** Sends an error in the form the route's callers read. */
export function replyError({ ctx, status, code, message }: { ctx: RequestContext; status: number; code: BundlerErrorCode; message: string }): void {
  const { res } = ctx;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (isClientProtocolRequest(ctx)) replyText({ res, status, text: `${code}: ${message}` });
  else replyJson({ res, status, body: { error: { code, message } } });
}

/** Sends a JSON body. */
export function replyJson({ res, status = 200, body }: { res: ServerResponse; status?: number; body: unknown }): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Sends a plain-text body. */
export function replyText({ res, status = 200, text }: { res: ServerResponse; status?: number; text: string }): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Reads the whole request body, refusing more than `limit` bytes with 413. */
export async function readBody({ req, limit }: { req: IncomingMessage; limit: number }): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, BundlerErrorCode.TooLarge, `body of ${declared} bytes exceeds the ${limit}-byte limit`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > limit) throw new HttpError(413, BundlerErrorCode.TooLarge, `body exceeds the ${limit}-byte limit`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

/** Reads a JSON body (at most `limit` bytes); 400 when it does not parse. */
export async function readJson({ req, limit = 1 << 20 }: { req: IncomingMessage; limit?: number }): Promise<unknown> {
  const body = await readBody({ req, limit });
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, BundlerErrorCode.BadRequest, "body is not valid JSON");
  }
}
