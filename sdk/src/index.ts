// @atelier/sdk: the typed client every TypeScript part uses to reach the Atelier program.
export * from "./accounts.js";
export * from "./client.js";
export * from "./core.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./pda.js";
export * from "./status.js";
export * from "./tx.js";
export * from "./types.js";
export * from "./wallet.js";
export { ATELIER_ERRORS, ATELIER_IDL, type Atelier } from "./generated/atelier.js";
export * from "./instructions/admin.js";
export * from "./instructions/artist.js";
export * from "./instructions/client.js";
export * from "./instructions/crank.js";
export * from "./instructions/verifier.js";
export * from "./instructions/worker.js";
export { BN } from "./bn.js";
