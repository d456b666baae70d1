/**
 * An artist's catalog directory: its image files (PNG, JPEG, WebP; sorted by name) and the catalog
 * hash recorded on chain: sha256 over the sorted `sha256(file)  name` lines (sha256sum's format).
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { CliError } from "./cli-error.js";

const IMAGE_EXTENSIONS = new Set([".png", ".jpg", ".jpeg", ".webp"]);

/** One image of a catalog. */
export interface CatalogFile {
  readonly name: string;
  readonly path: string;
  readonly sha256: string;
}

/** The catalog's image files and its hash; fails clearly on a missing or empty directory. */
export async function readCatalogDir({ dir }: { dir: string }): Promise<{ files: CatalogFile[]; catalogHash: Buffer }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    throw new CliError({ name: "CatalogNotFound", message: `cannot read catalog directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, hint: "pass a directory of PNG/JPEG/WebP images" });
  }
  const images = names.filter((n) => IMAGE_EXTENSIONS.has(extname(n).toLowerCase())).sort();
  if (images.length === 0) throw new CliError({ name: "CatalogEmpty", message: `no PNG, JPEG or WebP images in ${dir}`, hint: "put the artist's opted-in works in the directory" });
  const files: CatalogFile[] = [];
  for (const name of images) {
    const path = join(dir, name);
    files.push({ name, path, sha256: createHash("sha256").update(await readFile(path)).digest("hex") });
  }
  const listing = files.map((f) => `${f.sha256}  ${f.name}\n`).join("");
  return { files, catalogHash: createHash("sha256").update(listing).digest() };
}
