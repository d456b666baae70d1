/**
 * Start-up check for generator and verifier nodes: the node's key must have a staked, active
 * `Worker` account, or every claim and attestation would fail. Failing at start names the fix.
 */
import { fetchWorker, workerStatus, WORKER_STATUS } from "@atelier/sdk";
import type { ChainContext } from "./chain-context.js";

/** Thrown when the node's operator key cannot claim or attest. */
export class WorkerNotReadyError extends Error {
  readonly code = "WORKER_NOT_READY" as const;

  constructor(message: string) {
    super(message);
    this.name = "WorkerNotReadyError";
  }
}

/** Resolve when the node's worker account exists and is active; throw {@link WorkerNotReadyError} otherwise. */
export async function assertActiveWorker({ chain }: { chain: ChainContext }): Promise<void> {
  const authority = chain.keypair.publicKey;
  const worker = await fetchWorker({ client: chain.client, authority });
  if (worker === null) {
    throw new WorkerNotReadyError(`key ${authority.toBase58()} has no worker account: register and stake first (operator CLI: worker register --stake <SOL>)`);
  }
  const status = workerStatus({ worker });
  if (status !== WORKER_STATUS.active) {
    throw new WorkerNotReadyError(`worker ${chain.workerAccount.toBase58()} is ${status}: only an active worker can claim or attest`);
  }
}
