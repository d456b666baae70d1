//! The main job on the native chain: one prompt paid in escrow, claimed by a staked worker,
//! submitted with its provenance and influence weights, verified by two drawn verifiers (commit,
//! then reveal) and settled.
//! Runs the real Atelier instruction handlers inside solana-program-test (processor mode).
//!
//!   cargo run -p atelier --example job_lifecycle [-- --result result.json]
//!
//! `--result` takes what the inference engine produced (content hash, CLIP score, prompt, model
//! id, storage id, artist weights by name); without it a fixed sample result is used.
//! `--clip-floor <score>` sets the config's CLIP score floor (default 20.00, for real CLIP
//! ViT-B/32; the tiny test models score lower).

#[path = "../tests/program/harness.rs"]
mod harness;

use atelier::{
    events::{AssetMinted, JobFinalized},
    state::{InfluenceWeight, PromptInput, Provenance, RoyaltySplitter, Worker},
};
use harness::*;
use serde_json::Value;
use solana_sdk::signature::{Keypair, Signer};

struct Sample {
    prompt: String,
    model_id: String,
    content_hash: [u8; 32],
    clip_score: u16,
    storage_id: String,
    metadata_uri: String,
    seed: u64,
    steps: u16,
    size: u16,
    artists: Vec<(String, u16)>,
}

