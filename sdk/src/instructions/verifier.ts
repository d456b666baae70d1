import { createHash, randomBytes } from "node:crypto";
import { SYSVAR_SLOT_HASHES_PUBKEY, type PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { signerKey, type AtelierClient } from "../client.js";
import type { AtelierError } from "../errors.js";
import { configPda, workerPda } from "../pda.js";
import { simulateInstructions, type SendOptions, type SentTransaction } from "../tx.js";
import { toHashArray } from "../types.js";
import { sendOne } from "./send.js";

/** Domain tag of an attestation commitment (`state/job.rs`, `attestation_commitment`). */
export const ATTESTATION_COMMITMENT_DOMAIN = "atelier/attestation/v1";

/** What a verifier commits to and later reveals. */
export interface AttestationSecret {
  /** The verifier's own CLIP score of the stored image (cosine × 10000). */
  score: number;
  /** Whether the verifier agrees the result is faithful (needs score ≥ the CLIP floor at reveal). */
  agree: boolean;
  /** 32 secret random bytes ({@link newAttestationSalt}); lose them and the reveal is impossible (a slash). */
  salt: Uint8Array | number[];
}

/** 32 fresh random bytes for a commitment. */
export function newAttestationSalt(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

/**
 * The commitment `commit_attestation` records: sha256 of the domain tag, the job, the verifier's
 * **worker (stake) account** (not its wallet), the score as u16 little-endian, the verdict as one
 * byte and the salt. The program recomputes it at `reveal_attestation` (`CommitmentMismatch`).
 */
export function attestationCommitment({
  job,
  verifier,
  score,
  agree,
  salt,
}: AttestationSecret & { job: PublicKey; verifier: PublicKey }): Uint8Array {
  if (!Number.isInteger(score) || score < 0 || score > 0xffff) throw new RangeError(`score must be a u16, got ${score}`);
  const saltBytes = Uint8Array.from(toHashArray({ hash: salt, what: "salt" }));
  const scoreLe = new Uint8Array([score & 0xff, score >> 8]);
  return new Uint8Array(
    createHash("sha256")
      .update(ATTESTATION_COMMITMENT_DOMAIN, "utf8")
      .update(job.toBuffer())
      .update(verifier.toBuffer())
      .update(scoreLe)
      .update(new Uint8Array([agree ? 1 : 0]))
      .update(saltBytes)
      .digest(),
  );
}

/**
 * `commit_attestation`: a verifier drawn for the job (stake-weighted sortition seeded by the
 * slot hash after submission) records a commitment to its score and verdict. Refused for the
 * job's worker (`SelfAttestation`) and client (`ClientAttestation`), a verifier not drawn
 * (`VerifierNotDrawn`) or whose stake rose at or after submission (`StakeRaisedAfterSubmission`),
 * after the commit phase (`CommitClosed`), and while the seeding slot hash does not exist yet
 * (`SeedPending`: retry after a slot).
 */
export interface CommitAttestationInput {
  client: AtelierClient;
  job: PublicKey;
  /** {@link attestationCommitment} of the verifier's score, verdict and salt. */
  commitment: Uint8Array | number[];
}

export async function commitAttestationIx({ client, job, commitment }: CommitAttestationInput): Promise<TransactionInstruction> {
  const authority = signerKey({ client });
  return client.program.methods
    .commitAttestation(toHashArray({ hash: commitment, what: "commitment" }))
    .accountsStrict({
      authority,
      config: configPda({ programId: client.programId }).address,
      verifier: workerPda({ authority, programId: client.programId }).address,
      job,
      slotHashes: SYSVAR_SLOT_HASHES_PUBKEY,
    })
    .instruction();
}

export async function commitAttestation(input: CommitAttestationInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await commitAttestationIx(input) });
}

/**
 * Asks the chain whether this wallet's commit on the job would be accepted now, without sending
 * anything: simulates `commit_attestation` with a placeholder commitment. Returns null when it
 * would succeed (drawn, commit phase open), else the program's typed error (`VerifierNotDrawn`,
 * `SeedPending`, `CommitClosed`, …). The program's draw is the only draw; nothing here
 * re-implements it.
 */
export async function simulateCommitAttestation({ client, job }: { client: AtelierClient; job: PublicKey }): Promise<AtelierError | null> {
  const instruction = await commitAttestationIx({ client, job, commitment: new Uint8Array(32) });
  return simulateInstructions({ client, instructions: [instruction] });
}

/**
 * `reveal_attestation`: opens a commitment once the commit phase is over (committee full or the
 * commit window passed; `RevealNotOpen` before) and before the verification window closes
 * (`VerificationWindowClosed`). The score, verdict and salt must hash to the commitment
 * (`CommitmentMismatch`); an agreeing reveal needs a score at the CLIP floor (`AgreeBelowFloor`).
 */
export interface RevealAttestationInput extends AttestationSecret {
  client: AtelierClient;
  job: PublicKey;
}

export async function revealAttestationIx({ client, job, score, agree, salt }: RevealAttestationInput): Promise<TransactionInstruction> {
  const authority = signerKey({ client });
  return client.program.methods
    .revealAttestation({ score, agree, salt: toHashArray({ hash: salt, what: "salt" }) })
    .accountsStrict({
      authority,
      config: configPda({ programId: client.programId }).address,
      verifier: workerPda({ authority, programId: client.programId }).address,
      job,
    })
    .instruction();
}

export async function revealAttestation(input: RevealAttestationInput & SendOptions): Promise<SentTransaction> {
  return sendOne({ input, instruction: await revealAttestationIx(input) });
}
