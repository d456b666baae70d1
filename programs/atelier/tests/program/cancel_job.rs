//! Tests of `cancel_job`.

use super::{fixtures::*, harness::*};
use anchor_lang::error::ErrorCode;
use atelier::{error::AtelierError, events::JobCancelled, state::*};
use solana_sdk::signature::Signer;

#[tokio::test]
async fn cancel_job_refunds_payment_and_rent_to_the_client_and_closes_the_job() {
    let mut env = setup().await;
    let s = env.open_job(2 * SOL).await;
    let rent = env.rent(Job::SPACE).await;
    let client_before = env.balance(&s.client.pubkey()).await;
    assert_eq!(env.balance(&s.job).await, 2 * SOL + rent + DEPOSIT);

    let logs = env
        .send(&[ix_cancel_job(&s.client.pubkey(), &s.job)], &[&s.client])
        .await
        .unwrap();

    assert!(!env.exists(&s.job).await);
    assert_eq!(
        env.balance(&s.client.pubkey()).await,
        client_before + 2 * SOL + rent + DEPOSIT - fees(1)
    );
    let events = events::<JobCancelled>(&logs);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].job, s.job);
    assert_eq!(events[0].client, s.client.pubkey());
    assert_eq!(events[0].refunded, 2 * SOL + rent + DEPOSIT);
}

#[tokio::test]
async fn cancel_job_refunds_a_one_lamport_job_exactly() {
    let mut env = setup().await;
    let s = env.open_job(1).await;
    let rent = env.rent(Job::SPACE).await;
    let before = env.balance(&s.client.pubkey()).await;
    env.send(&[ix_cancel_job(&s.client.pubkey(), &s.job)], &[&s.client])
        .await
        .unwrap();
    assert_eq!(
        env.balance(&s.client.pubkey()).await,
        before + 1 + rent + DEPOSIT - fees(1)
    );
    assert!(!env.exists(&s.job).await);
}

#[tokio::test]
async fn cancel_job_by_another_wallet_is_refused_and_the_escrow_stays() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let stranger = env.wallet(SOL).await;
    let escrow = env.balance(&s.job).await;
    assert_err(
        env.send(&[ix_cancel_job(&stranger.pubkey(), &s.job)], &[&stranger])
            .await,
        AtelierError::NotJobClient,
    );
    assert_eq!(env.balance(&s.job).await, escrow);
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Open);
}

#[tokio::test]
async fn cancel_job_refuses_a_client_cancelling_another_clients_job() {
    let mut env = setup().await;
    let mine = env.open_job(SOL).await;
    let theirs = env.open_job(SOL).await;
    assert_err(
        env.send(
            &[ix_cancel_job(&mine.client.pubkey(), &theirs.job)],
            &[&mine.client],
        )
        .await,
        AtelierError::NotJobClient,
    );
    assert!(env.exists(&theirs.job).await);
}

#[tokio::test]
async fn cancel_job_without_the_client_signature_is_refused() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let payer = env.wallet(SOL).await;
    let mut ix = ix_cancel_job(&s.client.pubkey(), &s.job);
    ix.accounts[0].is_signer = false;
    assert_anchor_err(
        env.send(&[ix], &[&payer]).await,
        ErrorCode::AccountNotSigner,
    );
    assert!(env.exists(&s.job).await);
}

#[tokio::test]
async fn cancel_job_refuses_an_account_that_is_not_a_job() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let worker_account = worker_pda(&s.worker.pubkey());
    let stake_account = env.balance(&worker_account).await;
    assert_anchor_err(
        env.send(
            &[ix_cancel_job(&s.client.pubkey(), &worker_account)],
            &[&s.client],
        )
        .await,
        ErrorCode::AccountDiscriminatorMismatch,
    );
    assert_eq!(env.balance(&worker_account).await, stake_account);
}

#[tokio::test]
async fn cancel_job_refuses_a_claimed_job() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    assert_err(
        env.send(&[ix_cancel_job(&s.client.pubkey(), &s.job)], &[&s.client])
            .await,
        AtelierError::JobNotOpen,
    );
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Claimed);
}

#[tokio::test]
async fn cancel_job_refuses_a_submitted_job() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    assert_err(
        env.send(&[ix_cancel_job(&s.client.pubkey(), &s.job)], &[&s.client])
            .await,
        AtelierError::JobNotOpen,
    );
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Submitted);
}

#[tokio::test]
async fn cancel_job_twice_fails_the_second_time_without_paying_again() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    env.send(&[ix_cancel_job(&s.client.pubkey(), &s.job)], &[&s.client])
        .await
        .unwrap();
    let before = env.balance(&s.client.pubkey()).await;
    assert_anchor_err(
        env.send(&[ix_cancel_job(&s.client.pubkey(), &s.job)], &[&s.client])
            .await,
        ErrorCode::AccountNotInitialized,
    );
    assert_eq!(before - env.balance(&s.client.pubkey()).await, fees(1));
}

#[tokio::test]
async fn cancel_job_works_while_paused() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    env.pause_protocol().await;
    let escrow = env.balance(&s.job).await;
    let before = env.balance(&s.client.pubkey()).await;
    env.send(&[ix_cancel_job(&s.client.pubkey(), &s.job)], &[&s.client])
        .await
        .unwrap();
    assert!(!env.exists(&s.job).await);
    assert_eq!(
        env.balance(&s.client.pubkey()).await,
        before + escrow - fees(1)
    );
}

#[tokio::test]
async fn cancel_job_works_after_the_client_deadline_has_passed() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let deadline = env.fetch::<Job>(&s.job).await.deadline;
    env.set_time(deadline + 1).await;
    env.send(&[ix_cancel_job(&s.client.pubkey(), &s.job)], &[&s.client])
        .await
        .unwrap();
    assert!(!env.exists(&s.job).await);
}

#[tokio::test]
async fn cancel_job_reopened_after_an_expired_claim_refunds_the_whole_escrow() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let job: Job = env.fetch(&s.job).await;
    env.set_time(job.claim_deadline + 1).await;
    env.expire(&s).await.unwrap();
    let escrow = env.balance(&s.job).await;
    let rent = env.rent(Job::SPACE).await;
    assert_eq!(escrow, SOL + rent + DEPOSIT);
    let before = env.balance(&s.client.pubkey()).await;
    env.send(&[ix_cancel_job(&s.client.pubkey(), &s.job)], &[&s.client])
        .await
        .unwrap();
    assert_eq!(
        env.balance(&s.client.pubkey()).await,
        before + escrow - fees(1)
    );
}
