/** A progress display on stderr for long work: one redrawn bar on a terminal, a few plain lines otherwise. */
import type { CliIo } from "./output.js";

/** Reports `done` of `total` steps of one task. */
export interface Progress {
  tick(args: { done: number; label?: string }): void;
  finish(args: { summary: string }): void;
}

/** Progress for `total` steps titled `title`; silent when `quiet` (`--json`). */
export function createProgress({ io, title, total, quiet = false }: { io: CliIo; title: string; total: number; quiet?: boolean }): Progress {
  const started = Date.now();
  let lastTenth = -1;
  const write = (text: string) => {
    if (!quiet) io.err(text);
  };
  return {
    tick({ done, label }) {
      const fraction = total === 0 ? 1 : done / total;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (io.interactive && !quiet) {
        const bar = "#".repeat(Math.round(fraction * 24)).padEnd(24, ".");
        process.stderr.write(`\r${title} [${bar}] ${done}/${total} ${seconds}s ${label ?? ""}`.padEnd(100).slice(0, 100));
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth !== lastTenth || done === total) {
        lastTenth = tenth;
        write(`${title}: ${done}/${total} (${Math.round(fraction * 100)}%) ${seconds}s${label ? ` ${label}` : ""}`);
      }
    },
    finish({ summary }) {
      if (io.interactive && !quiet) process.stderr.write("\n");
      write(`${title}: ${summary} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    },
  };
}
