//! Tests of `expire_claim`.

use super::{fixtures::*, harness::*};
use anchor_lang::{error::ErrorCode, prelude::Pubkey};
use atelier::{
    error::AtelierError,
    events::{ClaimExpired, SlashReason, WorkerSlashed},
    state::*,
};
use solana_sdk::{
    instruction::Instruction,
    signature::{Keypair, Signer},
};

fn expire_ix(env: &Env, cranker: &Keypair, s: &Scenario) -> Instruction {
    ix_expire(
        &cranker.pubkey(),
        &s.job,
        &s.worker.pubkey(),
        &s.client.pubkey(),
        &env.treasury.pubkey(),
    )
}

/// Moves the clock just past the job's claim deadline.
async fn past_claim_deadline(env: &mut Env, s: &Scenario) {
    let claim_deadline = env.fetch::<Job>(&s.job).await.claim_deadline;
    env.set_time(claim_deadline + 1).await;
}

#[tokio::test]
async fn expire_claim_reopens_the_job_and_moves_the_late_penalty_to_the_treasury() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    past_claim_deadline(&mut env, &s).await;
    let keys = s.ledger_keys(&env);
    let total = env.total(&keys).await;
    let worker_key = worker_pda(&s.worker.pubkey());
    let stake_account = env.balance(&worker_key).await;
    let treasury = env.balance(&env.treasury.pubkey()).await;
    let escrow = env.balance(&s.job).await;
    let cranker = env.wallet(SOL).await;

    let logs = env
        .send(&[expire_ix(&env, &cranker, &s)], &[&cranker])
        .await
        .unwrap();

    // 1 % of the 2 SOL stake.
    let penalty = 2 * SOL / 100;
    assert_eq!(stake_account - env.balance(&worker_key).await, penalty);
    assert_eq!(
        env.balance(&env.treasury.pubkey()).await - treasury,
        penalty
    );
    assert_eq!(env.balance(&s.job).await, escrow);
    // Only the cranker (outside the ledger) paid a fee.
    assert_eq!(env.total(&keys).await, total);

    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.status, JobStatus::Open);
    assert_eq!(job.worker, None);
    assert_eq!(job.claim_deadline, 0);
    assert_eq!(job.claims, 1);
    let worker: Worker = env.fetch(&worker_key).await;
    assert_eq!(worker.stake, 2 * SOL - penalty);
    assert_eq!(worker.total_slashed, penalty);
    assert_eq!((worker.jobs_in_flight, worker.jobs_failed), (0, 1));
    assert_eq!(worker.jobs_completed, 0);

    let expired = events::<ClaimExpired>(&logs);
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].job, s.job);
    assert_eq!(expired[0].worker, worker_key);
    assert!(expired[0].reopened);
    assert_eq!(expired[0].penalty, penalty);
    let slashed = events::<WorkerSlashed>(&logs);
    assert_eq!(slashed.len(), 1);
    assert_eq!(slashed[0].worker, worker_key);
    assert_eq!(slashed[0].job, s.job);
    assert_eq!(slashed[0].amount, penalty);
    assert_eq!(slashed[0].remaining_stake, 2 * SOL - penalty);
    assert_eq!(slashed[0].reason, SlashReason::ExpiredClaim);
}

#[tokio::test]
async fn expire_claim_past_the_client_deadline_refunds_the_client_and_closes_the_job() {
    let mut env = setup().await;
    let s = env.claimed_job(3 * SOL).await;
    let deadline = env.fetch::<Job>(&s.job).await.deadline;
    env.set_time(deadline + 1).await;
    let keys = s.ledger_keys(&env);
    let total = env.total(&keys).await;
    let escrow = env.balance(&s.job).await;
    let rent = env.rent(Job::SPACE).await;
    assert_eq!(escrow, 3 * SOL + rent + DEPOSIT);
    let client = env.balance(&s.client.pubkey()).await;
    let treasury = env.balance(&env.treasury.pubkey()).await;

    let logs = env.expire(&s).await.unwrap();

    assert!(!env.exists(&s.job).await);
    assert_eq!(env.balance(&s.client.pubkey()).await - client, escrow);
    let penalty = 2 * SOL / 100;
    assert_eq!(
        env.balance(&env.treasury.pubkey()).await - treasury,
        penalty
    );
    assert_eq!(env.total(&keys).await, total);
    let e = &events::<ClaimExpired>(&logs)[0];
    assert!(!e.reopened);
    assert_eq!(e.penalty, penalty);
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!((worker.jobs_in_flight, worker.jobs_failed), (0, 1));
}

#[tokio::test]
async fn expire_claim_exactly_at_the_client_deadline_refunds_rather_than_reopens() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let job: Job = env.fetch(&s.job).await;
    assert!(job.claim_deadline < job.deadline);
    env.set_time(job.deadline).await;
    let logs = env.expire(&s).await.unwrap();
    assert!(!events::<ClaimExpired>(&logs)[0].reopened);
    assert!(!env.exists(&s.job).await);
}

