//! Tests of `submit_result`.

use super::{fixtures::*, harness::*};
use anchor_lang::{error::ErrorCode, prelude::Pubkey};
use atelier::{constants::*, error::AtelierError, events::ResultSubmitted, state::*};
use solana_sdk::{
    instruction::AccountMeta,
    signature::{Keypair, Signer},
};

fn weight(artist: &Pubkey, bps: u16) -> InfluenceWeight {
    InfluenceWeight {
        artist: *artist,
        bps,
    }
}

async fn submit_args(env: &mut Env, s: &Scenario, args: ResultArgs) -> TxResult {
    let ix = ix_submit_result(&s.worker.pubkey(), &s.job, args);
    env.send(&[ix], &[&s.worker]).await
}

async fn submit_remaining(
    env: &mut Env,
    s: &Scenario,
    args: ResultArgs,
    remaining: Vec<AccountMeta>,
) -> TxResult {
    let ix = ix_submit_result_with(&s.worker.pubkey(), &s.job, args.args, remaining);
    env.send(&[ix], &[&s.worker]).await
}

/// Submits with changed arguments and asserts the error; the job stays claimed, no record exists.
async fn refused(change: impl FnOnce(&mut ResultArgs), expected: AtelierError) {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let mut args = result_args(s.content_hash, 3_100, vec![]);
    change(&mut args);
    let provenance = provenance_pda(&args.content_hash);
    assert_err(submit_args(&mut env, &s, args).await, expected);
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Claimed);
    assert!(!env.exists(&provenance).await);
}

/// Submits with changed arguments and returns the provenance record.
async fn accepted(change: impl FnOnce(&mut ResultArgs)) -> Provenance {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let mut args = result_args(s.content_hash, 3_100, vec![]);
    change(&mut args);
    let provenance = provenance_pda(&args.content_hash);
    submit_args(&mut env, &s, args).await.unwrap();
    env.fetch(&provenance).await
}

async fn artists(env: &mut Env, n: usize) -> Vec<Pubkey> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(env.register_artist(&format!("artist-{i}")).await.account);
    }
    out
}

/// Sends lamports from the test payer to any address.
async fn fund(env: &mut Env, to: &Pubkey, lamports: u64) {
    let payer = env.ctx.payer.insecure_clone();
    let ix = solana_sdk::system_instruction::transfer(&payer.pubkey(), to, lamports);
    env.send(&[ix], &[&payer]).await.unwrap();
}

// ---------------------------------------------------------------- happy paths

#[tokio::test]
async fn submit_result_records_the_result_and_a_pending_provenance_record_paid_by_the_worker() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let provenance = provenance_pda(&s.content_hash);
    let rent = env.rent(provenance_space(0)).await;
    let wallet = env.balance(&s.worker.pubkey()).await;
    let escrow = env.balance(&s.job).await;
    env.set_time(T0 + 300).await;

    let logs = env.submit(&s, 3_100, vec![]).await.unwrap();

    // The worker paid the record's rent and its fee; the escrow is untouched.
    assert_eq!(
        wallet - env.balance(&s.worker.pubkey()).await,
        rent + fees(1)
    );
    assert_eq!(env.balance(&provenance).await, rent);
    assert_eq!(env.balance(&s.job).await, escrow);

    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.status, JobStatus::Submitted);
    assert_eq!(job.content_hash, s.content_hash);
    assert_eq!(job.clip_score, 3_100);
    assert_eq!(job.submitted_at, T0 + 300);

    let record: Provenance = env.fetch(&provenance).await;
    let worker_key = worker_pda(&s.worker.pubkey());
    assert_eq!(record.version, 1);
    assert_eq!(record.content_hash, s.content_hash);
    assert_eq!(record.job, s.job);
    assert_eq!(record.client, s.client.pubkey());
    assert_eq!(record.worker, worker_key);
    assert_eq!(record.model_id, job.model_id);
    assert_eq!(record.prompt_hash, job.prompt_hash);
    assert_eq!(record.params, job.params);
    assert_eq!(record.clip_score, 3_100);
    assert_eq!(record.verified_score, None);
    assert!(record.influences.is_empty());
    assert_eq!(
        record.storage_id,
        "bNbA3TEQVL60xlgCcqdz4ZPHFZ711cZ3hmkpGttDt_U"
    );
    assert_eq!(record.metadata_uri, "https://gateway.irys.xyz/meta");
    assert_eq!(record.status, ProvenanceStatus::Pending);
    assert_eq!(record.created_at, T0 + 300);
    assert_eq!(record.settled_at, None);

    let events = events::<ResultSubmitted>(&logs);
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(
        (e.job, e.worker, e.provenance),
        (s.job, worker_key, provenance)
    );
    assert_eq!(e.content_hash, s.content_hash);
    assert_eq!(e.storage_id, record.storage_id);
    assert_eq!(e.metadata_uri, record.metadata_uri);
    assert_eq!(e.clip_score, 3_100);
    assert!(e.influences.is_empty());
}

