//! Tests of `register_worker`.

use super::harness::*;
use anchor_lang::{error::ErrorCode, prelude::Pubkey};
use atelier::{error::AtelierError, events::WorkerRegistered, state::*};
use solana_sdk::signature::{Keypair, Signer};

async fn register(env: &mut Env, operator: &Keypair, stake: u64) -> TxResult {
    env.send(
        &[ix_register_worker(&operator.pubkey(), stake)],
        &[operator],
    )
    .await
}

#[tokio::test]
async fn register_worker_escrows_the_stake_above_rent_and_records_an_active_worker() {
    let mut env = setup().await;
    env.set_time(T0 + 12).await;
    let operator = env.wallet(5 * SOL).await;
    let stake = 2 * SOL + 123;
    let before = env.balance(&operator.pubkey()).await;

    let logs = register(&mut env, &operator, stake).await.unwrap();

    let key = worker_pda(&operator.pubkey());
    let rent = env.rent(Worker::SPACE).await;
    assert_eq!(env.balance(&key).await, rent + stake);
    assert_eq!(
        before - env.balance(&operator.pubkey()).await,
        rent + stake + FEE_PER_SIGNATURE
    );

    let worker: Worker = env.fetch(&key).await;
    assert_eq!(worker.version, 1);
    assert_eq!(
        worker.bump,
        Pubkey::find_program_address(&[b"worker", operator.pubkey().as_ref()], &atelier::ID).1
    );
    assert_eq!(worker.authority, operator.pubkey());
    assert_eq!(worker.stake, stake);
    assert_eq!(worker.status, WorkerStatus::Active);
    assert_eq!(worker.withdrawable_at, None);
    assert_eq!(
        (
            worker.jobs_in_flight,
            worker.jobs_completed,
            worker.jobs_failed,
            worker.attestations
        ),
        (0, 0, 0, 0)
    );
    assert_eq!((worker.total_earned, worker.total_slashed), (0, 0));
    assert_eq!(worker.scores, ScoreStats::default());
    assert_eq!(worker.registered_at, T0 + 12);

    let event = &events::<WorkerRegistered>(&logs)[0];
    assert_eq!(
        (event.worker, event.authority, event.stake),
        (key, operator.pubkey(), stake)
    );
}

#[tokio::test]
async fn register_worker_accepts_a_stake_of_exactly_the_minimum() {
    let mut env = setup().await;
    let operator = env.wallet(5 * SOL).await;
    register(&mut env, &operator, SOL).await.unwrap();
    let worker: Worker = env.fetch(&worker_pda(&operator.pubkey())).await;
    assert_eq!(worker.stake, SOL);
}

#[tokio::test]
async fn register_worker_refuses_a_stake_one_lamport_below_the_minimum() {
    let mut env = setup().await;
    let operator = env.wallet(5 * SOL).await;
    let before = env.balance(&operator.pubkey()).await;
    assert_err(
        register(&mut env, &operator, SOL - 1).await,
        AtelierError::StakeBelowMinimum,
    );
    assert!(!env.exists(&worker_pda(&operator.pubkey())).await);
    assert_eq!(
        before - env.balance(&operator.pubkey()).await,
        FEE_PER_SIGNATURE
    );
}

#[tokio::test]
async fn register_worker_refuses_a_zero_stake() {
    let mut env = setup().await;
    let operator = env.wallet(5 * SOL).await;
    assert_err(
        register(&mut env, &operator, 0).await,
        AtelierError::StakeBelowMinimum,
    );
}

#[tokio::test]
async fn register_worker_follows_the_minimum_set_by_the_admin() {
    let mut env = setup_with(ProtocolParams {
        min_worker_stake: 3 * SOL,
        ..default_params()
    })
    .await;
    let operator = env.wallet(10 * SOL).await;
    assert_err(
        register(&mut env, &operator, 3 * SOL - 1).await,
        AtelierError::StakeBelowMinimum,
    );
    register(&mut env, &operator, 3 * SOL).await.unwrap();
}

