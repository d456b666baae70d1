//! Tests of `attest_result`.

use super::{fixtures::*, harness::*};
use anchor_lang::error::ErrorCode;
use atelier::{error::AtelierError, events::ResultAttested, state::*};
use solana_sdk::signature::Signer;

#[tokio::test]
async fn attest_result_records_the_verifiers_score_and_verdict() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let keys = s.ledger_keys(&env);
    let total = env.total(&keys).await;
    let verifier = worker_pda(&s.verifiers[0].pubkey());

    let logs = env.attest(&s, 0, 3_050, true).await.unwrap();

    let job: Job = env.fetch(&s.job).await;
    assert_eq!(
        job.attestations,
        vec![Attestation {
            verifier,
            authority: s.verifiers[0].pubkey(),
            score: 3_050,
            agree: true,
        }]
    );
    assert_eq!(job.status, JobStatus::Submitted);
    assert_eq!(env.fetch::<Worker>(&verifier).await.attestations, 1);
    // No lamports move; the verifier paid its fee only.
    assert_eq!(env.total(&keys).await, total - fees(1));
    let events = events::<ResultAttested>(&logs);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].job, s.job);
    assert_eq!(events[0].verifier, verifier);
    assert_eq!(events[0].score, 3_050);
    assert!(events[0].agree);
}

#[tokio::test]
async fn attest_result_keeps_attestations_in_order_with_disagreements() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 2, 1_000, false).await.unwrap();
    env.attest(&s, 0, 3_000, true).await.unwrap();
    let job: Job = env.fetch(&s.job).await;
    let order: Vec<_> = job
        .attestations
        .iter()
        .map(|a| (a.authority, a.agree))
        .collect();
    assert_eq!(
        order,
        vec![
            (s.verifiers[2].pubkey(), false),
            (s.verifiers[0].pubkey(), true)
        ]
    );
    assert_eq!((job.agree_count(), job.disagree_count()), (1, 1));
}

#[tokio::test]
async fn attest_result_accepts_a_score_of_10000_and_of_0() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 10_000, true).await.unwrap();
    env.attest(&s, 1, 0, false).await.unwrap();
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.attestations[0].score, 10_000);
    assert_eq!(job.attestations[1].score, 0);
}

#[tokio::test]
async fn attest_result_refuses_a_score_of_10001() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    assert_err(
        env.attest(&s, 0, 10_001, true).await,
        AtelierError::ScoreOutOfRange,
    );
    assert!(env.fetch::<Job>(&s.job).await.attestations.is_empty());
}

#[tokio::test]
async fn attest_result_by_the_jobs_own_worker_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    assert_err(
        env.send(
            &[ix_attest(&s.worker.pubkey(), &s.job, 9_000, true)],
            &[&s.worker],
        )
        .await,
        AtelierError::SelfAttestation,
    );
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(worker.attestations, 0);
}

#[tokio::test]
async fn attest_result_twice_by_the_same_verifier_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    // Even with a different verdict.
    assert_err(
        env.attest(&s, 0, 1_000, false).await,
        AtelierError::AlreadyAttested,
    );
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.attestations.len(), 1);
    assert!(job.attestations[0].agree);
    let v: Worker = env.fetch(&worker_pda(&s.verifiers[0].pubkey())).await;
    assert_eq!(v.attestations, 1);
}

#[tokio::test]
async fn attest_result_refuses_a_ninth_attestation() {
    // A quorum of 8 keeps the job undecided while the attestations fill up.
    let mut env = setup_with(ProtocolParams {
        verifier_quorum: 8,
        ..default_params()
    })
    .await;
    let mut s = env.submitted_job(SOL).await;
    env.add_verifiers(&mut s, 6).await;
    for i in 0..8 {
        env.attest(&s, i, 3_000, i % 2 == 0).await.unwrap();
    }
    assert_err(
        env.attest(&s, 8, 3_000, true).await,
        AtelierError::TooManyAttestations,
    );
    assert_eq!(env.fetch::<Job>(&s.job).await.attestations.len(), 8);
    let ninth: Worker = env.fetch(&worker_pda(&s.verifiers[8].pubkey())).await;
    assert_eq!(ninth.attestations, 0);
}

#[tokio::test]
async fn attest_result_one_second_before_the_window_closes_succeeds() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let submitted_at = env.fetch::<Job>(&s.job).await.submitted_at;
    env.set_time(submitted_at + 3_600 - 1).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
}

#[tokio::test]
async fn attest_result_when_the_window_has_closed_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let submitted_at = env.fetch::<Job>(&s.job).await.submitted_at;
    env.set_time(submitted_at + 3_600).await;
    assert_err(
        env.attest(&s, 0, 3_000, true).await,
        AtelierError::VerificationWindowClosed,
    );
}

#[tokio::test]
async fn attest_result_on_a_claimed_job_is_refused() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    assert_err(
        env.attest(&s, 0, 3_000, true).await,
        AtelierError::JobNotSubmitted,
    );
}

#[tokio::test]
async fn attest_result_on_an_open_job_is_refused() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    assert_err(
        env.attest(&s, 0, 3_000, true).await,
        AtelierError::JobNotSubmitted,
    );
}