#[tokio::test]
async fn submit_result_records_the_influence_weights_of_opted_in_artists() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let a = artists(&mut env, 2).await;
    let influences = vec![weight(&a[0], 7_000), weight(&a[1], 3_000)];
    let logs = env.submit(&s, 3_100, influences.clone()).await.unwrap();
    let record: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(record.influences, influences);
    assert_eq!(events::<ResultSubmitted>(&logs)[0].influences, influences);
}

#[tokio::test]
async fn submit_result_accepts_sixteen_influences() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let a = artists(&mut env, MAX_INFLUENCES as usize).await;
    // 15 × 625 + 625 = 10000.
    let influences: Vec<_> = a.iter().map(|k| weight(k, 625)).collect();
    env.submit(&s, 3_100, influences.clone()).await.unwrap();
    let record: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(record.influences, influences);
}

#[tokio::test]
async fn submit_result_accepts_a_single_artist_with_all_10000_bps() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let a = artists(&mut env, 1).await;
    env.submit(&s, 3_100, vec![weight(&a[0], 10_000)])
        .await
        .unwrap();
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Submitted);
}

#[tokio::test]
async fn submit_result_accepts_the_maximum_score_of_10000() {
    assert_eq!(accepted(|a| a.clip_score = 10_000).await.clip_score, 10_000);
}

#[tokio::test]
async fn submit_result_accepts_a_64_byte_storage_id_and_a_200_byte_metadata_uri() {
    let storage = "s".repeat(MAX_STORAGE_ID_LEN as usize);
    let uri = "u".repeat(MAX_URI_LEN as usize);
    let record = accepted(|a| {
        a.storage_id = storage.clone();
        a.metadata_uri = uri.clone();
    })
    .await;
    assert_eq!((record.storage_id, record.metadata_uri), (storage, uri));
}

#[tokio::test]
async fn submit_result_at_the_claim_deadline_succeeds() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let claim_deadline = env.fetch::<Job>(&s.job).await.claim_deadline;
    env.set_time(claim_deadline).await;
    env.submit(&s, 3_100, vec![]).await.unwrap();
    assert_eq!(env.fetch::<Job>(&s.job).await.submitted_at, claim_deadline);
}

#[tokio::test]
async fn submit_result_works_while_paused() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    env.pause_protocol().await;
    env.submit(&s, 3_100, vec![]).await.unwrap();
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Submitted);
}

#[tokio::test]
async fn submit_result_works_for_a_worker_that_started_unbonding_after_claiming() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let w = worker_pda(&s.worker.pubkey());
    env.send(&[ix_request_unstake(&s.worker.pubkey(), &w)], &[&s.worker])
        .await
        .unwrap();
    env.submit(&s, 3_100, vec![]).await.unwrap();
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Submitted);
}

#[tokio::test]
async fn submit_result_to_a_partly_prefunded_provenance_address_charges_only_the_top_up() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let provenance = provenance_pda(&s.content_hash);
    let rent = env.rent(provenance_space(0)).await;
    // A system account can only be funded to at least the rent-exempt minimum of 0 bytes.
    let prefund = env.rent(0).await;
    assert!(prefund < rent);
    fund(&mut env, &provenance, prefund).await;
    let wallet = env.balance(&s.worker.pubkey()).await;

    env.submit(&s, 3_100, vec![]).await.unwrap();

    assert_eq!(
        wallet - env.balance(&s.worker.pubkey()).await,
        rent - prefund + fees(1)
    );
    assert_eq!(env.balance(&provenance).await, rent);
    let record: Provenance = env.fetch(&provenance).await;
    assert_eq!(record.job, s.job);
    assert_eq!(record.status, ProvenanceStatus::Pending);
}

