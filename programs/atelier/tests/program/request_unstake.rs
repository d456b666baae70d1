//! Tests of `request_unstake`.

use super::harness::*;
use anchor_lang::error::ErrorCode;
use atelier::{
    error::AtelierError,
    events::{JobFinalized, UnstakeRequested},
    state::*,
};
use solana_sdk::signature::{Keypair, Signer};

async fn request(env: &mut Env, operator: &Keypair) -> TxResult {
    let worker = worker_pda(&operator.pubkey());
    env.send(
        &[ix_request_unstake(&operator.pubkey(), &worker)],
        &[operator],
    )
    .await
}

#[tokio::test]
async fn request_unstake_starts_unbonding_now_and_announces_when_the_stake_is_withdrawable() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    let key = worker_pda(&operator.pubkey());
    env.set_time(T0 + 1_000).await;
    let wallet_before = env.balance(&operator.pubkey()).await;
    let held = env.balance(&key).await;

    let logs = request(&mut env, &operator).await.unwrap();

    let worker: Worker = env.fetch(&key).await;
    assert_eq!(worker.status, WorkerStatus::Unbonding);
    assert_eq!(
        worker.withdrawable_at,
        Some(T0 + 1_000 + default_params().unbonding_period)
    );
    assert_eq!(worker.stake, 2 * SOL);
    // No lamports move but the fee: the stake stays escrowed (and slashable).
    assert_eq!(env.balance(&key).await, held);
    assert_eq!(
        wallet_before - env.balance(&operator.pubkey()).await,
        FEE_PER_SIGNATURE
    );
    let event = &events::<UnstakeRequested>(&logs)[0];
    assert_eq!(event.worker, key);
    assert_eq!(
        event.withdrawable_at,
        T0 + 1_000 + default_params().unbonding_period
    );
}

#[tokio::test]
async fn requesting_unstake_twice_is_refused_and_keeps_the_first_withdrawal_time() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    request(&mut env, &operator).await.unwrap();
    env.advance(3_600).await;

    assert_err(
        request(&mut env, &operator).await,
        AtelierError::WorkerNotActive,
    );
    let worker: Worker = env.fetch(&worker_pda(&operator.pubkey())).await;
    assert_eq!(
        worker.withdrawable_at,
        Some(T0 + default_params().unbonding_period)
    );
}

#[tokio::test]
async fn another_wallet_cannot_start_unbonding_of_a_worker_it_does_not_own() {
    let mut env = setup().await;
    let owner = env.register_worker(2 * SOL).await;
    let stranger = env.wallet(SOL).await;
    let key = worker_pda(&owner.pubkey());
    let result = env
        .send(
            &[ix_request_unstake(&stranger.pubkey(), &key)],
            &[&stranger],
        )
        .await;
    assert_anchor_err(result, ErrorCode::ConstraintSeeds);
    let worker: Worker = env.fetch(&key).await;
    assert_eq!(worker.status, WorkerStatus::Active);
}

#[tokio::test]
async fn request_unstake_of_an_unregistered_operator_fails() {
    let mut env = setup().await;
    let nobody = env.wallet(SOL).await;
    assert_anchor_err(
        request(&mut env, &nobody).await,
        ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn an_unbonding_worker_can_no_longer_claim_jobs() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    request(&mut env, &s.worker).await.unwrap();

    assert_err(
        env.send(&[ix_claim_job(&s.worker.pubkey(), &s.job)], &[&s.worker])
            .await,
        AtelierError::WorkerNotActive,
    );
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.status, JobStatus::Open);
}

#[tokio::test]
async fn an_unbonding_worker_can_no_longer_attest_results() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    request(&mut env, &s.verifiers[0]).await.unwrap();

    assert_err(
        env.attest(&s, 0, 3_000, true).await,
        AtelierError::WorkerNotActive,
    );
    let job: Job = env.fetch(&s.job).await;
    assert!(job.attestations.is_empty());
}

#[tokio::test]
async fn a_worker_may_start_unbonding_with_a_job_in_flight_and_still_submit_it() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    request(&mut env, &s.worker).await.unwrap();

    env.submit(&s, 3_100, vec![]).await.unwrap();

    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.status, JobStatus::Submitted);
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(worker.status, WorkerStatus::Unbonding);
    assert_eq!(worker.jobs_in_flight, 1);
}

#[tokio::test]
async fn an_unbonding_worker_is_still_slashed_when_its_result_is_rejected() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    request(&mut env, &s.worker).await.unwrap();
    env.attest(&s, 0, 3_000, false).await.unwrap();
    env.attest(&s, 1, 3_000, false).await.unwrap();
    let treasury_before = env.balance(&env.treasury.pubkey()).await;
    let provenance_rent = env.balance(&provenance_pda(&s.content_hash)).await;

    let cranker = env.wallet(SOL).await;
    let logs = env
        .send(
            &[ix_finalize(&s.finalize_keys(
                &env,
                &cranker.pubkey(),
                s.payees(&[0, 1]),
            ))],
            &[&cranker],
        )
        .await
        .unwrap();

    let slash = 2 * SOL * 1_000 / 10_000;
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(worker.stake, 2 * SOL - slash);
    assert_eq!(worker.status, WorkerStatus::Unbonding);
    assert_eq!(
        env.balance(&env.treasury.pubkey()).await - treasury_before,
        slash + provenance_rent
    );
    let event = &events::<JobFinalized>(&logs)[0];
    assert!(!event.accepted);
    assert_eq!(event.slashed, slash);
}

#[tokio::test]
async fn request_unstake_works_while_the_protocol_is_paused() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    let admin = env.admin.insecure_clone();
    env.send(&[ix_set_paused(&admin.pubkey(), true)], &[&admin])
        .await
        .unwrap();
    request(&mut env, &operator).await.unwrap();
    let worker: Worker = env.fetch(&worker_pda(&operator.pubkey())).await;
    assert_eq!(worker.status, WorkerStatus::Unbonding);
}
