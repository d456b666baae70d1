/**
 * `job create|show`: a client pays SOL into a job's escrow with a prompt, and reads a job back.
 * A settled or cancelled job's account is closed: `job show` then says so.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chainTime, createJob, fetchConfig, fetchJob, fetchProvenance, jobStatus, settlementState, verifiedScore, type JobAccount, type Settlement, type ProvenanceAccount } from "@atelier/sdk";
import type { PublicKey } from "@solana/web3.js";
import { DEFAULT_MODEL_DIR } from "../../env.js";
import { loadModelDir } from "../../inference/model-dir.js";
import { formatSol, parsePubkey, parseSol, parseWhole, positionals } from "../args.js";
import { CliError, UsageError } from "../cli-error.js";
import { type CliContext, requireBalance } from "../context.js";
import { type CommandResult, table } from "../output.js";

/** Usage of the job commands. */
export const JOB_USAGE = [
  "job create --prompt <TEXT> --price <SOL> [--model <ID>] [--seed N] [--steps N] [--size N] [--guidance X]",
  "           [--deadline-minutes N] [--job-id N]",
  "                                  escrow the price for a prompt; prints the job address",
  "job show <JOB ADDRESS>            status, result, attestations and settlement of a job",
] as const;

/** The model id of the default text-to-image model directory (the tiny models). */
async function defaultModelId(): Promise<string> {
  const dir = join(DEFAULT_MODEL_DIR, "sd-tiny");
  try {
    return (await loadModelDir({ dir })).identity.modelId;
  } catch {
    throw new UsageError(`--model <ID> is required (no model at ${dir}; npm run models:tiny creates the tiny ones)`);
  }
}

async function create(ctx: CliContext, v: Record<string, string | undefined>): Promise<CommandResult> {
  if (v.prompt === undefined || v.prompt.trim() === "") throw new UsageError("--prompt <TEXT> is required");
  const payment = parseSol({ value: v.price, flag: "--price" });
  const steps = v.steps === undefined ? 1 : parseWhole({ value: v.steps, flag: "--steps", min: 1, max: 1000 });
  const size = v.size === undefined ? 256 : parseWhole({ value: v.size, flag: "--size", min: 8, max: 4096 });
  const deadlineMinutes = v["deadline-minutes"] === undefined ? 60 : parseWhole({ value: v["deadline-minutes"], flag: "--deadline-minutes", min: 1, max: 525_600 });
  const seed = v.seed === undefined ? randomBytes(4).readUInt32LE() : parseWhole({ value: v.seed, flag: "--seed", min: 0, max: Number.MAX_SAFE_INTEGER });
  const jobId = v["job-id"] === undefined ? randomBytes(6).readUIntLE(0, 6) : parseWhole({ value: v["job-id"], flag: "--job-id", min: 0, max: Number.MAX_SAFE_INTEGER });
  let guidanceX100 = 0;
  if (v.guidance !== undefined) {
    const g = Number(v.guidance);
    if (!Number.isFinite(g) || g < 0 || g > 600) throw new UsageError(`--guidance must be a number from 0 to 600, got '${v.guidance}'`);
    guidanceX100 = Math.round(g * 100);
  }
  const modelId = v.model ?? (await defaultModelId());
  if (!(await fetchConfig({ client: ctx.client }))) {
    throw new CliError({ name: "ConfigNotInitialized", message: "the protocol config is not initialized on this cluster", hint: "run npm run migrate" });
  }
  await requireBalance({ ctx, lamports: payment, what: "the price" });
  const deadline = (await chainTime({ client: ctx.client })) + deadlineMinutes * 60;
  const sent = await createJob({
    client: ctx.client,
    jobId,
    modelId,
    prompt: { text: v.prompt },
    params: { seed, steps, width: size, height: size, guidanceX100 },
    payment,
    deadline,
  });
  const json = { job: sent.job.toBase58(), jobId, modelId, prompt: v.prompt, priceLamports: payment.toString(), seed, steps, size, guidanceX100, deadline, signature: sent.signature };
  return {
    json,
    lines: [
      `created job ${json.job} (tx ${sent.signature})`,
      ...table({
        rows: [
          ["price", `${formatSol({ lamports: payment })} SOL escrowed`],
          ["model", modelId],
          ["params", `seed ${seed}, ${steps} step(s), ${size}x${size}, guidance ${guidanceX100 / 100}`],
          ["deadline", new Date(deadline * 1000).toISOString()],
        ],
      }),
      `follow it with: job show ${json.job}`,
    ],
  };
}