#[tokio::test]
async fn submit_result_to_a_provenance_address_prefunded_above_rent_charges_nothing() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let provenance = provenance_pda(&s.content_hash);
    let rent = env.rent(provenance_space(0)).await;
    fund(&mut env, &provenance, rent + 5_000).await;
    let wallet = env.balance(&s.worker.pubkey()).await;

    env.submit(&s, 3_100, vec![]).await.unwrap();

    assert_eq!(wallet - env.balance(&s.worker.pubkey()).await, fees(1));
    assert_eq!(env.balance(&provenance).await, rent + 5_000);
    assert_eq!(env.account(&provenance).await.unwrap().owner, atelier::ID);
    assert_eq!(
        env.fetch::<Provenance>(&provenance).await.content_hash,
        s.content_hash
    );
}

// ---------------------------------------------------------------- argument validation

#[tokio::test]
async fn submit_result_refuses_an_all_zero_content_hash() {
    refused(
        |a| a.content_hash = [0; 32],
        AtelierError::InvalidContentHash,
    )
    .await;
}

#[tokio::test]
async fn submit_result_refuses_an_empty_storage_id() {
    refused(
        |a| a.storage_id = String::new(),
        AtelierError::InvalidStorageId,
    )
    .await;
}

#[tokio::test]
async fn submit_result_refuses_a_65_byte_storage_id() {
    let long = "s".repeat(MAX_STORAGE_ID_LEN as usize + 1);
    refused(|a| a.storage_id = long, AtelierError::InvalidStorageId).await;
}

#[tokio::test]
async fn submit_result_refuses_an_empty_metadata_uri() {
    refused(|a| a.metadata_uri = String::new(), AtelierError::InvalidUri).await;
}

#[tokio::test]
async fn submit_result_refuses_a_201_byte_metadata_uri() {
    let long = "u".repeat(MAX_URI_LEN as usize + 1);
    refused(|a| a.metadata_uri = long, AtelierError::InvalidUri).await;
}

#[tokio::test]
async fn submit_result_refuses_a_score_of_10001() {
    refused(|a| a.clip_score = 10_001, AtelierError::ScoreOutOfRange).await;
}

#[tokio::test]
async fn submit_result_refuses_the_largest_u16_score() {
    refused(|a| a.clip_score = u16::MAX, AtelierError::ScoreOutOfRange).await;
}

// ---------------------------------------------------------------- influences

/// Submits `influences` (with their artist accounts in order) and asserts the error.
async fn influences_refused(bps: &[u16], expected: AtelierError) {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let a = artists(&mut env, bps.len()).await;
    let influences: Vec<_> = a.iter().zip(bps).map(|(k, b)| weight(k, *b)).collect();
    assert_err(env.submit(&s, 3_100, influences).await, expected);
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Claimed);
}

#[tokio::test]
async fn submit_result_refuses_seventeen_influences() {
    // 17 weights that would otherwise be valid: 16 × 588 + 592 = 10000.
    let mut bps = [588u16; 17];
    bps[16] = 10_000 - 16 * 588;
    assert_eq!(bps.iter().map(|b| *b as u32).sum::<u32>(), 10_000);
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    // Distinct keys suffice: the count is checked before any account's contents.
    let influences: Vec<_> = bps
        .iter()
        .map(|b| weight(&Pubkey::new_unique(), *b))
        .collect();
    let remaining = influences
        .iter()
        .map(|w| AccountMeta::new_readonly(w.artist, false))
        .collect();
    assert_err(
        submit_remaining(
            &mut env,
            &s,
            result_args(s.content_hash, 3_100, influences),
            remaining,
        )
        .await,
        AtelierError::TooManyInfluences,
    );
}

