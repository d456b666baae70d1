//! Tests of `audit_worker`: the one-sided z test on verified CLIP scores, the slash and
//! deactivation it triggers, and when an audit may run.

use super::{fixtures::*, harness::*};
use atelier::{
    error::AtelierError,
    events::{SlashReason, WorkerAudited, WorkerSlashed},
    state::*,
};
use solana_sdk::signature::{Keypair, Signer};

const MIN_JOBS: u32 = 3;

async fn audit_env() -> Env {
    setup_with(params_with(|p| p.audit_min_jobs = MIN_JOBS)).await
}

/// Two verifiers shared by every job of a test.
async fn verifiers(env: &mut Env) -> Vec<Keypair> {
    vec![
        env.register_worker(2 * SOL).await,
        env.register_worker(2 * SOL).await,
    ]
}

/// One job of `worker`, verified by both verifiers at `score` (agreeing) and settled.
async fn verified_job(env: &mut Env, worker: &Keypair, verifiers: &[Keypair], score: u16) {
    let client = env.wallet(5 * SOL).await;
    let deadline = env.now().await + 86_400;
    env.send(
        &[ix_create_job(&client.pubkey(), job_args(1, SOL, deadline))],
        &[&client],
    )
    .await
    .unwrap();
    let s = Scenario {
        job: job_pda(&client.pubkey(), 1),
        client,
        worker: worker.insecure_clone(),
        verifiers: verifiers.iter().map(|v| v.insecure_clone()).collect(),
        job_id: 1,
        payment: SOL,
        content_hash: unique_hash(),
    };
    env.send(&[ix_claim_job(&worker.pubkey(), &s.job)], &[worker])
        .await
        .unwrap();
    env.submit(&s, score, vec![]).await.unwrap();
    env.attest(&s, 0, score, true).await.unwrap();
    env.attest(&s, 1, score, true).await.unwrap();
    env.finalize(&s, s.payees(&[0, 1])).await.unwrap();
}

/// The rest of the population: one honest worker with scores 3000, 3100, 3200.
async fn population(env: &mut Env, v: &[Keypair]) {
    let honest = env.register_worker(2 * SOL).await;
    for score in [3_000, 3_100, 3_200] {
        verified_job(env, &honest, v, score).await;
    }
}

async fn audit(env: &mut Env, worker: &Keypair) -> TxResult {
    let cranker = env.wallet(SOL).await;
    let ix = ix_audit_worker(&worker_pda(&worker.pubkey()), &env.treasury.pubkey());
    env.send(&[ix], &[&cranker]).await
}

