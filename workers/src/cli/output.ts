/** Where the CLI writes: text lines for people, or one JSON document with `--json`. */

/** The CLI's output streams (process stdout/stderr, or buffers in tests). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when progress may redraw one line (stderr is a terminal). */
  readonly interactive: boolean;
}

/** What a command returns: a JSON-safe result and its text rendering. */
export interface CommandResult {
  readonly json: Readonly<Record<string, unknown>>;
  readonly lines: readonly string[];
}

/** Aligned `key  value` lines. */
export function table({ rows }: { rows: readonly (readonly [string, string | number | bigint | null | undefined])[] }): string[] {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.filter(([, v]) => v !== undefined).map(([k, v]) => `${k.padEnd(width)}  ${v === null ? "-" : String(v)}`);
}

/** JSON with bigints as decimal strings. */
export function toJson({ value }: { value: unknown }): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** Process streams; progress redraws only on a terminal. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  interactive: Boolean(process.stderr.isTTY),
};
