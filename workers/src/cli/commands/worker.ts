/**
 * `worker register|add-stake|unstake|withdraw|status`: a worker operator's stake, read and changed
 * through the SDK. Each subcommand returns its result; errors are thrown for `run-cli` to report.
 */
import { addStake, chainTime, fetchConfig, fetchWorker, registerWorker, requestUnstake, withdrawStake, workerPda, workerStatus, type WorkerAccount } from "@atelier/sdk";
import { parseArgs } from "node:util";
import { formatSol, parseSol, positionals } from "../args.js";
import { CliError, UsageError } from "../cli-error.js";
import { type CliContext, requireBalance } from "../context.js";
import { type CommandResult, table } from "../output.js";

/** Usage of the worker commands. */
export const WORKER_USAGE = [
  "worker register --stake <SOL>     stake and register this wallet as a worker",
  "worker add-stake --amount <SOL>   add stake to an active worker",
  "worker unstake                    request unstake (starts the unbonding period)",
  "worker withdraw                   after unbonding: withdraw stake + rent, close the worker",
  "worker status                     stake, status, withdrawable_at, jobs, scores, earnings",
] as const;

const notRegistered = (ctx: CliContext) =>
  new CliError({
    name: "WorkerNotRegistered",
    message: `wallet ${ctx.keypair.publicKey.toBase58()} has no worker account`,
    hint: "register first: worker register --stake <SOL>",
  });

async function ownWorker(ctx: CliContext): Promise<WorkerAccount> {
  const worker = await fetchWorker({ client: ctx.client, authority: ctx.keypair.publicKey });
  if (!worker) throw notRegistered(ctx);
  return worker;
}

const time = (unix: number | null) => (unix === null ? null : `${new Date(unix * 1000).toISOString()} (${unix})`);

/** The worker's account as JSON-safe fields and text rows. */
export function describeWorker({ ctx, worker, balance, now }: { ctx: CliContext; worker: WorkerAccount; balance: number; now: number }): CommandResult {
  const count = worker.scores.count.toNumber();
  const mean = count === 0 ? null : Number(BigInt(worker.scores.sum.toString()) / BigInt(count));
  const withdrawableAt = worker.withdrawableAt === null ? null : worker.withdrawableAt.toNumber();
  const json = {
    authority: ctx.keypair.publicKey.toBase58(),
    worker: workerPda({ authority: ctx.keypair.publicKey, programId: ctx.client.programId }).address.toBase58(),
    status: workerStatus({ worker }),
    stakeLamports: worker.stake.toString(),
    withdrawableAt,
    withdrawableNow: withdrawableAt !== null && now >= withdrawableAt && worker.jobsInFlight === 0 && worker.verificationsInFlight === 0,
    jobsInFlight: worker.jobsInFlight,
    /** Commitments on jobs not settled yet (the stake answers for their reveals). */
    verificationsInFlight: worker.verificationsInFlight,
    jobsCompleted: worker.jobsCompleted.toNumber(),
    jobsFailed: worker.jobsFailed.toNumber(),
    attestations: worker.attestations.toNumber(),
    scoreCount: count,
    meanScore: mean,
    totalEarnedLamports: worker.totalEarned.toString(),
    totalSlashedLamports: worker.totalSlashed.toString(),
    walletLamports: balance,
  };
  const lines = table({
    rows: [
      ["worker", json.worker],
      ["authority", json.authority],
      ["status", json.status],
      ["stake", `${formatSol({ lamports: BigInt(json.stakeLamports) })} SOL`],
      ["withdrawable at", withdrawableAt === null ? "- (active)" : `${time(withdrawableAt)}${json.withdrawableNow ? " — withdrawable now" : ""}`],
      ["jobs", `${json.jobsCompleted} completed, ${json.jobsFailed} failed, ${json.jobsInFlight} in flight`],
      ["attestations", `${json.attestations} revealed, ${json.verificationsInFlight} committed on unsettled jobs`],
      ["scores", mean === null ? "none verified yet" : `${count} verified, mean ${(mean / 100).toFixed(2)}`],
      ["earned", `${formatSol({ lamports: BigInt(json.totalEarnedLamports) })} SOL`],
      ["slashed", `${formatSol({ lamports: BigInt(json.totalSlashedLamports) })} SOL`],
      ["wallet balance", `${formatSol({ lamports: balance })} SOL`],
    ],
  });
  return { json, lines };
}

async function status(ctx: CliContext): Promise<CommandResult> {
  const worker = await ownWorker(ctx);
  const [balance, now] = await Promise.all([ctx.connection.getBalance(ctx.keypair.publicKey, "confirmed"), chainTime({ client: ctx.client })]);
  return describeWorker({ ctx, worker, balance, now });
}

