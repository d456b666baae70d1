/**
 * `artist index <catalog dir> --out <index file>`: embeds the artist's catalog images with the CLIP
 * model the workers use and writes (or updates) the influence index the generators load
 * (ATELIER_INFLUENCE_INDEX). The artist id in the index is the artist's registry account, so the
 * chain can check opt-in; an existing index keeps its other artists and replaces this one's works.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { artistPda } from "@atelier/sdk";
import type { PublicKey } from "@solana/web3.js";
import { decodeImage } from "../../image/encode.js";
import { DEFAULT_MODEL_DIR } from "../../env.js";
import { createClipScorer } from "../../inference/clip-scorer.js";
import { type ArtistCatalog, type InfluenceIndex, buildInfluenceIndex, loadInfluenceIndex, saveInfluenceIndex } from "../../inference/influence-index.js";
import { readCatalogDir } from "../catalog-files.js";
import { CliError } from "../cli-error.js";
import type { CliIo, CommandResult } from "../output.js";
import { createProgress } from "../progress.js";

/** The artists of an index as catalogs (to rebuild it with one artist replaced). */
export function catalogsOf({ index }: { index: InfluenceIndex }): ArtistCatalog[] {
  return index.artistIds.map((artistId, a) => {
    const works = [];
    for (let w = index.workOffsets[a]!; w < index.workOffsets[a + 1]!; w++) {
      works.push({ workId: index.workIds[w]!, embedding: index.works.slice(w * index.dim, (w + 1) * index.dim) });
    }
    return { artistId, works };
  });
}

/** Embeds `dir` for `authority`'s artist account and merges it into `out`. */
export async function indexCatalog({
  io,
  quiet,
  dir,
  out,
  authority,
  programId,
  clipModelDir = join(DEFAULT_MODEL_DIR, "clip-tiny"),
  batch = 4,
}: {
  io: CliIo;
  quiet: boolean;
  dir: string;
  out: string;
  authority: PublicKey;
  programId: PublicKey;
  clipModelDir?: string;
  batch?: number;
}): Promise<CommandResult> {
  const { files, catalogHash } = await readCatalogDir({ dir });
  const artistId = artistPda({ authority, programId }).address.toBase58();
  const clip = await createClipScorer({ modelDir: clipModelDir, execution: { provider: "cpu", deviceId: 0, allowCpuFallback: true } }).catch((e: unknown) => {
    throw new CliError({ name: "ModelNotFound", message: `cannot load the CLIP model at ${clipModelDir}: ${(e as Error).message}`, hint: "run npm run models:tiny, or pass --clip <model dir>" });
  });
  try {
    const progress = createProgress({ io, title: `embedding ${files.length} works`, total: files.length, quiet });
    const works: { workId: string; embedding: Float32Array }[] = [];
    for (let i = 0; i < files.length; i += batch) {
      const chunk = files.slice(i, i + batch);
      const images = [];
      for (const f of chunk) {
        try {
          images.push((await decodeImage({ bytes: await readFile(f.path) })).image);
        } catch (e) {
          throw new CliError({ name: "CatalogImageInvalid", message: `cannot decode ${f.path}: ${(e as Error).message}` });
        }
      }
      const embeddings = await clip.embedImages({ images });
      chunk.forEach((f, k) => works.push({ workId: `${f.name}#${f.sha256.slice(0, 16)}`, embedding: embeddings[k]! }));
      progress.tick({ done: works.length, label: chunk.at(-1)!.name });
    }
    progress.finish({ summary: `${works.length} embeddings` });
    const others = existsSync(out) ? catalogsOf({ index: await loadInfluenceIndex({ path: out, expectedModelId: clip.model.modelId }) }).filter((a) => a.artistId !== artistId) : [];
    const index = buildInfluenceIndex({ modelId: clip.model.modelId, artists: [...others, { artistId, works }] });
    await mkdir(dirname(out), { recursive: true });
    await saveInfluenceIndex({ index, path: out });
    const json = { artist: artistId, works: works.length, artistsInIndex: index.artistIds.length, clipModelId: clip.model.modelId, index: out, catalogHash: catalogHash.toString("hex") };
    return {
      json,
      lines: [
        `indexed ${works.length} works of artist ${artistId} into ${out} (${index.artistIds.length} artist(s), model ${clip.model.modelId})`,
        `catalog hash ${json.catalogHash} (record it with: artist update --catalog ${dir})`,
      ],
    };
  } finally {
    await clip.close();
  }
}
