// Every setup step, in order. Append only: a deployed cluster has run the earlier ones.
import { initializeConfigStep } from "./001-initialize-config.js";
import { initializeCollectionStep } from "./002-initialize-collection.js";
import type { PendingStep, Step } from "./step.js";

export const STEPS: readonly (Step | PendingStep)[] = [
  initializeConfigStep,
  initializeCollectionStep,
];
