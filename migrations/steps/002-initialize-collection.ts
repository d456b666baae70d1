// 002: the Metaplex Core collection every accepted image is minted into. Done when the config
// records a collection (the program refuses a second one: CollectionAlreadyInitialized).
import { fetchConfig, fetchCoreCollection, initializeCollection } from "@atelier/sdk";
import type { Step } from "./step.js";

export const initializeCollectionStep: Step = {
  id: "002-initialize-collection",
  title: "create the Metaplex Core collection of accepted images",
  async check(ctx) {
    const config = await fetchConfig({ client: ctx.client });
    if (!config?.collection) return { done: false };
    const collection = await fetchCoreCollection({ client: ctx.client, collection: config.collection });
    if (!collection) return { done: true, note: `the config records collection ${config.collection.toBase58()} but no Core collection exists there` };
    const differs = collection.name !== ctx.collection.name || collection.uri !== ctx.collection.uri;
    return differs ? { done: true, note: `the collection exists as "${collection.name}" ${collection.uri}; it is never replaced` } : { done: true };
  },
  async apply(ctx) {
    const { signature } = await initializeCollection({ client: ctx.client, name: ctx.collection.name, uri: ctx.collection.uri });
    return [signature];
  },
};
