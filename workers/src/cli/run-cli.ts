/**
 * The operator CLI as a function: parses the global options (`--url`, `--keypair`, `--json`,
 * `--help`), dispatches `worker|artist|job <sub>`, prints the result (text or `--json`) and returns
 * the exit status. Bad arguments print the usage and return 2; refused operations print one line
 * `error: <Name>: what happened — what to do` and return 1.
 */
import { parseArgs } from "node:util";
import { EXIT, UsageError, type ExitCode } from "./cli-error.js";
import { type CliContext, type GlobalOptions, createCliContext } from "./context.js";
import { type CliIo, type CommandResult, processIo, toJson } from "./output.js";
import { describeFailure, failureLine } from "./report-error.js";
import { ARTIST_USAGE, runArtistCommand } from "./commands/artist.js";
import { JOB_USAGE, runJobCommand } from "./commands/job.js";
import { WORKER_USAGE, runWorkerCommand } from "./commands/worker.js";

/** The CLI's usage text. */
export const USAGE = [
  "usage: atelier-worker [--url <RPC>] [--keypair <FILE>] [--json] <command>",
  "",
  ...WORKER_USAGE.map((l) => `  ${l}`),
  "",
  ...ARTIST_USAGE.map((l) => `  ${l}`),
  "",
  ...JOB_USAGE.map((l) => `  ${l}`),
  "",
  "  --url      RPC URL (default $ATELIER_RPC_URL, else http://127.0.0.1:8899)",
  "  --keypair  signing keypair file (default $ATELIER_KEYPAIR, else ~/.config/solana/id.json)",
  "  --json     print one JSON document instead of text",
].join("\n");

const GLOBAL_OPTIONS = {
  url: { type: "string" },
  keypair: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Splits global options (anywhere on the line) from the command and its own arguments. */
function splitGlobal(argv: readonly string[]): { options: GlobalOptions & { help: boolean }; rest: string[] } {
  const { tokens } = parseArgs({ args: [...argv], options: GLOBAL_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const options: { url?: string; keypair?: string; json: boolean; help: boolean } = { json: false, help: false };
  const drop = new Set<number>();
  for (const t of tokens ?? []) {
    if (t.kind !== "option" || !(t.name in GLOBAL_OPTIONS)) continue;
    if (t.name === "url" || t.name === "keypair") {
      if (t.value === undefined) throw new UsageError(`--${t.name} needs a value`);
      options[t.name] = t.value;
      drop.add(t.index);
      if (!t.inlineValue) drop.add(t.index + 1);
    } else {
      options[t.name as "json" | "help"] = true;
      drop.add(t.index);
    }
  }
  return { options, rest: argv.filter((_, i) => !drop.has(i)) };
}

/** Runs the CLI on `argv` (without node and script); never throws. */
export async function runCli({ argv, env = process.env, io = processIo }: { argv: readonly string[]; env?: Readonly<Record<string, string | undefined>>; io?: CliIo }): Promise<ExitCode> {
  let json = argv.includes("--json");
  try {
    const { options, rest } = splitGlobal(argv);
    json = options.json;
    const [group, sub, ...args] = rest;
    if (options.help || group === "help") {
      io.out(USAGE);
      return EXIT.ok;
    }
    if (group === undefined) throw new UsageError("missing command");
    let context: CliContext | undefined;
    const ctx = () => (context ??= createCliContext({ options, env }));
    let result: CommandResult;
    if (group === "worker") result = await runWorkerCommand({ ctx, sub, args });
    else if (group === "artist") result = await runArtistCommand({ ctx, sub, args, io, quiet: json });
    else if (group === "job") result = await runJobCommand({ ctx, sub, args });
    else throw new UsageError(`unknown command '${group}'`);
    io.out(json ? toJson({ value: result.json }) : result.lines.join("\n"));
    return EXIT.ok;
  } catch (error) {
    const f = describeFailure({ error: usageFromParseArgs(error) });
    if (json) io.out(toJson({ value: { error: { name: f.name, code: f.code ?? null, message: f.message, hint: f.hint ?? null } } }));
    io.err(failureLine(f));
    if (f.exit === EXIT.usage) io.err(USAGE);
    if (f.debug && env.ATELIER_DEBUG === "1") io.err(f.debug);
    return f.exit;
  }
}

/** node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options. */
function usageFromParseArgs(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) return new UsageError((error as Error).message);
  return error;
}