#[tokio::test]
async fn a_worker_far_below_the_population_is_slashed_and_deactivated() {
    let mut env = audit_env().await;
    let v = verifiers(&mut env).await;
    population(&mut env, &v).await;
    let cheat = env.register_worker(2 * SOL).await;
    for score in [2_500, 2_400, 2_600] {
        verified_job(&mut env, &cheat, &v, score).await;
    }
    let stake_before = env
        .fetch::<Worker>(&worker_pda(&cheat.pubkey()))
        .await
        .stake;
    let treasury_before = env.balance(&env.treasury.pubkey()).await;

    let logs = audit(&mut env, &cheat).await.unwrap();

    let slashed = stake_before / 2;
    let w: Worker = env.fetch(&worker_pda(&cheat.pubkey())).await;
    assert_eq!(w.status, WorkerStatus::Deactivated);
    assert_eq!(w.stake, stake_before - slashed);
    assert_eq!(w.withdrawable_at, Some(env.now().await + 7 * 24 * 3600));
    assert_eq!(w.audited_at_count, 3);
    assert_eq!(
        env.balance(&env.treasury.pubkey()).await - treasury_before,
        slashed
    );

    let e = &events::<WorkerAudited>(&logs)[0];
    assert!(e.failed);
    assert_eq!((e.worker_count, e.worker_mean_e6), (3, 2_500_000_000));
    // Others: the honest worker's 3 scores (the verifiers never generated).
    assert_eq!(
        (e.others_count, e.others_mean_e6, e.others_sd_e6),
        (3, 3_100_000_000, 100_000_000)
    );
    // z = (3100 − 2500) / (100 / √3) = 10.392...
    assert_eq!(e.z_x100, 1_039);
    assert_eq!((e.threshold_x100, e.slashed), (300, slashed));
    let s = &events::<WorkerSlashed>(&logs)[0];
    assert_eq!((s.amount, s.reason), (slashed, SlashReason::FailedAudit));

    // Deactivated: no more claims, no second audit; the rest unbonds.
    let client = env.wallet(5 * SOL).await;
    let deadline = env.now().await + 86_400;
    env.send(
        &[ix_create_job(&client.pubkey(), job_args(9, SOL, deadline))],
        &[&client],
    )
    .await
    .unwrap();
    let r = env
        .send(
            &[ix_claim_job(&cheat.pubkey(), &job_pda(&client.pubkey(), 9))],
            &[&cheat],
        )
        .await;
    assert_err(r, AtelierError::WorkerNotActive);
    assert_err(
        audit(&mut env, &cheat).await,
        AtelierError::WorkerDeactivated,
    );
    env.advance(7 * 24 * 3600).await;
    env.send(
        &[ix_withdraw_stake(
            &cheat.pubkey(),
            &worker_pda(&cheat.pubkey()),
        )],
        &[&cheat],
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn an_honest_worker_passes_and_waits_for_more_jobs_before_the_next_audit() {
    let mut env = audit_env().await;
    let v = verifiers(&mut env).await;
    population(&mut env, &v).await;
    let worker = env.register_worker(2 * SOL).await;
    for score in [3_050, 3_150, 3_000] {
        verified_job(&mut env, &worker, &v, score).await;
    }
    let before = env.balance(&worker_pda(&worker.pubkey())).await;
    let logs = audit(&mut env, &worker).await.unwrap();
    let e = &events::<WorkerAudited>(&logs)[0];
    assert!(!e.failed);
    assert_eq!(e.slashed, 0);
    // Mean 3066.67 vs 3100: z = 33.33 / (100 / √3) = 0.577...
    assert_eq!(e.z_x100, 57);
    assert!(events::<WorkerSlashed>(&logs).is_empty());
    let w: Worker = env.fetch(&worker_pda(&worker.pubkey())).await;
    assert_eq!((w.status, w.audited_at_count), (WorkerStatus::Active, 3));
    assert_eq!(env.balance(&worker_pda(&worker.pubkey())).await, before);

    // A second audit needs MIN_JOBS more verified jobs.
    assert_err(audit(&mut env, &worker).await, AtelierError::AuditTooEarly);
    for score in [3_100, 3_100] {
        verified_job(&mut env, &worker, &v, score).await;
    }
    assert_err(audit(&mut env, &worker).await, AtelierError::AuditTooEarly);
    verified_job(&mut env, &worker, &v, 3_100).await;
    audit(&mut env, &worker).await.unwrap();
}

#[tokio::test]
async fn a_worker_above_the_population_gets_a_negative_z_and_passes() {
    let mut env = audit_env().await;
    let v = verifiers(&mut env).await;
    population(&mut env, &v).await;
    let star = env.register_worker(2 * SOL).await;
    for score in [3_900, 3_800, 3_850] {
        verified_job(&mut env, &star, &v, score).await;
    }
    let logs = audit(&mut env, &star).await.unwrap();
    let e = &events::<WorkerAudited>(&logs)[0];
    assert!(!e.failed && e.z_x100 < 0);
}

#[tokio::test]
async fn an_audit_needs_enough_verified_jobs_on_both_sides() {
    let mut env = audit_env().await;
    let v = verifiers(&mut env).await;
    let lonely = env.register_worker(2 * SOL).await;
    for score in [2_500, 2_400] {
        verified_job(&mut env, &lonely, &v, score).await;
    }
    // The worker has 2 < 3 verified jobs.
    assert_err(audit(&mut env, &lonely).await, AtelierError::AuditTooEarly);
    verified_job(&mut env, &lonely, &v, 2_600).await;
    // Now it has 3, but nobody else has any.
    assert_err(audit(&mut env, &lonely).await, AtelierError::AuditTooEarly);
}

#[tokio::test]
async fn an_unbonding_worker_can_still_be_audited_and_keeps_its_withdrawal_time() {
    let mut env = audit_env().await;
    let v = verifiers(&mut env).await;
    population(&mut env, &v).await;
    let cheat = env.register_worker(2 * SOL).await;
    for score in [2_500, 2_400, 2_600] {
        verified_job(&mut env, &cheat, &v, score).await;
    }
    env.send(
        &[ix_request_unstake(
            &cheat.pubkey(),
            &worker_pda(&cheat.pubkey()),
        )],
        &[&cheat],
    )
    .await
    .unwrap();
    let at = env
        .fetch::<Worker>(&worker_pda(&cheat.pubkey()))
        .await
        .withdrawable_at;
    env.advance(100).await;
    audit(&mut env, &cheat).await.unwrap();
    let w: Worker = env.fetch(&worker_pda(&cheat.pubkey())).await;
    assert_eq!(
        (w.status, w.withdrawable_at),
        (WorkerStatus::Deactivated, at)
    );
}

#[tokio::test]
async fn audit_worker_refuses_a_wrong_treasury() {
    let mut env = audit_env().await;
    let worker = env.register_worker(2 * SOL).await;
    let cranker = env.wallet(SOL).await;
    let ix = ix_audit_worker(&worker_pda(&worker.pubkey()), &cranker.pubkey());
    assert_err(
        env.send(&[ix], &[&cranker]).await,
        AtelierError::TreasuryMismatch,
    );
}
