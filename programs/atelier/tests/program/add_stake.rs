//! Tests of `add_stake`.

use super::harness::*;
use anchor_lang::error::ErrorCode;
use atelier::{error::AtelierError, events::StakeAdded, instructions::UpdateConfigArgs, state::*};
use solana_sdk::signature::{Keypair, Signer};

async fn add(env: &mut Env, operator: &Keypair, amount: u64) -> TxResult {
    let worker = worker_pda(&operator.pubkey());
    env.send(
        &[ix_add_stake(&operator.pubkey(), &worker, amount)],
        &[operator],
    )
    .await
}

#[tokio::test]
async fn add_stake_moves_the_amount_from_the_wallet_into_the_stake_to_the_lamport() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    let key = worker_pda(&operator.pubkey());
    let wallet_before = env.balance(&operator.pubkey()).await;
    let account_before = env.balance(&key).await;
    let amount = SOL / 2 + 7;

    let logs = add(&mut env, &operator, amount).await.unwrap();

    let worker: Worker = env.fetch(&key).await;
    assert_eq!(worker.stake, 2 * SOL + amount);
    assert_eq!(env.balance(&key).await, account_before + amount);
    assert_eq!(
        wallet_before - env.balance(&operator.pubkey()).await,
        amount + FEE_PER_SIGNATURE
    );
    let rent = env.rent(Worker::SPACE).await;
    assert_eq!(env.balance(&key).await, rent + worker.stake);
    let event = &events::<StakeAdded>(&logs)[0];
    assert_eq!(
        (event.worker, event.amount, event.stake),
        (key, amount, 2 * SOL + amount)
    );
}

#[tokio::test]
async fn add_stake_refuses_a_zero_amount() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    assert_err(add(&mut env, &operator, 0).await, AtelierError::ZeroAmount);
    let worker: Worker = env.fetch(&worker_pda(&operator.pubkey())).await;
    assert_eq!(worker.stake, 2 * SOL);
}

#[tokio::test]
async fn an_unbonding_worker_cannot_add_stake() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    let key = worker_pda(&operator.pubkey());
    env.send(
        &[ix_request_unstake(&operator.pubkey(), &key)],
        &[&operator],
    )
    .await
    .unwrap();
    let held = env.balance(&key).await;

    assert_err(
        add(&mut env, &operator, SOL).await,
        AtelierError::WorkerNotActive,
    );
    assert_eq!(env.balance(&key).await, held);
}

#[tokio::test]
async fn another_wallet_cannot_add_stake_to_a_worker_it_does_not_own() {
    let mut env = setup().await;
    let owner = env.register_worker(2 * SOL).await;
    let stranger = env.wallet(5 * SOL).await;
    let key = worker_pda(&owner.pubkey());
    let result = env
        .send(&[ix_add_stake(&stranger.pubkey(), &key, SOL)], &[&stranger])
        .await;
    assert_anchor_err(result, ErrorCode::ConstraintSeeds);
    let worker: Worker = env.fetch(&key).await;
    assert_eq!(worker.stake, 2 * SOL);
}

#[tokio::test]
async fn add_stake_fails_when_the_wallet_cannot_pay() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await; // the wallet keeps about 10 SOL
    let wallet = env.balance(&operator.pubkey()).await;
    let result = add(&mut env, &operator, wallet).await;
    // The system program's transfer fails: insufficient lamports (code 1).
    assert!(
        matches!(result, Err(Failure::Code(1))),
        "expected ResultWithNegativeLamports, got {result:?}"
    );
    let worker: Worker = env.fetch(&worker_pda(&operator.pubkey())).await;
    assert_eq!(worker.stake, 2 * SOL);
}

#[tokio::test]
async fn topping_up_after_the_minimum_was_raised_lets_the_worker_claim_again() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await; // the worker staked 2 SOL
    let admin = env.admin.insecure_clone();
    let treasury = env.treasury.pubkey();
    let params = ProtocolParams {
        min_worker_stake: 3 * SOL,
        ..default_params()
    };
    env.send(
        &[ix_update_config(
            &admin.pubkey(),
            &treasury,
            UpdateConfigArgs {
                admin: admin.pubkey(),
                params,
            },
        )],
        &[&admin],
    )
    .await
    .unwrap();
    let claim = ix_claim_job(&s.worker.pubkey(), &s.job);
    assert_err(
        env.send(std::slice::from_ref(&claim), &[&s.worker]).await,
        AtelierError::StakeBelowMinimum,
    );

    add(&mut env, &s.worker, SOL - 1).await.unwrap();
    assert_err(
        env.send(std::slice::from_ref(&claim), &[&s.worker]).await,
        AtelierError::StakeBelowMinimum,
    );
    add(&mut env, &s.worker, 1).await.unwrap();
    env.send(&[claim], &[&s.worker]).await.unwrap();

    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.status, JobStatus::Claimed);
}

#[tokio::test]
async fn a_worker_slashed_for_a_late_claim_can_restore_its_stake() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    env.advance(default_params().claim_timeout + 1).await;
    env.expire(&s).await.unwrap();
    let key = worker_pda(&s.worker.pubkey());
    let slashed: Worker = env.fetch(&key).await;
    let penalty = 2 * SOL * 100 / 10_000;
    assert_eq!(slashed.stake, 2 * SOL - penalty);

    add(&mut env, &s.worker, penalty).await.unwrap();

    let worker: Worker = env.fetch(&key).await;
    assert_eq!(worker.stake, 2 * SOL);
    assert_eq!(worker.total_slashed, penalty);
    let rent = env.rent(Worker::SPACE).await;
    assert_eq!(env.balance(&key).await, rent + 2 * SOL);
}

#[tokio::test]
async fn add_stake_works_while_the_protocol_is_paused() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    let admin = env.admin.insecure_clone();
    env.send(&[ix_set_paused(&admin.pubkey(), true)], &[&admin])
        .await
        .unwrap();
    add(&mut env, &operator, SOL).await.unwrap();
    let worker: Worker = env.fetch(&worker_pda(&operator.pubkey())).await;
    assert_eq!(worker.stake, 3 * SOL);
}