#[tokio::test]
async fn expire_claim_one_second_before_the_client_deadline_reopens() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let job: Job = env.fetch(&s.job).await;
    env.set_time(job.deadline - 1).await;
    let logs = env.expire(&s).await.unwrap();
    assert!(events::<ClaimExpired>(&logs)[0].reopened);
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Open);
}

#[tokio::test]
async fn expire_claim_at_the_claim_deadline_is_refused() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let claim_deadline = env.fetch::<Job>(&s.job).await.claim_deadline;
    env.set_time(claim_deadline).await;
    let stake = env.balance(&worker_pda(&s.worker.pubkey())).await;
    assert_err(env.expire(&s).await, AtelierError::ClaimNotExpired);
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Claimed);
    assert_eq!(env.balance(&worker_pda(&s.worker.pubkey())).await, stake);
}

#[tokio::test]
async fn expire_claim_of_an_open_job_is_refused() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    // An open job has no worker: the worker account cannot be the job's.
    assert_err(env.expire(&s).await, AtelierError::NotJobWorker);
}

#[tokio::test]
async fn expire_claim_of_a_submitted_job_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    past_claim_deadline(&mut env, &s).await;
    assert_err(env.expire(&s).await, AtelierError::JobNotClaimed);
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Submitted);
}

#[tokio::test]
async fn expire_claim_twice_penalises_once() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    past_claim_deadline(&mut env, &s).await;
    env.expire(&s).await.unwrap();
    let worker_key = worker_pda(&s.worker.pubkey());
    let stake = env.balance(&worker_key).await;
    // The reopened job no longer names the worker.
    assert_err(env.expire(&s).await, AtelierError::NotJobWorker);
    assert_eq!(env.balance(&worker_key).await, stake);
    let worker: Worker = env.fetch(&worker_key).await;
    assert_eq!(worker.jobs_failed, 1);
}

#[tokio::test]
async fn expire_claim_twice_after_a_refund_fails_on_the_closed_job() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let deadline = env.fetch::<Job>(&s.job).await.deadline;
    env.set_time(deadline + 1).await;
    env.expire(&s).await.unwrap();
    let client = env.balance(&s.client.pubkey()).await;
    assert_anchor_err(env.expire(&s).await, ErrorCode::AccountNotInitialized);
    assert_eq!(env.balance(&s.client.pubkey()).await, client);
}

#[tokio::test]
async fn expire_claim_of_a_job_reclaimed_by_another_worker_requires_that_worker() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    past_claim_deadline(&mut env, &s).await;
    env.expire(&s).await.unwrap();
    let second = s.verifiers[0].insecure_clone();
    env.send(&[ix_claim_job(&second.pubkey(), &s.job)], &[&second])
        .await
        .unwrap();
    past_claim_deadline(&mut env, &s).await;
    // Naming the first worker again is refused...
    assert_err(env.expire(&s).await, AtelierError::NotJobWorker);
    // ...naming the second works.
    let cranker = env.wallet(SOL).await;
    let ix = ix_expire(
        &cranker.pubkey(),
        &s.job,
        &second.pubkey(),
        &s.client.pubkey(),
        &env.treasury.pubkey(),
    );
    env.send(&[ix], &[&cranker]).await.unwrap();
    let w: Worker = env.fetch(&worker_pda(&second.pubkey())).await;
    assert_eq!((w.jobs_failed, w.jobs_in_flight), (1, 0));
}

#[tokio::test]
async fn expire_claim_refuses_a_treasury_that_is_not_the_configs() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    past_claim_deadline(&mut env, &s).await;
    let cranker = env.wallet(SOL).await;
    let fake = cranker.pubkey();
    let ix = ix_expire(
        &cranker.pubkey(),
        &s.job,
        &s.worker.pubkey(),
        &s.client.pubkey(),
        &fake,
    );
    let before = env.balance(&fake).await;
    assert_err(
        env.send(&[ix], &[&cranker]).await,
        AtelierError::TreasuryMismatch,
    );
    assert_eq!(before - env.balance(&fake).await, fees(1));
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Claimed);
}

#[tokio::test]
async fn expire_claim_refuses_a_client_account_that_is_not_the_jobs_client() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let deadline = env.fetch::<Job>(&s.job).await.deadline;
    env.set_time(deadline + 1).await;
    let cranker = env.wallet(SOL).await;
    // The cranker tries to receive the refund.
    let ix = ix_expire(
        &cranker.pubkey(),
        &s.job,
        &s.worker.pubkey(),
        &cranker.pubkey(),
        &env.treasury.pubkey(),
    );
    assert_err(
        env.send(&[ix], &[&cranker]).await,
        AtelierError::NotJobClient,
    );
    assert!(env.exists(&s.job).await);
}

