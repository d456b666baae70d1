/** Embed artists' opted-in catalog images with the CLIP vision tower, ready for buildInfluenceIndex. */
import type { Raster } from "../image/raster.js";
import type { ClipScorer } from "./clip-scorer.js";
import type { ArtistCatalog } from "./influence-index.js";

export interface CatalogInput {
  readonly artistId: string;
  /** Only works the artist opted in: the caller filters by consent before calling. */
  readonly works: readonly { workId: string; image: Raster }[];
}

export async function embedCatalogs({ scorer, artists }: { scorer: Pick<ClipScorer, "embedImages">; artists: readonly CatalogInput[] }): Promise<ArtistCatalog[]> {
  const out: ArtistCatalog[] = [];
  for (const artist of artists) {
    const embeddings = await scorer.embedImages({ images: artist.works.map((w) => w.image) });
    out.push({ artistId: artist.artistId, works: artist.works.map((w, i) => ({ workId: w.workId, embedding: embeddings[i]! })) });
  }
  return out;
}
