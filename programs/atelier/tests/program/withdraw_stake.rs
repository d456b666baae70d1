//! Tests of `withdraw_stake`.

use super::harness::*;
use anchor_lang::error::ErrorCode;
use atelier::{error::AtelierError, events::StakeWithdrawn, state::*};
use solana_sdk::signature::{Keypair, Signer};

const UNBONDING: i64 = 7 * 24 * 3600;

async fn request(env: &mut Env, operator: &Keypair) {
    let worker = worker_pda(&operator.pubkey());
    env.send(
        &[ix_request_unstake(&operator.pubkey(), &worker)],
        &[operator],
    )
    .await
    .expect("request_unstake");
}

async fn withdraw(env: &mut Env, operator: &Keypair) -> TxResult {
    let worker = worker_pda(&operator.pubkey());
    env.send(
        &[ix_withdraw_stake(&operator.pubkey(), &worker)],
        &[operator],
    )
    .await
}

#[tokio::test]
async fn withdraw_stake_returns_stake_and_rent_to_the_operator_and_closes_the_worker() {
    let mut env = setup().await;
    assert_eq!(default_params().unbonding_period, UNBONDING);
    let operator = env.register_worker(2 * SOL).await;
    let key = worker_pda(&operator.pubkey());
    request(&mut env, &operator).await;
    env.advance(UNBONDING).await;
    let rent = env.rent(Worker::SPACE).await;
    let held = env.balance(&key).await;
    assert_eq!(held, rent + 2 * SOL);
    let wallet_before = env.balance(&operator.pubkey()).await;

    let logs = withdraw(&mut env, &operator).await.unwrap();

    assert!(!env.exists(&key).await);
    assert_eq!(
        env.balance(&operator.pubkey()).await,
        wallet_before + held - FEE_PER_SIGNATURE
    );
    let event = &events::<StakeWithdrawn>(&logs)[0];
    assert_eq!(
        (event.worker, event.authority, event.lamports),
        (key, operator.pubkey(), held)
    );
}

#[tokio::test]
async fn withdraw_stake_is_refused_one_second_before_the_unbonding_period_ends() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    env.set_time(T0 + 50).await;
    request(&mut env, &operator).await;
    env.set_time(T0 + 50 + UNBONDING - 1).await;

    assert_err(
        withdraw(&mut env, &operator).await,
        AtelierError::UnbondingNotFinished,
    );
    assert!(env.exists(&worker_pda(&operator.pubkey())).await);

    env.set_time(T0 + 50 + UNBONDING).await;
    withdraw(&mut env, &operator).await.unwrap();
    assert!(!env.exists(&worker_pda(&operator.pubkey())).await);
}

#[tokio::test]
async fn an_active_worker_cannot_withdraw_without_requesting_unstake() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    env.advance(10 * UNBONDING).await;
    assert_err(
        withdraw(&mut env, &operator).await,
        AtelierError::WorkerNotUnbonding,
    );
    let worker: Worker = env.fetch(&worker_pda(&operator.pubkey())).await;
    assert_eq!(worker.stake, 2 * SOL);
}

#[tokio::test]
async fn withdraw_stake_is_refused_while_a_claimed_job_is_in_flight() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    request(&mut env, &s.worker).await;
    env.advance(UNBONDING).await;

    assert_err(
        withdraw(&mut env, &s.worker).await,
        AtelierError::JobsInFlight,
    );
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(worker.jobs_in_flight, 1);
}

#[tokio::test]
async fn withdraw_stake_is_refused_while_a_submitted_result_awaits_settlement() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    request(&mut env, &s.worker).await;
    env.advance(UNBONDING).await;

    assert_err(
        withdraw(&mut env, &s.worker).await,
        AtelierError::JobsInFlight,
    );
}