#[tokio::test]
async fn expire_claim_refuses_a_worker_account_that_is_not_the_jobs_worker() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    past_claim_deadline(&mut env, &s).await;
    let cranker = env.wallet(SOL).await;
    let innocent = s.verifiers[1].pubkey();
    let stake = env.balance(&worker_pda(&innocent)).await;
    let ix = ix_expire(
        &cranker.pubkey(),
        &s.job,
        &innocent,
        &s.client.pubkey(),
        &env.treasury.pubkey(),
    );
    assert_err(
        env.send(&[ix], &[&cranker]).await,
        AtelierError::NotJobWorker,
    );
    assert_eq!(env.balance(&worker_pda(&innocent)).await, stake);
}

#[tokio::test]
async fn expire_claim_refuses_an_account_that_is_not_a_job() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    past_claim_deadline(&mut env, &s).await;
    let cranker = env.wallet(SOL).await;
    let mut ix = expire_ix(&env, &cranker, &s);
    ix.accounts[2].pubkey = worker_pda(&s.verifiers[0].pubkey());
    assert_anchor_err(
        env.send(&[ix], &[&cranker]).await,
        ErrorCode::AccountDiscriminatorMismatch,
    );
}

#[tokio::test]
async fn expire_claim_refuses_an_uninitialized_account_in_place_of_the_config() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    past_claim_deadline(&mut env, &s).await;
    let cranker = env.wallet(SOL).await;
    let mut ix = expire_ix(&env, &cranker, &s);
    ix.accounts[1].pubkey = Pubkey::new_unique();
    assert_anchor_err(
        env.send(&[ix], &[&cranker]).await,
        ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn expire_claim_works_while_paused() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    env.pause_protocol().await;
    past_claim_deadline(&mut env, &s).await;
    env.expire(&s).await.unwrap();
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Open);
}

#[tokio::test]
async fn expire_claim_with_no_late_penalty_moves_nothing_and_emits_no_slash() {
    let mut env = setup_with(ProtocolParams {
        late_penalty_bps: 0,
        ..default_params()
    })
    .await;
    let s = env.claimed_job(SOL).await;
    past_claim_deadline(&mut env, &s).await;
    let worker_key = worker_pda(&s.worker.pubkey());
    let stake = env.balance(&worker_key).await;
    let treasury = env.balance(&env.treasury.pubkey()).await;
    let logs = env.expire(&s).await.unwrap();
    assert_eq!(env.balance(&worker_key).await, stake);
    assert_eq!(env.balance(&env.treasury.pubkey()).await, treasury);
    assert!(events::<WorkerSlashed>(&logs).is_empty());
    assert_eq!(events::<ClaimExpired>(&logs)[0].penalty, 0);
    let worker: Worker = env.fetch(&worker_key).await;
    assert_eq!((worker.stake, worker.jobs_failed), (2 * SOL, 1));
}

#[tokio::test]
async fn expire_claim_with_a_full_late_penalty_takes_the_whole_stake_but_leaves_the_rent() {
    let mut env = setup_with(ProtocolParams {
        late_penalty_bps: 10_000,
        ..default_params()
    })
    .await;
    let s = env.claimed_job(SOL).await;
    past_claim_deadline(&mut env, &s).await;
    let worker_key = worker_pda(&s.worker.pubkey());
    let treasury = env.balance(&env.treasury.pubkey()).await;
    env.expire(&s).await.unwrap();
    let rent = env.rent(Worker::SPACE).await;
    assert_eq!(env.balance(&worker_key).await, rent);
    assert_eq!(
        env.balance(&env.treasury.pubkey()).await - treasury,
        2 * SOL
    );
    let worker: Worker = env.fetch(&worker_key).await;
    assert_eq!((worker.stake, worker.total_slashed), (0, 2 * SOL));
}

#[tokio::test]
async fn expire_claim_leaves_a_worker_below_minimum_stake_unable_to_claim() {
    let mut env = setup().await;
    // Stake exactly the minimum; the 1 % penalty takes it below.
    let worker = env.register_worker(SOL).await;
    let mut s = env.open_job(SOL).await;
    s.worker = worker;
    env.send(&[ix_claim_job(&s.worker.pubkey(), &s.job)], &[&s.worker])
        .await
        .unwrap();
    past_claim_deadline(&mut env, &s).await;
    env.expire(&s).await.unwrap();
    let w: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(w.stake, SOL - SOL / 100);
    assert_err(
        env.send(&[ix_claim_job(&s.worker.pubkey(), &s.job)], &[&s.worker])
            .await,
        AtelierError::StakeBelowMinimum,
    );
}