fn hex32(s: &str) -> [u8; 32] {
    let bytes: Vec<u8> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect();
    bytes
        .try_into()
        .expect("content hash must be 32 bytes of hex")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn arg_after(flag: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn load_sample() -> Sample {
    let Some(path) = arg_after("--result") else {
        return Sample {
            prompt: "a lighthouse at dusk, oil on canvas".into(),
            model_id: "sample-model@1".into(),
            content_hash: anchor_lang::solana_program::hash::hash(b"sample image bytes").to_bytes(),
            clip_score: 3_112,
            storage_id: "sample-storage-id".into(),
            metadata_uri: "ar://sample-metadata".into(),
            seed: 42,
            steps: 1,
            size: 512,
            artists: vec![("Ada Painter".into(), 6_000), ("Bo Inkwell".into(), 4_000)],
        };
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| fail(&format!("cannot read {path}: {e}")));
    let v: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| fail(&format!("{path} is not JSON: {e}")));
    let str_of = |k: &str| {
        v[k].as_str()
            .unwrap_or_else(|| fail(&format!("{path}: `{k}` missing")))
            .to_string()
    };
    let num_of = |k: &str| {
        v[k].as_f64()
            .unwrap_or_else(|| fail(&format!("{path}: `{k}` missing")))
    };
    Sample {
        prompt: str_of("prompt"),
        model_id: str_of("modelId"),
        content_hash: hex32(&str_of("contentHash")),
        clip_score: (num_of("clipScore") * 100.0).round().clamp(0.0, 10_000.0) as u16,
        storage_id: str_of("storageId"),
        metadata_uri: str_of("metadataUri"),
        seed: num_of("seed") as u64,
        steps: num_of("steps") as u16,
        size: num_of("size") as u16,
        artists: v["influences"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|w| {
                        (
                            w["artist"].as_str().unwrap_or("?").to_string(),
                            w["bps"].as_u64().unwrap_or(0) as u16,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(2)
}

fn sol(lamports: u64) -> String {
    format!("{:.6} SOL", lamports as f64 / 1e9)
}

fn step(n: u32, text: &str) {
    println!("[{n}/7] {text}");
}

async fn ok(
    env: &mut Env,
    ixs: &[anchor_lang::solana_program::instruction::Instruction],
    signers: &[&Keypair],
    what: &str,
) -> Vec<String> {
    env.send(ixs, signers)
        .await
        .unwrap_or_else(|e| fail(&format!("{what} failed: {e:?}")))
}

#[tokio::main]
async fn main() {
    let sample = load_sample();
    step(
        1,
        "starting the native chain (solana-program-test bank, Atelier in processor mode)",
    );
    let mut params = default_params();
    if let Some(floor) = arg_after("--clip-floor") {
        let floor: f64 = floor
            .parse()
            .unwrap_or_else(|_| fail("--clip-floor takes a score such as 12.5"));
        params.clip_score_floor = (floor * 100.0).round().clamp(0.0, 10_000.0) as u16;
    }
    let mut env = setup_with(params).await;
    println!(
        "      config: protocol fee {} bps, verifier fee {} bps, quorum {}, CLIP floor {:.2}",
        params.protocol_fee_bps,
        params.verifier_fee_bps,
        params.verifier_quorum,
        params.clip_score_floor as f64 / 100.0
    );

    step(2, "registering the artists named by the influence weights");
    let mut influences = Vec::new();
    for (name, bps) in &sample.artists {
        let authority = env.wallet(SOL).await;
        let mut p = profile("artist");
        p.display_name = name.chars().take(32).collect();
        ok(
            &mut env,
            &[ix_register_artist(&authority.pubkey(), p)],
            &[&authority],
            "register_artist",
        )
        .await;
        influences.push(InfluenceWeight {
            artist: artist_pda(&authority.pubkey()),
            bps: *bps,
        });
        println!(
            "      {name:<24} {} bps  {}",
            bps,
            artist_pda(&authority.pubkey())
        );
    }

    step(3, "staking one worker and two verifiers (2 SOL each)");
    let mut operators = Vec::new();
    for _ in 0..3 {
        let kp = env.wallet(12 * SOL).await;
        ok(
            &mut env,
            &[ix_register_worker(&kp.pubkey(), 2 * SOL)],
            &[&kp],
            "register_worker",
        )
        .await;
        operators.push(kp);
    }
    let (worker, verifiers) = (operators[0].insecure_clone(), &operators[1..]);

    let payment = SOL / 10;
    step(
        4,
        &format!("client escrows {} for \"{}\"", sol(payment), sample.prompt),
    );
    let client = env.wallet(2 * SOL).await;
    let mut args = job_args(1, payment, T0 + 86_400);
    args.model_id = sample.model_id.clone();
    args.prompt = PromptInput::Inline {
        text: sample.prompt.clone(),
    };
    args.params.seed = sample.seed;
    args.params.steps = sample.steps;
    (args.params.width, args.params.height) = (sample.size, sample.size);
    ok(
        &mut env,
        &[ix_create_job(&client.pubkey(), args)],
        &[&client],
        "create_job",
    )
    .await;
    let job = job_pda(&client.pubkey(), 1);

    step(
        5,
        "worker claims the job and submits the result with its provenance",
    );
    ok(
        &mut env,
        &[ix_claim_job(&worker.pubkey(), &job)],
        &[&worker],
        "claim_job",
    )
    .await;
    let mut result = result_args(sample.content_hash, sample.clip_score, influences.clone());
    result.storage_id = sample.storage_id.clone();
    result.metadata_uri = sample.metadata_uri.clone();
    ok(
        &mut env,
        &[ix_submit_result(&worker.pubkey(), &job, result)],
        &[&worker],
        "submit_result",
    )
    .await;

    // The verifier node that fetches the image from storage and re-scores it arrives with the
    // worker pipeline; here both verifiers attest the score the deterministic CPU run produced.
    step(
        6,
        "two drawn verifiers commit to the CLIP score, then reveal it and agree",
    );
    // The draw is seeded by the hash of the slot after submission: end that slot first.
    env.next_slot().await;
    env.next_slot().await;
    let mut openings = Vec::new();
    for (i, v) in verifiers.iter().enumerate() {
        let salt = [i as u8 + 1; 32];
        let commitment = atelier::state::attestation_commitment(
            &job,
            &worker_pda(&v.pubkey()),
            sample.clip_score,
            true,
            &salt,
        );
        ok(
            &mut env,
            &[ix_commit(&v.pubkey(), &job, commitment)],
            &[v],
            "commit_attestation",
        )
        .await;
        openings.push(salt);
    }
    for (v, salt) in verifiers.iter().zip(openings) {
        ok(
            &mut env,
            &[ix_reveal(&v.pubkey(), &job, sample.clip_score, true, salt)],
            &[v],
            "reveal_attestation",
        )
        .await;
    }

    step(
        7,
        "anyone finalizes: payouts, the permanent provenance record and the minted Core asset",
    );
    let cranker = env.wallet(SOL).await;
    let keys = FinalizeKeys {
        cranker: cranker.pubkey(),
        job,
        content_hash: sample.content_hash,
        worker_authority: worker.pubkey(),
        client: client.pubkey(),
        treasury: env.treasury.pubkey(),
        payees: verifiers.iter().map(|v| v.pubkey()).collect(),
    };
    let logs = ok(&mut env, &[ix_finalize(&keys)], &[&cranker], "finalize_job").await;
    let finalized = events::<JobFinalized>(&logs)
        .pop()
        .unwrap_or_else(|| fail("no JobFinalized event"));
    let provenance_key = provenance_pda(&sample.content_hash);
    let provenance: Provenance = env.fetch(&provenance_key).await;
    let stats: Worker = env.fetch(&worker_pda(&worker.pubkey())).await;

    println!("\nOutcome");
    println!(
        "  job                {job} ({})",
        if finalized.accepted {
            "accepted"
        } else {
            "rejected"
        }
    );
    println!(
        "  provenance         {provenance_key} [{:?}]",
        provenance.status
    );
    println!("  content hash       {}", hex(&provenance.content_hash));
    println!("  storage id         {}", provenance.storage_id);
    println!("  model              {}", provenance.model_id);
    println!(
        "  CLIP score         worker {:.2}, verified {:.2}",
        provenance.clip_score as f64 / 100.0,
        provenance.verified_score.unwrap_or(0) as f64 / 100.0
    );
    for (w, (name, _)) in provenance.influences.iter().zip(&sample.artists) {
        println!(
            "  artist             {name:<24} {:>5} bps  {}",
            w.bps, w.artist
        );
    }
    if provenance.influences.is_empty() {
        println!("  artists            none above the similarity floor");
    }
    println!("  worker paid        {}", sol(finalized.worker_paid));
    println!(
        "  verifiers paid     {} x {}",
        finalized.verifiers_paid,
        sol(finalized.verifier_paid_each)
    );
    println!("  treasury paid      {}", sol(finalized.treasury_paid));
    println!(
        "  worker record      {} completed, mean verified score {:.2}",
        stats.jobs_completed,
        stats.scores.sum as f64 / stats.scores.count.max(1) as f64 / 100.0
    );
    match events::<AssetMinted>(&logs).pop() {
        Some(minted) => {
            let data = env
                .account(&minted.asset)
                .await
                .unwrap_or_else(|| fail("the minted asset does not exist"))
                .data;
            let asset = mpl_core::Asset::deserialize(&data)
                .unwrap_or_else(|e| fail(&format!("the asset does not decode: {e}")));
            let royalties = asset.plugin_list.royalties.map(|r| r.royalties);
            println!(
                "  minted asset       {} \"{}\" owned by the client (Core stand-in)",
                minted.asset, asset.base.name
            );
            println!(
                "  royalties          {} bps to {} (rule set {})",
                royalties.as_ref().map_or(0, |r| r.basis_points),
                minted.royalty_recipient,
                royalties.map_or("missing".to_string(), |r| format!("{:?}", r.rule_set))
            );
            if let Some(splitter) = minted.splitter {
                let state: RoyaltySplitter = env.fetch(&splitter).await;
                let shares: Vec<String> = state
                    .shares
                    .iter()
                    .map(|s| format!("{} bps", s.bps))
                    .collect();
                println!("  royalty splitter   {splitter} [{}]", shares.join(", "));
            }
            println!(
                "  mint cost          {} from the client's deposit ({} returned)",
                sol(minted.mint_cost),
                sol(minted.deposit_returned)
            );
        }
        None => println!("  minted asset       none (rejected jobs mint nothing)"),
    }
}
