// Benchmark: transactions per second for a representative Atelier instruction mix against a
// spawned localnet, and p50/p99 of send + confirm, through an unmodified Anchor client.
//
//   npx tsx scripts/bench-localnet.ts [--pipelines 8] [--jobs 5]
//
// Each pipeline registers an artist and three workers (one worker, two verifiers), then runs
// `--jobs` whole job lives: create_job, claim_job, submit_result, commit_attestation ×2,
// reveal_attestation ×2, finalize_job (accepted: pays and mints the Core asset). Pipelines run
// concurrently; every transaction is sent and confirmed with `.rpc()`. The verifier committee is 2
// with oversampling 255, so both verifiers of a pipeline are always drawn (as in the TS suites);
// the commitment hash is the SDK's pure `attestationCommitment` (the program checks it at reveal).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import anchor from "@coral-xyz/anchor";
import type { Idl } from "@coral-xyz/anchor";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey, SYSVAR_SLOT_HASHES_PUBKEY } from "@solana/web3.js";
import { attestationCommitment, newAttestationSalt } from "@atelier/sdk";

import { startLocalnet } from "../tests/setup/localnet.js";

const { AnchorProvider, BN, Program, Wallet } = anchor;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const idl = JSON.parse(readFileSync(resolve(root, "idl/atelier.json"), "utf8")) as Idl;

const { values } = parseArgs({
  options: { pipelines: { type: "string", default: "8" }, jobs: { type: "string", default: "5" } },
});
const PIPELINES = Number(values.pipelines);
const JOBS = Number(values.jobs);

type Sample = { ix: string; ms: number };
const samples: Sample[] = [];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProgram = any;

function programFor(connection: Connection, signer: Keypair): AnyProgram {
  return new Program(idl, new AnchorProvider(connection, new Wallet(signer), { commitment: "confirmed" }));
}

async function timed(ix: string, send: () => Promise<string>): Promise<void> {
  const t = performance.now();
  await send();
  samples.push({ ix, ms: performance.now() - t });
}

