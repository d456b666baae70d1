//! Tests of `claim_job`.

use super::{fixtures::*, harness::*};
use anchor_lang::error::ErrorCode;
use atelier::{error::AtelierError, events::JobClaimed, state::*};
use solana_sdk::signature::Signer;

async fn claim(env: &mut Env, s: &Scenario) -> TxResult {
    env.send(&[ix_claim_job(&s.worker.pubkey(), &s.job)], &[&s.worker])
        .await
}

#[tokio::test]
async fn claim_job_assigns_the_worker_until_the_claim_deadline() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let keys = s.ledger_keys(&env);
    let total = env.total(&keys).await;
    env.set_time(T0 + 100).await;

    let logs = claim(&mut env, &s).await.unwrap();

    let job: Job = env.fetch(&s.job).await;
    let worker_key = worker_pda(&s.worker.pubkey());
    assert_eq!(job.status, JobStatus::Claimed);
    assert_eq!(job.worker, Some(worker_key));
    assert_eq!(job.claim_deadline, T0 + 100 + 600);
    assert_eq!(job.claims, 1);
    let worker: Worker = env.fetch(&worker_key).await;
    assert_eq!(worker.jobs_in_flight, 1);
    // No lamports move; the worker paid its fee only.
    assert_eq!(env.total(&keys).await, total - fees(1));
    let events = events::<JobClaimed>(&logs);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].job, s.job);
    assert_eq!(events[0].worker, worker_key);
    assert_eq!(events[0].claim_deadline, T0 + 700);
}

#[tokio::test]
async fn claim_job_twice_by_the_same_worker_is_refused() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    assert_err(claim(&mut env, &s).await, AtelierError::JobNotOpen);
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(worker.jobs_in_flight, 1);
    assert_eq!(env.fetch::<Job>(&s.job).await.claims, 1);
}

#[tokio::test]
async fn claim_job_already_claimed_by_another_worker_is_refused() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let other = env.register_worker(2 * SOL).await;
    assert_err(
        env.send(&[ix_claim_job(&other.pubkey(), &s.job)], &[&other])
            .await,
        AtelierError::JobNotOpen,
    );
    assert_eq!(
        env.fetch::<Job>(&s.job).await.worker,
        Some(worker_pda(&s.worker.pubkey()))
    );
}

#[tokio::test]
async fn claim_job_refuses_a_submitted_job() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let other = env.register_worker(2 * SOL).await;
    assert_err(
        env.send(&[ix_claim_job(&other.pubkey(), &s.job)], &[&other])
            .await,
        AtelierError::JobNotOpen,
    );
}

#[tokio::test]
async fn claim_job_is_refused_while_paused() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    env.pause_protocol().await;
    assert_err(claim(&mut env, &s).await, AtelierError::ProtocolPaused);
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Open);
}

#[tokio::test]
async fn claim_job_one_second_before_the_client_deadline_succeeds() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let deadline = env.fetch::<Job>(&s.job).await.deadline;
    env.set_time(deadline - 1).await;
    claim(&mut env, &s).await.unwrap();
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Claimed);
}

#[tokio::test]
async fn claim_job_at_the_client_deadline_is_refused() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let deadline = env.fetch::<Job>(&s.job).await.deadline;
    env.set_time(deadline).await;
    assert_err(claim(&mut env, &s).await, AtelierError::JobDeadlinePassed);
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Open);
}

#[tokio::test]
async fn claim_job_by_an_unregistered_wallet_is_refused() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let stranger = env.wallet(SOL).await;
    assert_anchor_err(
        env.send(&[ix_claim_job(&stranger.pubkey(), &s.job)], &[&stranger])
            .await,
        ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn claim_job_with_another_operators_worker_account_is_refused() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let thief = env.register_worker(2 * SOL).await;
    let mut ix = ix_claim_job(&thief.pubkey(), &s.job);
    ix.accounts[2].pubkey = worker_pda(&s.worker.pubkey());
    assert_anchor_err(env.send(&[ix], &[&thief]).await, ErrorCode::ConstraintSeeds);
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(worker.jobs_in_flight, 0);
}

#[tokio::test]
async fn claim_job_without_the_worker_signature_is_refused() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let payer = env.wallet(SOL).await;
    let mut ix = ix_claim_job(&s.worker.pubkey(), &s.job);
    ix.accounts[0].is_signer = false;
    assert_anchor_err(
        env.send(&[ix], &[&payer]).await,
        ErrorCode::AccountNotSigner,
    );
}

#[tokio::test]
async fn claim_job_refuses_an_account_that_is_not_a_job() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let not_a_job = worker_pda(&s.verifiers[0].pubkey());
    assert_anchor_err(
        env.send(
            &[ix_claim_job(&s.worker.pubkey(), &not_a_job)],
            &[&s.worker],
        )
        .await,
        ErrorCode::AccountDiscriminatorMismatch,
    );
}

#[tokio::test]
async fn claim_job_by_an_unbonding_worker_is_refused() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let w = worker_pda(&s.worker.pubkey());
    env.send(&[ix_request_unstake(&s.worker.pubkey(), &w)], &[&s.worker])
        .await
        .unwrap();
    assert_err(claim(&mut env, &s).await, AtelierError::WorkerNotActive);
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Open);
}

#[tokio::test]
async fn claim_job_by_a_worker_below_the_minimum_stake_is_refused() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    // The worker staked 2 SOL; the admin raises the minimum above it.
    env.change_params(|p| p.min_worker_stake = 2 * SOL + 1)
        .await;
    assert_err(claim(&mut env, &s).await, AtelierError::StakeBelowMinimum);
}

#[tokio::test]
async fn claim_job_with_exactly_the_minimum_stake_succeeds() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    env.change_params(|p| p.min_worker_stake = 2 * SOL).await;
    claim(&mut env, &s).await.unwrap();
}

#[tokio::test]
async fn claim_job_after_an_expired_claim_by_another_worker_counts_the_second_claim() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let first: Job = env.fetch(&s.job).await;
    env.set_time(first.claim_deadline + 1).await;
    env.expire(&s).await.unwrap();
    let second = s.verifiers[0].insecure_clone();
    env.send(&[ix_claim_job(&second.pubkey(), &s.job)], &[&second])
        .await
        .unwrap();
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.claims, 2);
    assert_eq!(job.worker, Some(worker_pda(&second.pubkey())));
    assert_eq!(job.claim_deadline, first.claim_deadline + 1 + 600);
}

#[tokio::test]
async fn claim_job_lets_one_worker_hold_several_jobs() {
    let mut env = setup().await;
    let a = env.open_job(SOL).await;
    let b = env.open_job(SOL).await;
    claim(&mut env, &a).await.unwrap();
    env.send(&[ix_claim_job(&a.worker.pubkey(), &b.job)], &[&a.worker])
        .await
        .unwrap();
    let worker: Worker = env.fetch(&worker_pda(&a.worker.pubkey())).await;
    assert_eq!(worker.jobs_in_flight, 2);
}

#[tokio::test]
async fn claim_job_refuses_a_read_only_job_account() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let mut ix = ix_claim_job(&s.worker.pubkey(), &s.job);
    ix.accounts[3].is_writable = false;
    assert_anchor_err(
        env.send(&[ix], &[&s.worker]).await,
        ErrorCode::ConstraintMut,
    );
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Open);
}