async function register(ctx: CliContext, stake: bigint): Promise<CommandResult> {
  if (await fetchWorker({ client: ctx.client, authority: ctx.keypair.publicKey })) {
    throw new CliError({ name: "WorkerAlreadyRegistered", message: `wallet ${ctx.keypair.publicKey.toBase58()} is already a worker`, hint: "use worker add-stake --amount <SOL>" });
  }
  const config = await fetchConfig({ client: ctx.client });
  if (!config) throw new CliError({ name: "ConfigNotInitialized", message: "the protocol config is not initialized on this cluster", hint: "run npm run migrate" });
  const min = BigInt(config.params.minWorkerStake.toString());
  if (stake < min) {
    throw new CliError({ name: "StakeBelowMinimum", message: `stake ${formatSol({ lamports: stake })} SOL is below the protocol minimum ${formatSol({ lamports: min })} SOL` });
  }
  await requireBalance({ ctx, lamports: stake, what: "the stake" });
  const sent = await registerWorker({ client: ctx.client, stake });
  const summary = await status(ctx);
  return { json: { ...summary.json, signature: sent.signature }, lines: [`registered worker ${sent.worker.toBase58()} (tx ${sent.signature})`, ...summary.lines] };
}

async function add(ctx: CliContext, amount: bigint): Promise<CommandResult> {
  await ownWorker(ctx);
  await requireBalance({ ctx, lamports: amount, what: "the added stake" });
  const sent = await addStake({ client: ctx.client, amount });
  const summary = await status(ctx);
  return { json: { ...summary.json, signature: sent.signature }, lines: [`added ${formatSol({ lamports: amount })} SOL (tx ${sent.signature})`, ...summary.lines] };
}

async function unstake(ctx: CliContext): Promise<CommandResult> {
  await ownWorker(ctx);
  const sent = await requestUnstake({ client: ctx.client });
  const summary = await status(ctx);
  return { json: { ...summary.json, signature: sent.signature }, lines: [`unstake requested (tx ${sent.signature})`, ...summary.lines] };
}

async function withdraw(ctx: CliContext): Promise<CommandResult> {
  const worker = await ownWorker(ctx);
  const before = await ctx.connection.getBalance(ctx.keypair.publicKey, "confirmed");
  const sent = await withdrawStake({ client: ctx.client });
  const after = await ctx.connection.getBalance(ctx.keypair.publicKey, "confirmed");
  const json = {
    authority: ctx.keypair.publicKey.toBase58(),
    stakeLamports: worker.stake.toString(),
    walletDeltaLamports: after - before,
    walletLamports: after,
    signature: sent.signature,
  };
  const lines = [
    `withdrew the stake and closed the worker account (tx ${sent.signature})`,
    ...table({
      rows: [
        ["stake returned", `${formatSol({ lamports: BigInt(json.stakeLamports) })} SOL (+ account rent, − fee)`],
        ["wallet change", `${formatSol({ lamports: json.walletDeltaLamports })} SOL`],
        ["wallet balance", `${formatSol({ lamports: after })} SOL`],
      ],
    }),
  ];
  return { json, lines };
}

/** Runs `worker <sub> ...args`. */
export async function runWorkerCommand({ ctx, sub, args }: { ctx: () => CliContext; sub: string | undefined; args: readonly string[] }): Promise<CommandResult> {
  switch (sub) {
    case "register": {
      const { values, positionals: rest } = parseArgs({ args: [...args], options: { stake: { type: "string" } }, allowPositionals: true, strict: true });
      positionals({ given: rest, names: [] });
      const stake = parseSol({ value: values.stake, flag: "--stake" });
      return register(ctx(), stake);
    }
    case "add-stake": {
      const { values, positionals: rest } = parseArgs({ args: [...args], options: { amount: { type: "string" } }, allowPositionals: true, strict: true });
      positionals({ given: rest, names: [] });
      const amount = parseSol({ value: values.amount, flag: "--amount" });
      return add(ctx(), amount);
    }
    case "unstake":
    case "withdraw":
    case "status": {
      const { positionals: rest } = parseArgs({ args: [...args], options: {}, allowPositionals: true, strict: true });
      positionals({ given: rest, names: [] });
      const c = ctx();
      return sub === "unstake" ? unstake(c) : sub === "withdraw" ? withdraw(c) : status(c);
    }
    default:
      throw new UsageError(sub === undefined ? "worker needs a subcommand" : `unknown worker subcommand '${sub}'`);
  }
}
