/**
 * Turns any failure into one line for the operator (name, what happened, what to do) and an exit
 * status. Program errors keep their IDL name (`UnbondingNotFinished`); no stack traces for user
 * mistakes. Unexpected bugs print their stack only with ATELIER_DEBUG=1.
 */
import { AtelierError, toAtelierError } from "@atelier/sdk";
import { CliError, EXIT, UsageError, type ExitCode } from "./cli-error.js";

/** What to do about each error name the CLI can meet. */
const HINTS: Readonly<Record<string, string>> = {
  WorkerNotUnbonding: "request unbonding first: worker unstake",
  UnbondingNotFinished: "wait until withdrawable_at (worker status shows it), then worker withdraw",
  JobsInFlight: "wait until your claimed jobs settle or expire, then withdraw",
  StakeBelowMinimum: "stake at least the protocol minimum (min_worker_stake in the config)",
  WorkerNotActive: "the worker is unbonding or deactivated: withdraw, then register again",
  ZeroAmount: "give an amount above 0",
  ProtocolPaused: "the protocol is paused by its admin; try again later",
  NotUpgradeAuthority: "initialize with the key that deployed the program (its upgrade authority; on localnet: --upgrade-authority)",
  NotPendingAdmin: "only the key the admin proposed in update_config can accept the handover",
  AccountAlreadyInUse: "this wallet is already registered: use add-stake / artist update instead",
  AccountNotInitialized: "this wallet is not registered: register first",
  InsufficientFundsForFee: "fund the wallet: it cannot pay the transaction fee",
  AccountNotFound: "fund the wallet: it holds no SOL",
  ResultWithNegativeLamports: "fund the wallet: it holds less than the amount",
  InsufficientFundsForRent: "fund the wallet: it cannot cover the new account's rent",
  InvalidDisplayName: "use a display name of 1 to 32 bytes",
  InvalidUri: "use a catalog URI of 1 to 200 bytes",
  InvalidModelId: "pass --model with the model id the workers serve",
  InvalidImageSize: "use a size the model supports (multiples of 64)",
  InvalidSteps: "use --steps within the model's range",
  DeadlineInPast: "use a later --deadline-minutes",
  PromptTooLong: "prompts stored on chain are at most 512 bytes",
  EmptyPrompt: "give a non-empty --prompt",
  ArtistOptedOut: "this artist opted out",
  RpcUnreachable: "start the validator (npm start -- --keep, or target/debug/localnet) or pass --url",
};

/** The printed line and exit status for `error`. */
export function describeFailure({ error }: { error: unknown }): { exit: ExitCode; name: string; message: string; hint?: string; code?: number | null; debug?: string } {
  if (error instanceof UsageError) return { exit: EXIT.usage, name: error.name, message: error.message };
  if (error instanceof CliError) {
    const hint = error.hint ?? HINTS[error.name];
    return { exit: EXIT.failed, name: error.name, message: error.message, ...(hint ? { hint } : {}) };
  }
  const e: AtelierError = toAtelierError(error);
  if (e.name === "UnknownError" && /fetch failed|ECONNREFUSED|ENOTFOUND|socket hang up/i.test(messageChain(error))) {
    return { exit: EXIT.failed, name: "RpcUnreachable", message: `cannot reach the RPC: ${messageChain(error)}`, hint: HINTS.RpcUnreachable! };
  }
  const hint = HINTS[e.name];
  const debug = e.name === "UnknownError" && error instanceof Error ? error.stack : undefined;
  return { exit: EXIT.failed, name: e.name, message: e.message, code: e.code, ...(hint ? { hint } : {}), ...(debug ? { debug } : {}) };
}

function messageChain(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let i = 0; i < 4 && e instanceof Error; i++) {
    parts.push(e.message);
    e = e.cause;
  }
  return parts.join(": ");
}

/** The one line printed for a failure. */
export function failureLine({ name, message, hint, code }: { name: string; message: string; hint?: string; code?: number | null }): string {
  const firstLine = message.split("\n")[0] ?? "";
  return `error: ${name}${code != null ? ` (${code})` : ""}: ${firstLine}${hint ? ` — ${hint}` : ""}`;
}