#[tokio::test]
async fn once_its_job_is_accepted_an_unbonding_worker_withdraws_its_whole_stake() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    request(&mut env, &s.worker).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    let payees = vec![s.verifiers[0].pubkey(), s.verifiers[1].pubkey()];
    env.finalize(&s, payees).await.unwrap();
    env.advance(UNBONDING).await;
    let key = worker_pda(&s.worker.pubkey());
    let held = env.balance(&key).await;
    let rent = env.rent(Worker::SPACE).await;
    assert_eq!(held, rent + 2 * SOL);
    let wallet_before = env.balance(&s.worker.pubkey()).await;

    withdraw(&mut env, &s.worker).await.unwrap();

    assert!(!env.exists(&key).await);
    assert_eq!(
        env.balance(&s.worker.pubkey()).await,
        wallet_before + held - FEE_PER_SIGNATURE
    );
}

#[tokio::test]
async fn a_worker_slashed_for_a_late_claim_withdraws_only_what_is_left() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    request(&mut env, &s.worker).await;
    env.advance(default_params().claim_timeout + 1).await;
    env.expire(&s).await.unwrap();
    env.advance(UNBONDING).await;
    let key = worker_pda(&s.worker.pubkey());
    let penalty = 2 * SOL * 100 / 10_000;
    let rent = env.rent(Worker::SPACE).await;
    assert_eq!(env.balance(&key).await, rent + 2 * SOL - penalty);
    let wallet_before = env.balance(&s.worker.pubkey()).await;

    let logs = withdraw(&mut env, &s.worker).await.unwrap();

    assert_eq!(
        env.balance(&s.worker.pubkey()).await,
        wallet_before + rent + 2 * SOL - penalty - FEE_PER_SIGNATURE
    );
    assert_eq!(
        events::<StakeWithdrawn>(&logs)[0].lamports,
        rent + 2 * SOL - penalty
    );
}

#[tokio::test]
async fn another_wallet_cannot_withdraw_a_stake_it_does_not_own() {
    let mut env = setup().await;
    let owner = env.register_worker(2 * SOL).await;
    request(&mut env, &owner).await;
    env.advance(UNBONDING).await;
    let thief = env.wallet(SOL).await;
    let key = worker_pda(&owner.pubkey());
    let held = env.balance(&key).await;

    let result = env
        .send(&[ix_withdraw_stake(&thief.pubkey(), &key)], &[&thief])
        .await;

    assert_anchor_err(result, ErrorCode::ConstraintSeeds);
    assert_eq!(env.balance(&key).await, held);
}

#[tokio::test]
async fn withdrawing_twice_fails_because_the_worker_account_is_gone() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    request(&mut env, &operator).await;
    env.advance(UNBONDING).await;
    withdraw(&mut env, &operator).await.unwrap();
    let wallet = env.balance(&operator.pubkey()).await;

    assert_anchor_err(
        withdraw(&mut env, &operator).await,
        ErrorCode::AccountNotInitialized,
    );
    assert_eq!(
        wallet - env.balance(&operator.pubkey()).await,
        FEE_PER_SIGNATURE
    );
}

#[tokio::test]
async fn an_operator_that_withdrew_can_register_a_fresh_worker() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    request(&mut env, &operator).await;
    env.advance(UNBONDING).await;
    withdraw(&mut env, &operator).await.unwrap();

    env.send(&[ix_register_worker(&operator.pubkey(), SOL)], &[&operator])
        .await
        .unwrap();

    let worker: Worker = env.fetch(&worker_pda(&operator.pubkey())).await;
    assert_eq!(worker.stake, SOL);
    assert_eq!(worker.status, WorkerStatus::Active);
    assert_eq!(worker.withdrawable_at, None);
    assert_eq!(worker.registered_at, T0 + UNBONDING);
}

#[tokio::test]
async fn raising_the_unbonding_period_later_does_not_move_an_announced_withdrawal_time() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    request(&mut env, &operator).await;
    env.change_params(|p| p.unbonding_period = 300 * 24 * 3600)
        .await;

    env.set_time(T0 + UNBONDING - 1).await;
    assert_err(
        withdraw(&mut env, &operator).await,
        AtelierError::UnbondingNotFinished,
    );
    env.set_time(T0 + UNBONDING).await;
    withdraw(&mut env, &operator).await.unwrap();
    assert!(!env.exists(&worker_pda(&operator.pubkey())).await);
}