#[tokio::test]
async fn submit_result_records_an_unattributed_share_and_the_asset_royalty_scales_to_it() {
    // 60 % attributed: the record keeps the weights as submitted; at acceptance the splitter
    // scales them to 10000 and the asset's royalty rate to 60 % of royalty_bps.
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let a = artists(&mut env, 2).await;
    let influences = vec![weight(&a[0], 4_000), weight(&a[1], 2_000)];
    env.submit(&s, 3_100, influences.clone()).await.unwrap();
    let record: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(record.influences, influences);
    env.attest(&s, 0, 3_100, true).await.unwrap();
    env.attest(&s, 1, 3_100, true).await.unwrap();
    let logs = env.finalize(&s, s.payees(&[0, 1])).await.unwrap();
    let minted = &events::<atelier::events::AssetMinted>(&logs)[0];
    assert_eq!(minted.royalty_bps as u32, 500 * 6_000 / 10_000);
    let splitter: RoyaltySplitter = env.fetch(&s.splitter()).await;
    let shares: Vec<(Pubkey, u16)> = splitter.shares.iter().map(|x| (x.artist, x.bps)).collect();
    assert_eq!(shares, vec![(a[0], 6_667), (a[1], 3_333)]);
}

#[tokio::test]
async fn sixteen_influences_fit_a_legacy_transaction() {
    // Each artist's key appears once (as an account); the weights are bare bps.
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let a = artists(&mut env, 16).await;
    let influences: Vec<_> = a.iter().map(|k| weight(k, 625)).collect();
    let ix = ix_submit_result(
        &s.worker.pubkey(),
        &s.job,
        result_args(s.content_hash, 3_100, influences.clone()),
    );
    let tx = solana_sdk::transaction::Transaction::new_with_payer(&[ix], Some(&s.worker.pubkey()));
    let size = bincode::serialize(&tx).unwrap().len();
    assert!(size <= 1_232, "{size} bytes");
    env.submit(&s, 3_100, influences.clone()).await.unwrap();
    let record: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(record.influences, influences);
}

#[tokio::test]
async fn submit_result_refuses_influences_summing_to_10001() {
    influences_refused(&[5_000, 5_001], AtelierError::InfluenceSumInvalid).await;
}

#[tokio::test]
async fn submit_result_refuses_influences_that_sum_to_10000_only_modulo_u16() {
    // 65535 + 10001 = 75536 ≡ 10000 (mod 65536).
    influences_refused(&[u16::MAX, 10_001], AtelierError::InfluenceSumInvalid).await;
}

#[tokio::test]
async fn submit_result_refuses_three_influences_that_wrap_u16_to_10000() {
    // 2 × 65535 + 10002 = 141072 ≡ 10000 (mod 65536).
    influences_refused(
        &[u16::MAX, u16::MAX, 10_002],
        AtelierError::InfluenceSumInvalid,
    )
    .await;
}

#[tokio::test]
async fn submit_result_refuses_a_single_influence_above_10000() {
    influences_refused(&[10_001], AtelierError::InfluenceSumInvalid).await;
}

#[tokio::test]
async fn submit_result_refuses_a_zero_weight_influence() {
    influences_refused(&[10_000, 0], AtelierError::InfluenceZeroWeight).await;
}

#[tokio::test]
async fn submit_result_refuses_the_same_artist_named_twice() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let a = artists(&mut env, 1).await;
    let influences = vec![weight(&a[0], 5_000), weight(&a[0], 5_000)];
    assert_err(
        env.submit(&s, 3_100, influences).await,
        AtelierError::DuplicateInfluenceArtist,
    );
}

#[tokio::test]
async fn submit_result_refuses_a_missing_artist_account() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let a = artists(&mut env, 2).await;
    let influences = vec![weight(&a[0], 6_000), weight(&a[1], 4_000)];
    let remaining = vec![AccountMeta::new_readonly(a[0], false)];
    assert_err(
        submit_remaining(
            &mut env,
            &s,
            result_args(s.content_hash, 3_100, influences),
            remaining,
        )
        .await,
        AtelierError::ArtistAccountMismatch,
    );
}

