/**
 * Errors the operator CLI reports as one line: {@link UsageError} (bad arguments, exit 2) and
 * {@link CliError} (a refused operation, exit 1) carry a name a script can match and a hint.
 */

/** Exit statuses of the CLI. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad command line: printed with the usage text, exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** An operation refused before or after reaching the chain; `name` is stable, `hint` says what to do. */
export class CliError extends Error {
  override readonly name: string;
  readonly hint: string | undefined;

  constructor({ name, message, hint }: { name: string; message: string; hint?: string }) {
    super(message);
    this.name = name;
    this.hint = hint;
  }
}
