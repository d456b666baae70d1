//! Tests of `release_claim`: the claiming worker hands a job back it cannot serve, paying the
//! late penalty (never more than letting the claim expire), to the lamport.

use super::harness::*;
use atelier::{
    error::AtelierError,
    events::{ClaimReleased, SlashReason, WorkerSlashed},
    state::*,
};
use solana_sdk::signature::Signer;

#[tokio::test]
async fn the_claiming_worker_releases_the_job_which_reopens_and_pays_the_late_penalty() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let treasury = env.treasury.pubkey();
    let keys = s.ledger_keys(&env);
    let total = env.total(&keys).await;
    let worker = s.worker.insecure_clone();
    let logs = env
        .send(
            &[ix_release_claim(
                &worker.pubkey(),
                &s.job,
                &s.client.pubkey(),
                &treasury,
            )],
            &[&worker],
        )
        .await
        .unwrap();
    let penalty = 2 * SOL * 100 / 10_000;
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(
        (job.status, job.worker, job.claims),
        (JobStatus::Open, None, 1)
    );
    let w: Worker = env.fetch(&worker_pda(&worker.pubkey())).await;
    assert_eq!(
        (w.stake, w.jobs_in_flight, w.jobs_failed),
        (2 * SOL - penalty, 0, 1)
    );
    let e = &events::<ClaimReleased>(&logs)[0];
    assert_eq!((e.job, e.reopened, e.penalty), (s.job, true, penalty));
    assert_eq!(
        events::<WorkerSlashed>(&logs)[0].reason,
        SlashReason::ReleasedClaim
    );
    // The penalty moved to the treasury (in the ledger); only the fee left it.
    assert_eq!(env.total(&keys).await, total - FEE_PER_SIGNATURE);
    assert_eq!(env.config().await.active_stake, 8 * SOL - penalty);
    // Another worker can claim it at once.
    let other = s.verifiers[0].insecure_clone();
    env.send(&[ix_claim_job(&other.pubkey(), &s.job)], &[&other])
        .await
        .unwrap();
}

#[tokio::test]
async fn only_the_claiming_worker_may_release_and_only_a_claimed_job() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let treasury = env.treasury.pubkey();
    let intruder = s.verifiers[0].insecure_clone();
    assert_err(
        env.send(
            &[ix_release_claim(
                &intruder.pubkey(),
                &s.job,
                &s.client.pubkey(),
                &treasury,
            )],
            &[&intruder],
        )
        .await,
        AtelierError::NotJobWorker,
    );
    let open = env.open_job(SOL).await;
    let w = open.worker.insecure_clone();
    assert_err(
        env.send(
            &[ix_release_claim(
                &w.pubkey(),
                &open.job,
                &open.client.pubkey(),
                &treasury,
            )],
            &[&w],
        )
        .await,
        AtelierError::JobNotClaimed,
    );
}

#[tokio::test]
async fn a_release_past_the_client_deadline_refunds_the_client() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    let deadline = env.fetch::<Job>(&s.job).await.deadline;
    env.set_time(deadline).await;
    let escrow = env.balance(&s.job).await;
    let client_before = env.balance(&s.client.pubkey()).await;
    let worker = s.worker.insecure_clone();
    let treasury = env.treasury.pubkey();
    let logs = env
        .send(
            &[ix_release_claim(
                &worker.pubkey(),
                &s.job,
                &s.client.pubkey(),
                &treasury,
            )],
            &[&worker],
        )
        .await
        .unwrap();
    assert!(!events::<ClaimReleased>(&logs)[0].reopened);
    assert!(!env.exists(&s.job).await);
    assert_eq!(
        env.balance(&s.client.pubkey()).await,
        client_before + escrow
    );
}