#[tokio::test]
async fn submit_result_refuses_an_extra_account_beyond_the_influences() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let a = artists(&mut env, 1).await;
    let remaining = vec![AccountMeta::new_readonly(a[0], false)];
    assert_err(
        submit_remaining(
            &mut env,
            &s,
            result_args(s.content_hash, 3_100, vec![]),
            remaining,
        )
        .await,
        AtelierError::ArtistAccountMismatch,
    );
}

#[tokio::test]
async fn submit_result_reads_each_weight_for_the_artist_account_in_its_position() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let a = artists(&mut env, 2).await;
    let influences = vec![weight(&a[0], 6_000), weight(&a[1], 4_000)];
    let remaining = vec![
        AccountMeta::new_readonly(a[1], false),
        AccountMeta::new_readonly(a[0], false),
    ];
    submit_remaining(
        &mut env,
        &s,
        result_args(s.content_hash, 3_100, influences),
        remaining,
    )
    .await
    .unwrap();
    let record: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(
        record.influences,
        vec![weight(&a[1], 6_000), weight(&a[0], 4_000)]
    );
}

#[tokio::test]
async fn submit_result_refuses_an_influence_naming_a_plain_wallet() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let wallet = env.wallet(SOL).await;
    assert_err(
        env.submit(&s, 3_100, vec![weight(&wallet.pubkey(), 10_000)])
            .await,
        AtelierError::ArtistAccountMismatch,
    );
}

#[tokio::test]
async fn submit_result_refuses_an_influence_naming_a_program_account_that_is_not_an_artist() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let not_artist = worker_pda(&s.verifiers[0].pubkey());
    assert_err(
        env.submit(&s, 3_100, vec![weight(&not_artist, 10_000)])
            .await,
        AtelierError::ArtistAccountMismatch,
    );
}

#[tokio::test]
async fn submit_result_refuses_an_influence_naming_an_opted_out_artist() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let a = env.register_artist("leaver").await;
    env.send(
        &[ix_opt_out_artist(&a.authority.pubkey(), &a.account)],
        &[&a.authority],
    )
    .await
    .unwrap();
    let b = artists(&mut env, 1).await;
    assert_err(
        env.submit(
            &s,
            3_100,
            vec![weight(&b[0], 5_000), weight(&a.account, 5_000)],
        )
        .await,
        AtelierError::ArtistOptedOut,
    );
}

// ---------------------------------------------------------------- accounts and signers

#[tokio::test]
async fn submit_result_refuses_a_provenance_account_that_is_not_the_pda_of_the_content_hash() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let decoy = provenance_pda(&unique_hash());
    let mut ix = ix_submit_result(
        &s.worker.pubkey(),
        &s.job,
        result_args(s.content_hash, 3_100, vec![]),
    );
    ix.accounts[4].pubkey = decoy;
    assert_anchor_err(
        env.send(&[ix], &[&s.worker]).await,
        ErrorCode::ConstraintSeeds,
    );
    assert!(!env.exists(&decoy).await);
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
}

#[tokio::test]
async fn submit_result_by_a_worker_that_did_not_claim_the_job_is_refused() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let intruder = s.verifiers[0].insecure_clone();
    let ix = ix_submit_result(
        &intruder.pubkey(),
        &s.job,
        result_args(s.content_hash, 3_100, vec![]),
    );
    assert_err(
        env.send(&[ix], &[&intruder]).await,
        AtelierError::NotJobWorker,
    );
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
}

#[tokio::test]
async fn submit_result_signed_by_another_wallet_for_the_claiming_worker_is_refused() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let thief = env.register_worker(2 * SOL).await;
    let mut ix = ix_submit_result(
        &thief.pubkey(),
        &s.job,
        result_args(s.content_hash, 3_100, vec![]),
    );
    ix.accounts[2].pubkey = worker_pda(&s.worker.pubkey());
    assert_anchor_err(env.send(&[ix], &[&thief]).await, ErrorCode::ConstraintSeeds);
}