#[tokio::test]
async fn attest_result_on_a_settled_job_fails_on_the_closed_account() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    let payees = vec![s.verifiers[0].pubkey(), s.verifiers[1].pubkey()];
    env.finalize(&s, payees).await.unwrap();
    assert_anchor_err(
        env.attest(&s, 2, 3_000, true).await,
        ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn attest_result_by_an_unbonding_verifier_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let v = s.verifiers[0].insecure_clone();
    env.send(
        &[ix_request_unstake(&v.pubkey(), &worker_pda(&v.pubkey()))],
        &[&v],
    )
    .await
    .unwrap();
    assert_err(
        env.attest(&s, 0, 3_000, true).await,
        AtelierError::WorkerNotActive,
    );
}

#[tokio::test]
async fn attest_result_by_a_verifier_below_the_minimum_stake_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.change_params(|p| p.min_worker_stake = 2 * SOL + 1)
        .await;
    assert_err(
        env.attest(&s, 0, 3_000, true).await,
        AtelierError::StakeBelowMinimum,
    );
}

#[tokio::test]
async fn attest_result_by_an_unregistered_wallet_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let stranger = env.wallet(SOL).await;
    assert_anchor_err(
        env.send(
            &[ix_attest(&stranger.pubkey(), &s.job, 3_000, true)],
            &[&stranger],
        )
        .await,
        ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn attest_result_with_another_verifiers_stake_account_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let impostor = s.verifiers[0].insecure_clone();
    let mut ix = ix_attest(&impostor.pubkey(), &s.job, 3_000, true);
    ix.accounts[2].pubkey = worker_pda(&s.verifiers[1].pubkey());
    assert_anchor_err(
        env.send(&[ix], &[&impostor]).await,
        ErrorCode::ConstraintSeeds,
    );
    assert!(env.fetch::<Job>(&s.job).await.attestations.is_empty());
}

#[tokio::test]
async fn attest_result_without_the_verifier_signature_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let payer = env.wallet(SOL).await;
    let mut ix = ix_attest(&s.verifiers[0].pubkey(), &s.job, 3_000, true);
    ix.accounts[0].is_signer = false;
    assert_anchor_err(
        env.send(&[ix], &[&payer]).await,
        ErrorCode::AccountNotSigner,
    );
}

#[tokio::test]
async fn attest_result_refuses_an_account_that_is_not_a_job() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let v = s.verifiers[0].insecure_clone();
    let provenance = provenance_pda(&s.content_hash);
    assert_anchor_err(
        env.send(&[ix_attest(&v.pubkey(), &provenance, 3_000, true)], &[&v])
            .await,
        ErrorCode::AccountDiscriminatorMismatch,
    );
}

#[tokio::test]
async fn attest_result_works_while_paused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.pause_protocol().await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    assert_eq!(env.fetch::<Job>(&s.job).await.attestations.len(), 1);
}

// ---- the verification game: attacks that paid before the quorum rules ----

#[tokio::test]
async fn the_client_cannot_attest_its_own_job_even_with_a_staked_worker_account() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    // The client also runs a minimum-stake worker and votes "disagree, 0" to get a refund
    // while keeping the (public) image and slashing the honest worker.
    env.send(&[ix_register_worker(&s.client.pubkey(), 2 * SOL)], &[&s.client])
        .await
        .unwrap();
    let client = s.client.insecure_clone();
    assert_err(
        env.send(&[ix_attest(&client.pubkey(), &s.job, 0, false)], &[&client])
            .await,
        AtelierError::ClientAttestation,
    );
    assert!(env.fetch::<Job>(&s.job).await.attestations.is_empty());
}

#[tokio::test]
async fn one_low_vote_bundled_with_finalize_cannot_reject_a_job() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_100, true).await.unwrap();
    let keys = s.ledger_keys(&env);
    let total = env.total(&keys).await;
    // Attest "disagree, 0" and finalize atomically, as a front-runner would.
    let sybil = s.verifiers[1].insecure_clone();
    let finalize = ix_finalize(&s.finalize_keys(&env, &sybil.pubkey(), s.payees(&[0])));
    assert_err(
        env.send(
            &[ix_attest(&sybil.pubkey(), &s.job, 0, false), finalize],
            &[&sybil],
        )
        .await,
        AtelierError::VerificationPending,
    );
    // The whole transaction failed: no vote recorded, nothing moved but the fee.
    let job: Job = env.fetch(&s.job).await;
    assert_eq!((job.status, job.attestations.len()), (JobStatus::Submitted, 1));
    assert_eq!(env.total(&keys).await, total - FEE_PER_SIGNATURE);
}

#[tokio::test]
async fn a_low_vote_after_an_agreeing_quorum_cannot_flip_the_job() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_100, true).await.unwrap();
    env.attest(&s, 1, 3_100, true).await.unwrap();
    assert_err(
        env.attest(&s, 2, 0, false).await,
        AtelierError::AttestationClosed,
    );
    let logs = env.finalize(&s, s.payees(&[0, 1])).await.unwrap();
    assert!(events::<atelier::events::JobFinalized>(&logs)[0].accepted);
}

#[tokio::test]
async fn a_rejection_needs_its_own_quorum_not_one_sybil_vote() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 0, false).await.unwrap();
    assert_err(
        env.finalize(&s, vec![]).await,
        AtelierError::VerificationPending,
    );
    // A second, honest verifier agreeing leaves 1–1: still undecided, still attestable.
    env.attest(&s, 1, 3_100, true).await.unwrap();
    env.attest(&s, 2, 3_050, true).await.unwrap();
    let logs = env.finalize(&s, s.payees(&[1, 2])).await.unwrap();
    let e = &events::<atelier::events::JobFinalized>(&logs)[0];
    assert!(e.accepted);
    // Only the deciding side's scores count: the Sybil's 0 never reaches the audit.
    assert_eq!(e.verified_score, Some(3_075));
}
