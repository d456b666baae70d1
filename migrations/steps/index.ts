// Every setup step, in order. Append only: a deployed cluster has run the earlier ones.
import { initializeConfigStep } from "./001-initialize-config.js";
import type { PendingStep, Step } from "./step.js";

export const STEPS: readonly (Step | PendingStep)[] = [
  initializeConfigStep,
  {
    id: "002-initialize-collection",
    title: "create the Metaplex Core collection of accepted images",
    pending: "initialize_collection is not in this program yet (issue 3); this step is wired when it merges",
  },
];