#[tokio::test]
async fn an_operator_can_register_only_one_worker() {
    let mut env = setup().await;
    let operator = env.wallet(10 * SOL).await;
    register(&mut env, &operator, 2 * SOL).await.unwrap();
    let held = env.balance(&worker_pda(&operator.pubkey())).await;

    let second = register(&mut env, &operator, 3 * SOL).await;

    // The system program refuses to create an account that is already in use (code 0).
    assert!(
        matches!(second, Err(Failure::Code(0))),
        "expected AccountAlreadyInUse, got {second:?}"
    );
    let worker: Worker = env.fetch(&worker_pda(&operator.pubkey())).await;
    assert_eq!(worker.stake, 2 * SOL);
    assert_eq!(env.balance(&worker_pda(&operator.pubkey())).await, held);
}

#[tokio::test]
async fn register_worker_fails_when_the_wallet_cannot_pay_the_stake() {
    let mut env = setup().await;
    let operator = env.wallet(SOL).await;
    let result = register(&mut env, &operator, 2 * SOL).await;
    // The system program's transfer fails: insufficient lamports (code 1).
    assert!(
        matches!(result, Err(Failure::Code(1))),
        "expected ResultWithNegativeLamports, got {result:?}"
    );
    assert!(!env.exists(&worker_pda(&operator.pubkey())).await);
}

#[tokio::test]
async fn a_pre_funded_worker_address_cannot_block_registration() {
    let mut env = setup().await;
    let operator = env.wallet(5 * SOL).await;
    let key = worker_pda(&operator.pubkey());
    let griefer = env.wallet(SOL).await;
    let donation = env.rent(0).await;
    env.send(
        &[solana_sdk::system_instruction::transfer(
            &griefer.pubkey(),
            &key,
            donation,
        )],
        &[&griefer],
    )
    .await
    .unwrap();
    let before = env.balance(&operator.pubkey()).await;

    register(&mut env, &operator, 2 * SOL).await.unwrap();

    let rent = env.rent(Worker::SPACE).await;
    let worker: Worker = env.fetch(&key).await;
    assert_eq!(worker.stake, 2 * SOL);
    assert_eq!(env.balance(&key).await, rent + 2 * SOL);
    // The operator only tops the donation up to rent, then pays the stake.
    assert_eq!(
        before - env.balance(&operator.pubkey()).await,
        rent - donation + 2 * SOL + FEE_PER_SIGNATURE
    );
}

#[tokio::test]
async fn register_worker_refuses_a_worker_address_not_derived_from_the_signer() {
    let mut env = setup().await;
    let operator = env.wallet(5 * SOL).await;
    let someone = Keypair::new().pubkey();
    let ix = build(
        atelier::accounts::RegisterWorker {
            authority: operator.pubkey(),
            config: config_pda(),
            worker: worker_pda(&someone),
            system_program: solana_sdk_ids::system_program::ID,
        },
        atelier::instruction::RegisterWorker { stake: 2 * SOL },
        vec![],
    );
    assert_anchor_err(
        env.send(&[ix], &[&operator]).await,
        ErrorCode::ConstraintSeeds,
    );
    assert!(!env.exists(&worker_pda(&someone)).await);
}

#[tokio::test]
async fn register_worker_is_refused_while_paused() {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    env.send(&[ix_set_paused(&admin.pubkey(), true)], &[&admin])
        .await
        .unwrap();
    let operator = env.wallet(5 * SOL).await;
    assert_err(
        register(&mut env, &operator, 2 * SOL).await,
        AtelierError::ProtocolPaused,
    );
    assert!(!env.exists(&worker_pda(&operator.pubkey())).await);
}

#[tokio::test]
async fn register_worker_fails_before_the_config_exists() {
    let mut env = start().await;
    let operator = env.wallet(5 * SOL).await;
    assert_anchor_err(
        register(&mut env, &operator, 2 * SOL).await,
        ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn a_newly_registered_worker_can_claim_an_open_job() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let newcomer = env.wallet(5 * SOL).await;
    register(&mut env, &newcomer, SOL).await.unwrap();

    env.send(&[ix_claim_job(&newcomer.pubkey(), &s.job)], &[&newcomer])
        .await
        .unwrap();

    let worker: Worker = env.fetch(&worker_pda(&newcomer.pubkey())).await;
    assert_eq!(worker.jobs_in_flight, 1);
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.worker, Some(worker_pda(&newcomer.pubkey())));
}
