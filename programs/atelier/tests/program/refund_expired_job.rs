//! Tests of `refund_expired_job`: an open job past its deadline is refunded by anyone, exactly.

use super::harness::*;
use anchor_lang::error::ErrorCode;
use atelier::{error::AtelierError, events::JobExpired, state::Job};
use solana_sdk::signature::Signer;

#[tokio::test]
async fn an_open_job_past_its_deadline_is_refunded_in_full_by_anyone() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let deadline = env.fetch::<Job>(&s.job).await.deadline;
    let cranker = env.wallet(SOL).await;
    let ix = || ix_refund_expired_job(&cranker.pubkey(), &s.job, &s.client.pubkey());
    env.set_time(deadline - 1).await;
    assert_err(
        env.send(&[ix()], &[&cranker]).await,
        AtelierError::JobDeadlineNotPassed,
    );

    env.set_time(deadline).await;
    let escrow = env.balance(&s.job).await;
    let client_before = env.balance(&s.client.pubkey()).await;
    let logs = env.send(&[ix()], &[&cranker]).await.unwrap();
    assert_eq!(
        env.balance(&s.client.pubkey()).await,
        client_before + escrow
    );
    assert!(!env.exists(&s.job).await);
    let e = &events::<JobExpired>(&logs)[0];
    assert_eq!(
        (e.job, e.client, e.refunded),
        (s.job, s.client.pubkey(), escrow)
    );
    // Replayed: the job is gone.
    assert_anchor_err(
        env.send(&[ix()], &[&cranker]).await,
        ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn a_claimed_job_is_not_refunded_this_way_and_the_refund_goes_only_to_the_client() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let deadline = env.fetch::<Job>(&s.job).await.deadline;
    env.set_time(deadline).await;
    let cranker = env.wallet(SOL).await;
    assert_err(
        env.send(
            &[ix_refund_expired_job(
                &cranker.pubkey(),
                &s.job,
                &s.client.pubkey(),
            )],
            &[&cranker],
        )
        .await,
        AtelierError::JobNotOpen,
    );
    let open = env.open_job(SOL).await;
    let deadline = env.fetch::<Job>(&open.job).await.deadline;
    env.set_time(deadline).await;
    assert_err(
        env.send(
            &[ix_refund_expired_job(
                &cranker.pubkey(),
                &open.job,
                &cranker.pubkey(),
            )],
            &[&cranker],
        )
        .await,
        AtelierError::NotJobClient,
    );
}