function pda(programId: PublicKey, ...seeds: (Buffer | Uint8Array)[]): PublicKey {
  return PublicKey.findProgramAddressSync(seeds, programId)[0];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const CORE_PROGRAM_ID = new PublicKey("CoREENxT6tW1HoK8ypY1SxRMZTcVPm7R94rH4PZNhX7d");
/** `SeedPending` as the runtime prints it (`custom program error: 0x…`). */
const SEED_PENDING = `0x${((idl as Idl & { errors: { name: string; code: number }[] }).errors.find((e) => e.name === "SeedPending")?.code ?? 0).toString(16)}`;

async function main(): Promise<void> {
  const admin = Keypair.generate();
  // initialize_config is the upgrade authority's: the localnet records the admin as the deployer.
  const net = await startLocalnet({ args: ["--upgrade-authority", admin.publicKey.toBase58()] });
  const connection = new Connection(net.url, { commitment: "confirmed", wsEndpoint: net.wsUrl });
  try {
    const airdrop = async (k: PublicKey, sol: number) => {
      const signature = await connection.requestAirdrop(k, sol * LAMPORTS_PER_SOL);
      await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) });
    };
    const treasury = Keypair.generate();
    await airdrop(admin.publicKey, 10);
    await airdrop(treasury.publicKey, 1);
    const adminProgram = programFor(connection, admin);
    const programId: PublicKey = adminProgram.programId;
    await adminProgram.methods
      .initializeConfig({
        protocolFeeBps: 500, verifierFeeBps: 300, minWorkerStake: new BN(LAMPORTS_PER_SOL),
        unbondingPeriod: new BN(3600), claimTimeout: new BN(600), verificationWindow: new BN(3600),
        commitWindow: new BN(1200), verifierQuorum: 2, verifierCommittee: 2, verifierOversample: 255,
        verifierTolerance: 300, verifierSlashBps: 1000, clipScoreFloor: 2000, slashBps: 1000, latePenaltyBps: 100,
        royaltyBps: 500, royaltyEnforcement: { none: {} }, mintDeposit: new BN(20_000_000),
        auditMinJobs: 30, auditThresholdX100: 300, auditSlashBps: 5000,
      })
      .accounts({ treasury: treasury.publicKey })
      .rpc();
    // Every create_job needs the Core collection.
    await adminProgram.methods.initializeCollection({ name: "Atelier", uri: "https://atelier.example/collection.json" }).accounts({ admin: admin.publicKey }).rpc();
    const config = pda(programId, Buffer.from("config"));
    const collection = pda(programId, Buffer.from("collection"));

    // Wallets, funded before timing starts.
    const pipelines = Array.from({ length: PIPELINES }, () => ({
      artist: Keypair.generate(), worker: Keypair.generate(),
      verifiers: [Keypair.generate(), Keypair.generate()], client: Keypair.generate(),
    }));
    for (const p of pipelines) {
      for (const k of [p.artist, p.worker, ...p.verifiers]) await airdrop(k.publicKey, 5);
      await airdrop(p.client.publicKey, 5 + JOBS);
    }

    const run = async (p: (typeof pipelines)[number], index: number) => {
      const artistProgram = programFor(connection, p.artist);
      await timed("register_artist", () =>
        artistProgram.methods
          .registerArtist({ payout: p.artist.publicKey, displayName: `artist-${index}`, catalogUri: "ar://catalog", catalogHash: Array(32).fill(7) })
          .accounts({ authority: p.artist.publicKey })
          .rpc(),
      );
      for (const w of [p.worker, ...p.verifiers]) {
        await timed("register_worker", () =>
          programFor(connection, w).methods.registerWorker(new BN(LAMPORTS_PER_SOL)).accounts({ authority: w.publicKey }).rpc(),
        );
      }
      // A verifier's stake must predate the submission slot: start the jobs a slot later.
      const registered = await connection.getSlot("confirmed");
      while ((await connection.getSlot("confirmed")) <= registered) await new Promise((r) => setTimeout(r, 50));
      const clientProgram = programFor(connection, p.client);
      const workerProgram = programFor(connection, p.worker);
      for (let j = 0; j < JOBS; j++) {
        const jobId = new BN(j);
        const job = pda(programId, Buffer.from("job"), p.client.publicKey.toBuffer(), jobId.toArrayLike(Buffer, "le", 8));
        const now = Math.floor(Date.now() / 1000);
        await timed("create_job", () =>
          clientProgram.methods
            .createJob({
              jobId, modelId: "sd-turbo-onnx@1", prompt: { inline: { text: "a lighthouse at dusk" } },
              params: { seed: new BN(j), steps: 1, width: 512, height: 512, guidanceX100: 0 },
              payment: new BN(LAMPORTS_PER_SOL / 10), deadline: new BN(now + 3600),
            })
            .accounts({ client: p.client.publicKey })
            .rpc(),
        );
        await timed("claim_job", () =>
          workerProgram.methods.claimJob().accountsPartial({ authority: p.worker.publicKey, config, job }).rpc(),
        );
        const contentHash = [...createHash("sha256").update(`${index}-${j}`).digest()];
        await timed("submit_result", () =>
          workerProgram.methods
            .submitResult({ contentHash, storageId: "bNbA3TEQVL60xlgCcqdz4ZPHFZ711cZ3hmkpGttDt_U", metadataUri: "https://gateway.irys.xyz/meta", clipScore: 3000, influences: [] })
            .accountsPartial({ authority: p.worker.publicKey, config, job })
            .rpc(),
        );
        const votes = [];
        for (const v of p.verifiers) {
          const salt = newAttestationSalt();
          const verifier = pda(programId, Buffer.from("worker"), v.publicKey.toBuffer());
          const commitment = [...attestationCommitment({ job, verifier, score: 3000, agree: true, salt })];
          // The draw's seed is the hash of the slot after submission: retry while it does not exist.
          for (let attempt = 0; ; attempt++) {
            try {
              await timed("commit_attestation", () =>
                programFor(connection, v).methods.commitAttestation(commitment).accountsPartial({ authority: v.publicKey, config, job, slotHashes: SYSVAR_SLOT_HASHES_PUBKEY }).rpc(),
              );
              break;
            } catch (e) {
              if (attempt > 50 || !String(e).includes(SEED_PENDING)) throw e;
              await new Promise((r) => setTimeout(r, 100));
            }
          }
          votes.push({ v, salt });
        }
        // The committee (2) is full: reveals are open.
        for (const { v, salt } of votes) {
          await timed("reveal_attestation", () =>
            programFor(connection, v).methods.revealAttestation({ score: 3000, agree: true, salt: [...salt] }).accountsPartial({ authority: v.publicKey, config, job }).rpc(),
          );
        }
        const asset = pda(programId, Buffer.from("asset"), Buffer.from(contentHash));
        await timed("finalize_job", () =>
          clientProgram.methods
            .finalizeJob()
            .accountsPartial({
              cranker: p.client.publicKey, config, job,
              provenance: pda(programId, Buffer.from("provenance"), Buffer.from(contentHash)),
              worker: pda(programId, Buffer.from("worker"), p.worker.publicKey.toBuffer()),
              workerAuthority: p.worker.publicKey, client: p.client.publicKey, treasury: treasury.publicKey,
              collection, collectionAuthority: pda(programId, Buffer.from("collection_authority")),
              mintPayer: pda(programId, Buffer.from("mint_payer")), asset,
              splitter: pda(programId, Buffer.from("splitter"), asset.toBuffer()), coreProgram: CORE_PROGRAM_ID,
            })
            // Every committee member's [stake account, wallet] pair, in commit order.
            .remainingAccounts(
              p.verifiers.flatMap((v) => [
                { pubkey: pda(programId, Buffer.from("worker"), v.publicKey.toBuffer()), isSigner: false, isWritable: true },
                { pubkey: v.publicKey, isSigner: false, isWritable: true },
              ]),
            )
            .rpc(),
        );
      }
    };

    const start = performance.now();
    await Promise.all(pipelines.map((p, i) => run(p, i)));
    const seconds = (performance.now() - start) / 1000;

    const all = samples.map((s) => s.ms).sort((a, b) => a - b);
    const counts = new Map<string, number>();
    for (const s of samples) counts.set(s.ix, (counts.get(s.ix) ?? 0) + 1);
    console.log(`localnet bench: ${PIPELINES} concurrent pipelines x ${JOBS} jobs, ${samples.length} transactions in ${seconds.toFixed(2)} s`);
    console.log(`mix: ${[...counts].map(([k, v]) => `${k}=${v}`).join(" ")}`);
    console.log(`throughput: ${(samples.length / seconds).toFixed(1)} tx/s`);
    console.log(`send+confirm latency: p50=${percentile(all, 50).toFixed(1)} ms p99=${percentile(all, 99).toFixed(1)} ms max=${(all.at(-1) ?? NaN).toFixed(1)} ms`);
  } finally {
    await net.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
