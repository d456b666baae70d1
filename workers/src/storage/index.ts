/** Arweave storage through Irys: the generator/verifier client, metadata schema and errors. */
export { createStorageClient, type StorageClient, type StorageClientOptions, type StoredItemRef } from "./storage-client.js";
export { StorageError, StorageErrorCode, isStorageError } from "./errors.js";
export { fetchFromGateway, gatewayUri, type FetchedItem } from "./gateway.js";
export { buildImageMetadata, imageMetadataSchema, METADATA_SCHEMA, type ImageMetadata, type AtelierProvenance } from "./metadata.js";
export { verifyUploadReceipt, type UploadReceipt } from "./receipt.js";
export { AtelierTag, ItemKind, atelierTags, tagValue, type Tag } from "./tags.js";
export { itemAnchor } from "./item-anchor.js";
export type { FundingOutcome } from "./funding.js";
export type { UploadOutcome } from "./upload-item.js";
