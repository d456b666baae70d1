/**
 * Ordered shutdown on SIGINT/SIGTERM: run the registered steps in order (stop taking jobs and let
 * in-flight ones finish up to the deadline, then close queues, Redis and HTTP servers), logging each
 * step. The whole sequence has a hard deadline; a second signal exits at once.
 */
import type { Logger } from "./logger.js";

/** One shutdown step, run in registration order. */
export interface ShutdownStep {
  readonly name: string;
  run(args: { deadlineMs: number }): Promise<unknown>;
}

/** Exit statuses: 0 after a clean shutdown, 1 when a step failed or the deadline passed, 130 forced. */
export const ShutdownExit = { clean: 0, failed: 1, forced: 130 } as const;

/** Result of a shutdown. */
export interface ShutdownReport {
  readonly signal: string;
  readonly ok: boolean;
  readonly steps: readonly { readonly name: string; readonly ok: boolean; readonly ms: number }[];
}

/** The process's shutdown controller. */
export interface Shutdown {
  /** Add a step (steps run in the order they were added). */
  add(step: ShutdownStep): void;
  /** Run the steps now (idempotent: a second call returns the same promise). */
  run(args: { signal: string }): Promise<ShutdownReport>;
  /** Listen for SIGINT and SIGTERM: first runs the steps then exits; second exits at once. */
  listen(): void;
  /** Remove the signal listeners. */
  unlisten(): void;
}

/**
 * Create the shutdown controller. `deadlineMs` bounds the whole sequence: each step receives what is
 * left of it; when it runs out the remaining steps are skipped and the exit status is 1.
 */
export function createShutdown({
  logger,
  deadlineMs,
  exit = (code: number) => process.exit(code),
}: {
  logger: Logger;
  deadlineMs: number;
  exit?: (code: number) => void;
}): Shutdown {
  const steps: ShutdownStep[] = [];
  let running: Promise<ShutdownReport> | undefined;

  async function sequence(signal: string): Promise<ShutdownReport> {
    const started = Date.now();
    logger.info({ signal, deadlineMs, steps: steps.map((s) => s.name) }, "shutdown: started");
    const results: { name: string; ok: boolean; ms: number }[] = [];
    for (const step of steps) {
      const left = deadlineMs - (Date.now() - started);
      const stepStarted = Date.now();
      if (left <= 0) {
        logger.error({ step: step.name }, "shutdown: deadline passed, step skipped");
        results.push({ name: step.name, ok: false, ms: 0 });
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`step "${step.name}" passed the shutdown deadline`)), left);
        });
        await Promise.race([step.run({ deadlineMs: left }), timeout]);
        results.push({ name: step.name, ok: true, ms: Date.now() - stepStarted });
        logger.info({ step: step.name, ms: Date.now() - stepStarted }, "shutdown: step done");
      } catch (error) {
        results.push({ name: step.name, ok: false, ms: Date.now() - stepStarted });
        logger.error({ step: step.name, err: error }, "shutdown: step failed");
      } finally {
        clearTimeout(timer);
      }
    }
    const report = { signal, ok: results.every((r) => r.ok), steps: results };
    logger.info({ ok: report.ok, ms: Date.now() - started }, "shutdown: finished");
    return report;
  }

  const onSignal = (signal: NodeJS.Signals) => {
    if (running !== undefined) {
      logger.warn({ signal }, "shutdown: second signal, exiting now");
      exit(ShutdownExit.forced);
      return;
    }
    void run({ signal }).then((report) => exit(report.ok ? ShutdownExit.clean : ShutdownExit.failed));
  };

  function run({ signal }: { signal: string }): Promise<ShutdownReport> {
    running ??= sequence(signal);
    return running;
  }

  return {
    add(step) {
      steps.push(step);
    },
    run,
    listen() {
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
    },
    unlisten() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
