/**
 * The generator's local spool: images between stages live on disk (never in Redis job data), as
 * PNG files named after the job, written atomically. A retry on the same host reads them back; a
 * retry elsewhere re-derives them (generation is seeded and encoding deterministic).
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Paths and I/O of one spool directory. */
export interface Spool {
  readonly dir: string;
  /** The file for `job`'s `kind` (`raw` raster, `image` final bytes). */
  path(args: { job: string; kind: "raw" | "image" }): string;
  write(args: { path: string; bytes: Uint8Array }): Promise<void>;
  /** The bytes, or undefined when the file is not there. */
  read(args: { path: string }): Promise<Buffer | undefined>;
  /** Remove every file of `job`. */
  clear(args: { job: string }): Promise<void>;
}

/** Open (and create) the spool in `dir`. */
export async function openSpool({ dir }: { dir: string }): Promise<Spool> {
  await mkdir(dir, { recursive: true });
  const path = ({ job, kind }: { job: string; kind: "raw" | "image" }) => join(dir, `${job}.${kind}.png`);
  return {
    dir,
    path,
    async write({ path: file, bytes }) {
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    },
    async read({ path: file }) {
      try {
        return await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async clear({ job }) {
      await Promise.all((["raw", "image"] as const).map((kind) => rm(path({ job, kind }), { force: true })));
    },
  };
}