/** A job account as JSON-safe fields and text rows. */
export function describeJob({
  address,
  job,
  provenance,
  settlement,
}: {
  address: PublicKey;
  job: JobAccount;
  provenance: ProvenanceAccount | null;
  /** What `finalize_job` would do now, or "unknown" without a config. */
  settlement: Settlement | "unknown";
}): CommandResult {
  const submitted = jobStatus({ job }) === "submitted";
  const json = {
    job: address.toBase58(),
    status: jobStatus({ job }),
    client: job.client.toBase58(),
    worker: job.worker?.toBase58() ?? null,
    modelId: job.modelId,
    prompt: job.prompt || job.promptUri,
    paymentLamports: job.payment.toString(),
    params: { seed: job.params.seed.toString(), steps: job.params.steps, width: job.params.width, height: job.params.height, guidanceX100: job.params.guidanceX100 },
    deadline: job.deadline.toNumber(),
    contentHash: submitted ? Buffer.from(job.contentHash).toString("hex") : null,
    storageId: provenance?.storageId ?? null,
    metadataUri: provenance?.metadataUri ?? null,
    clipScore: submitted ? job.clipScore : null,
    influences: (provenance?.influences ?? []).map((i) => ({ artist: i.artist.toBase58(), bps: i.bps })),
    // In commit order; score and verdict stay hidden (null) until the verifier reveals.
    attestations: job.attestations.map((a) => ({ verifier: a.authority.toBase58(), revealed: a.revealed, score: a.revealed ? a.score : null, agree: a.revealed ? a.agree : null })),
    verifiedScore: settlement === "unknown" ? null : verifiedScore({ job, settlement }),
    settlement,
  };
  const rows: [string, string | number | null][] = [
    ["job", json.job],
    ["status", json.status],
    ["client", json.client],
    ["worker", json.worker],
    ["model", json.modelId],
    ["prompt", json.prompt],
    ["payment", `${formatSol({ lamports: BigInt(json.paymentLamports) })} SOL`],
    ["deadline", new Date(json.deadline * 1000).toISOString()],
  ];
  if (submitted) {
    rows.push(["content hash", json.contentHash], ["storage id", json.storageId], ["metadata", json.metadataUri], ["CLIP score", ((json.clipScore ?? 0) / 100).toFixed(2)]);
    for (const i of json.influences) rows.push(["influence", `${i.artist} ${i.bps} bps`]);
    for (const a of json.attestations) {
      rows.push(["attestation", a.revealed ? `${a.verifier} ${a.agree ? "agrees" : "disagrees"}, score ${((a.score ?? 0) / 100).toFixed(2)}` : `${a.verifier} committed, not revealed yet`]);
    }
    rows.push(["settlement", settlement]);
  }
  return { json, lines: table({ rows }) };
}

async function show(ctx: CliContext, address: PublicKey): Promise<CommandResult> {
  const job = await fetchJob({ client: ctx.client, job: address });
  if (!job) {
    throw new CliError({
      name: "JobNotFound",
      message: `no job account at ${address.toBase58()}`,
      hint: "it was never created, or it is settled or cancelled (settled jobs close their account; look up the image by its hash)",
    });
  }
  const [config, now] = await Promise.all([fetchConfig({ client: ctx.client }), chainTime({ client: ctx.client })]);
  const settlement = config ? settlementState({ job, config, now }) : "unknown";
  const submitted = jobStatus({ job }) === "submitted";
  const provenance = submitted ? await fetchProvenance({ client: ctx.client, contentHash: Uint8Array.from(job.contentHash) }) : null;
  return describeJob({ address, job, provenance, settlement });
}

/** Runs `job <sub> ...args`. */
export async function runJobCommand({ ctx, sub, args }: { ctx: () => CliContext; sub: string | undefined; args: readonly string[] }): Promise<CommandResult> {
  switch (sub) {
    case "create": {
      const options = Object.fromEntries(["prompt", "price", "model", "seed", "steps", "size", "guidance", "deadline-minutes", "job-id"].map((k) => [k, { type: "string" as const }]));
      const { values, positionals: rest } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
      positionals({ given: rest, names: [] });
      return create(ctx(), values as Record<string, string | undefined>);
    }
    case "show": {
      const { positionals: rest } = parseArgs({ args: [...args], options: {}, allowPositionals: true, strict: true });
      const [address] = positionals({ given: rest, names: ["job address"] });
      const key = parsePubkey({ value: address, flag: "<job address>" });
      return show(ctx(), key);
    }
    default:
      throw new UsageError(sub === undefined ? "job needs a subcommand" : `unknown job subcommand '${sub}'`);
  }
}
