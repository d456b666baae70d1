/**
 * Coalescing atomic JSON writer: `schedule()` marks the state dirty; one write runs at a time
 * (temp file + rename) and always writes the latest snapshot, so bursts cost one or two writes.
 * A failed write is kept and thrown by the next `flush()` instead of crashing the process.
 */
import { rename, writeFile } from "node:fs/promises";

/** Writes `snapshot()` to `path` whenever scheduled; `flush()` resolves once the file is current. */
export class JsonFileWriter {
  private dirty = false;
  private running: Promise<void> | undefined;
  private failure: unknown;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => unknown,
  ) {}

  /** Marks the state changed and starts a write if none is running. */
  schedule(): void {
    this.dirty = true;
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when everything scheduled so far is on disk; throws the last write failure, if any. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      throw failure;
    }
  }

  private async loop(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      const tmp = `${this.path}.tmp`;
      try {
        await writeFile(tmp, JSON.stringify(this.snapshot()));
        await rename(tmp, this.path);
      } catch (error) {
        this.failure = error;
      }
    }
  }
}
