/**
 * A job's prompt text: inline on chain, or off chain at `prompt_uri` with its sha256 on chain.
 * Off-chain prompts are fetched over http(s), or `ar://<id>` through the node's gateway, and must
 * hash to the recorded `prompt_hash`. A wrong hash or an unusable URI can never succeed
 * (`INVALID_JOB_PARAMS`); a network failure is retried.
 */
import { createHash } from "node:crypto";
import { MAX_PROMPT_CHARS } from "../inference/text-to-image.js";
import { UnrecoverableReason, unrecoverable } from "../queues/unrecoverable.js";
import { gatewayUri } from "../storage/gateway.js";

const MAX_PROMPT_BYTES = 4 * MAX_PROMPT_CHARS;

const invalid = (detail: string) => unrecoverable({ reason: UnrecoverableReason.invalidJobParams, detail });

/** The URL an off-chain prompt is fetched from. */
export function promptUrl({ uri, gatewayUrl }: { uri: string; gatewayUrl: string }): string {
  if (uri.startsWith("ar://")) return gatewayUri({ gatewayUrl, id: uri.slice("ar://".length) });
  if (!URL.canParse(uri) || !["http:", "https:"].includes(new URL(uri).protocol)) throw invalid(`prompt URI ${JSON.stringify(uri)} is not http(s):// or ar://`);
  return uri;
}

/** The prompt text of a job (`prompt` inline, else fetched from `promptUri` and checked against `promptHash` hex). */
export async function jobPrompt({
  prompt,
  promptUri,
  promptHash,
  gatewayUrl,
  timeoutMs = 15_000,
}: {
  prompt: string;
  promptUri: string;
  promptHash: string;
  gatewayUrl: string;
  timeoutMs?: number;
}): Promise<string> {
  if (prompt.length > 0) return prompt;
  if (promptUri.length === 0) throw invalid("the job has neither an inline prompt nor a prompt URI");
  const res = await fetch(promptUrl({ uri: promptUri, gatewayUrl }), { signal: AbortSignal.timeout(timeoutMs) });
  if (res.status === 404 || res.status === 410) throw invalid(`prompt at ${promptUri} is gone (${res.status})`);
  if (!res.ok) throw new Error(`prompt at ${promptUri} answered ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.length > MAX_PROMPT_BYTES) throw invalid(`prompt at ${promptUri} is ${bytes.length} bytes, over ${MAX_PROMPT_BYTES}`);
  const hash = createHash("sha256").update(bytes).digest("hex");
  if (hash !== promptHash) throw invalid(`prompt at ${promptUri} hashes to ${hash}, the job recorded ${promptHash}`);
  return bytes.toString("utf8");
}
