// Anchor's BN. Node's ESM loader cannot see `BN` among @coral-xyz/anchor's CommonJS named
// exports, so it is read from the module object (works under Node, tsx and vitest alike).
import anchor from "@coral-xyz/anchor";

export const BN = anchor.BN;
export type BN = InstanceType<typeof anchor.BN>;
