// Runs the numbered setup steps in order, skipping those the chain shows as done.
import { createAtelierClient, keypairWallet, type ProtocolParamsInput } from "@atelier/sdk";
import type { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { STEPS } from "./steps/index.js";
import type { CollectionInput, PendingStep, Step, StepContext } from "./steps/step.js";
import { DEFAULT_COLLECTION } from "./params.js";

/** What happened to one step. */
export const STEP_OUTCOME = { applied: "applied", skipped: "skipped", pending: "pending" } as const;
export type StepOutcome = (typeof STEP_OUTCOME)[keyof typeof STEP_OUTCOME];

export interface StepReport {
  id: string;
  outcome: StepOutcome;
  note?: string;
  signatures: string[];
}

const isPending = (s: Step | PendingStep): s is PendingStep => "pending" in s;

/** Runs every step against `connection` as `admin`; prints one progress line per step through `log`. */
export async function runMigrations({
  connection,
  admin,
  treasury,
  params,
  collection = DEFAULT_COLLECTION,
  programId,
  log = (line) => console.log(line),
  steps = STEPS,
}: {
  connection: Connection;
  admin: Keypair;
  treasury: PublicKey;
  params: ProtocolParamsInput;
  collection?: CollectionInput;
  programId?: PublicKey;
  log?: (line: string) => void;
  steps?: readonly (Step | PendingStep)[];
}): Promise<StepReport[]> {
  const client = createAtelierClient({ connection, wallet: keypairWallet({ keypair: admin }), programId });
  const ctx: StepContext = { client, admin, treasury, params, collection };
  const reports: StepReport[] = [];
  for (const [i, step] of steps.entries()) {
    const prefix = `[migrate ${i + 1}/${steps.length}] ${step.id}`;
    if (isPending(step)) {
      log(`${prefix}: pending (${step.pending})`);
      reports.push({ id: step.id, outcome: STEP_OUTCOME.pending, note: step.pending, signatures: [] });
      continue;
    }
    const state = await step.check(ctx);
    if (state.done) {
      log(`${prefix}: already done${state.note ? ` (${state.note})` : ""}`);
      reports.push({ id: step.id, outcome: STEP_OUTCOME.skipped, note: state.note, signatures: [] });
      continue;
    }
    log(`${prefix}: ${step.title}...`);
    const signatures = await step.apply(ctx);
    const after = await step.check(ctx);
    if (!after.done) throw new Error(`${step.id} sent ${signatures.join(", ")} but the chain does not show it done`);
    log(`${prefix}: applied (${signatures.join(", ")})`);
    reports.push({ id: step.id, outcome: STEP_OUTCOME.applied, signatures });
  }
  return reports;
}
