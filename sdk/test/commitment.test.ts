import { createHash } from "node:crypto";
import { Keypair } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { ArgumentError, ATTESTATION_COMMITMENT_DOMAIN, attestationCommitment, newAttestationSalt } from "../src/index.js";

// The program recomputing the same bytes is checked end to end (tests/reveal-attestation.test.ts:
// a reveal of an SDK-made commitment fails with CommitmentMismatch unless the bytes agree).
describe("attestationCommitment", () => {
  const job = Keypair.generate().publicKey;
  const verifier = Keypair.generate().publicKey;
  const salt = newAttestationSalt();

  it("is sha256(domain ‖ job ‖ verifier ‖ score u16 LE ‖ agree byte ‖ salt)", () => {
    const expected = createHash("sha256")
      .update(
        Buffer.concat([
          Buffer.from("atelier/attestation/v1", "utf8"),
          job.toBuffer(),
          verifier.toBuffer(),
          Buffer.from([0x34, 0x12]),
          Buffer.from([1]),
          Buffer.from(salt),
        ]),
      )
      .digest();
    expect(ATTESTATION_COMMITMENT_DOMAIN).toBe("atelier/attestation/v1");
    expect(Buffer.from(attestationCommitment({ job, verifier, score: 0x1234, agree: true, salt }))).toEqual(expected);
  });

  it("changes with every field", () => {
    const base = { job, verifier, score: 3000, agree: true, salt };
    const reference = Buffer.from(attestationCommitment(base)).toString("hex");
    const variants = [
      { ...base, job: verifier },
      { ...base, verifier: job },
      { ...base, score: 3001 },
      { ...base, agree: false },
      { ...base, salt: newAttestationSalt() },
    ];
    for (const v of variants) expect(Buffer.from(attestationCommitment(v)).toString("hex")).not.toBe(reference);
  });

  it("refuses a score outside u16 and a salt that is not 32 bytes", () => {
    expect(() => attestationCommitment({ job, verifier, score: 65_536, agree: false, salt })).toThrow(RangeError);
    expect(() => attestationCommitment({ job, verifier, score: 1.5, agree: false, salt })).toThrow(RangeError);
    expect(() => attestationCommitment({ job, verifier, score: 1, agree: false, salt: new Uint8Array(31) })).toThrow(ArgumentError);
  });
});
