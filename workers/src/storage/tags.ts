/**
 * Tag names Atelier writes on every ANS-104 data item it uploads. Tags are signed with the item, so
 * anyone can query and trust them (GraphQL on Irys / Arweave gateways).
 */

export const AtelierTag = {
  ContentType: "Content-Type",
  AppName: "App-Name",
  AppVersion: "App-Version",
  Kind: "Atelier-Kind",
  Job: "Atelier-Job",
  ContentHash: "Atelier-Content-Hash",
  ModelId: "Atelier-Model-Id",
} as const;
export type AtelierTag = (typeof AtelierTag)[keyof typeof AtelierTag];

export const APP_NAME = "Atelier";
export const APP_VERSION = "1";

/** What an item holds: the image bytes or its metadata JSON. */
export const ItemKind = { Image: "image", Metadata: "metadata" } as const;
export type ItemKind = (typeof ItemKind)[keyof typeof ItemKind];

/** One data-item tag. */
export interface Tag {
  name: string;
  value: string;
}

/** The standard tag list for one Atelier item; `extra` tags follow the standard ones. */
export function atelierTags({
  kind,
  contentType,
  job,
  contentHash,
  modelId,
  extra = [],
}: {
  kind: ItemKind;
  contentType: string;
  job: string;
  contentHash: string;
  modelId?: string;
  extra?: readonly Tag[];
}): Tag[] {
  const tags: Tag[] = [
    { name: AtelierTag.ContentType, value: contentType },
    { name: AtelierTag.AppName, value: APP_NAME },
    { name: AtelierTag.AppVersion, value: APP_VERSION },
    { name: AtelierTag.Kind, value: kind },
    { name: AtelierTag.Job, value: job },
    { name: AtelierTag.ContentHash, value: contentHash },
  ];
  if (modelId !== undefined) tags.push({ name: AtelierTag.ModelId, value: modelId });
  return [...tags, ...extra];
}

/** The value of the first tag called `name` (case-insensitive, as gateways treat Content-Type). */
export function tagValue({ tags, name }: { tags: readonly Tag[]; name: string }): string | undefined {
  const lower = name.toLowerCase();
  return tags.find((t) => t.name.toLowerCase() === lower)?.value;
}