#[tokio::test]
async fn submit_result_without_the_worker_signature_is_refused() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let payer: Keypair = env.wallet(SOL).await;
    let mut ix = ix_submit_result(
        &s.worker.pubkey(),
        &s.job,
        result_args(s.content_hash, 3_100, vec![]),
    );
    ix.accounts[0].is_signer = false;
    assert_anchor_err(
        env.send(&[ix], &[&payer]).await,
        ErrorCode::AccountNotSigner,
    );
}

// ---------------------------------------------------------------- state and replay

#[tokio::test]
async fn submit_result_on_an_open_job_is_refused() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    assert_err(
        env.submit(&s, 3_100, vec![]).await,
        AtelierError::JobNotClaimed,
    );
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
}

#[tokio::test]
async fn submit_result_twice_is_refused_and_keeps_the_first_result() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    // The same image again.
    assert_err(
        env.submit(&s, 9_000, vec![]).await,
        AtelierError::JobNotClaimed,
    );
    // A different image.
    let other = unique_hash();
    assert_err(
        submit_args(&mut env, &s, result_args(other, 9_000, vec![])).await,
        AtelierError::JobNotClaimed,
    );
    assert!(!env.exists(&provenance_pda(&other)).await);
    let job: Job = env.fetch(&s.job).await;
    assert_eq!((job.content_hash, job.clip_score), (s.content_hash, 3_100));
}

#[tokio::test]
async fn submit_result_after_the_claim_deadline_is_refused() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let claim_deadline = env.fetch::<Job>(&s.job).await.claim_deadline;
    env.set_time(claim_deadline + 1).await;
    assert_err(
        env.submit(&s, 3_100, vec![]).await,
        AtelierError::ClaimDeadlinePassed,
    );
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
}

#[tokio::test]
async fn submit_result_of_an_image_already_recorded_by_another_job_is_refused() {
    let mut env = setup().await;
    let first = env.submitted_job(SOL).await;
    let mut second = env.claimed_job(SOL).await;
    second.content_hash = first.content_hash;
    let record_before: Provenance = env.fetch(&provenance_pda(&first.content_hash)).await;

    assert_err(
        env.submit(&second, 3_100, vec![]).await,
        AtelierError::ProvenanceAlreadyRecorded,
    );

    assert_eq!(
        env.fetch::<Job>(&second.job).await.status,
        JobStatus::Claimed
    );
    let record: Provenance = env.fetch(&provenance_pda(&first.content_hash)).await;
    assert_eq!(record.job, first.job);
    assert_eq!(record.created_at, record_before.created_at);
}

#[tokio::test]
async fn submit_result_of_an_image_recorded_by_a_settled_job_is_still_refused() {
    let mut env = setup().await;
    let first = env.submitted_job(SOL).await;
    env.attest(&first, 0, 3_000, true).await.unwrap();
    env.attest(&first, 1, 3_000, true).await.unwrap();
    let payees = vec![first.verifiers[0].pubkey(), first.verifiers[1].pubkey()];
    env.finalize(&first, payees).await.unwrap();
    let mut second = env.claimed_job(SOL).await;
    second.content_hash = first.content_hash;
    assert_err(
        env.submit(&second, 3_100, vec![]).await,
        AtelierError::ProvenanceAlreadyRecorded,
    );
    let record: Provenance = env.fetch(&provenance_pda(&first.content_hash)).await;
    assert_eq!(record.status, ProvenanceStatus::Accepted);
}

#[tokio::test]
async fn submit_result_by_a_worker_whose_claim_expired_and_was_cranked_is_refused() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let claim_deadline = env.fetch::<Job>(&s.job).await.claim_deadline;
    env.set_time(claim_deadline + 1).await;
    env.expire(&s).await.unwrap();
    assert_err(
        env.submit(&s, 3_100, vec![]).await,
        AtelierError::JobNotClaimed,
    );
}

#[tokio::test]
async fn submit_result_refuses_a_read_only_provenance_account() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let mut ix = ix_submit_result(
        &s.worker.pubkey(),
        &s.job,
        result_args(s.content_hash, 3_100, vec![]),
    );
    ix.accounts[4].is_writable = false;
    assert_anchor_err(
        env.send(&[ix], &[&s.worker]).await,
        ErrorCode::ConstraintMut,
    );
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
}
