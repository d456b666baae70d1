/** Off-chain prompts: fetched from a real HTTP server (and `ar://` through the gateway) and hash-checked. */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobPrompt, promptUrl } from "../../src/processors/job-prompt.js";
import { unrecoverableReasonOf } from "../../src/queues/unrecoverable.js";

const TEXT = "a lighthouse at dusk, oil on canvas — written off chain";
const sha = (s: string) => createHash("sha256").update(s).digest("hex");
let server: Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === "/prompt.txt" || req.url === "/ITEM123") return void res.end(TEXT);
    if (req.url === "/flaky") return void res.writeHead(503).end();
    if (req.url === "/huge") return void res.end("x".repeat(9_000));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const reasonOf = async (p: Promise<unknown>) => {
  const error = await p.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnrecoverableError);
  return unrecoverableReasonOf({ failedReason: (error as Error).message });
};

describe("jobPrompt", () => {
  it("returns an inline prompt without fetching", async () => {
    const before = hits;
    expect(await jobPrompt({ prompt: "inline", promptUri: "", promptHash: sha("inline"), gatewayUrl: base })).toBe("inline");
    expect(hits).toBe(before);
  });

  it("fetches http(s) and ar:// prompts whose hash matches", async () => {
    expect(await jobPrompt({ prompt: "", promptUri: `${base}/prompt.txt`, promptHash: sha(TEXT), gatewayUrl: base })).toBe(TEXT);
    expect(promptUrl({ uri: "ar://ITEM123", gatewayUrl: base })).toBe(`${base}/ITEM123`);
    expect(await jobPrompt({ prompt: "", promptUri: "ar://ITEM123", promptHash: sha(TEXT), gatewayUrl: base })).toBe(TEXT);
  });

  it("fails unrecoverably on a wrong hash, a missing prompt, an oversized one or a bad scheme", async () => {
    expect(await reasonOf(jobPrompt({ prompt: "", promptUri: `${base}/prompt.txt`, promptHash: sha("other"), gatewayUrl: base }))).toBe("INVALID_JOB_PARAMS");
    expect(await reasonOf(jobPrompt({ prompt: "", promptUri: `${base}/missing`, promptHash: sha(TEXT), gatewayUrl: base }))).toBe("INVALID_JOB_PARAMS");
    expect(await reasonOf(jobPrompt({ prompt: "", promptUri: `${base}/huge`, promptHash: sha("x".repeat(9_000)), gatewayUrl: base }))).toBe("INVALID_JOB_PARAMS");
    expect(await reasonOf(jobPrompt({ prompt: "", promptUri: "file:///etc/passwd", promptHash: sha(TEXT), gatewayUrl: base }))).toBe("INVALID_JOB_PARAMS");
    expect(await reasonOf(jobPrompt({ prompt: "", promptUri: "", promptHash: sha(TEXT), gatewayUrl: base }))).toBe("INVALID_JOB_PARAMS");
  });

  it("lets a server error be retried (not unrecoverable)", async () => {
    const error = await jobPrompt({ prompt: "", promptUri: `${base}/flaky`, promptHash: sha(TEXT), gatewayUrl: base }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UnrecoverableError);
  });
});
