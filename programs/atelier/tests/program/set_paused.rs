//! Tests of `set_paused`.

use super::harness::*;
use atelier::{error::AtelierError, events::PauseSet, state::*};
use solana_sdk::signature::{Keypair, Signer};

async fn set_paused(env: &mut Env, signer: &Keypair, paused: bool) -> TxResult {
    env.send(&[ix_set_paused(&signer.pubkey(), paused)], &[signer])
        .await
}

#[tokio::test]
async fn admin_pauses_and_resumes_the_protocol_and_each_change_emits_pause_set() {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    assert!(!env.config().await.paused);

    let logs = set_paused(&mut env, &admin, true).await.unwrap();
    assert!(env.config().await.paused);
    assert!(events::<PauseSet>(&logs)[0].paused);

    let logs = set_paused(&mut env, &admin, false).await.unwrap();
    assert!(!env.config().await.paused);
    assert!(!events::<PauseSet>(&logs)[0].paused);
}

#[tokio::test]
async fn set_paused_changes_nothing_but_the_flag_and_costs_the_admin_only_the_fee() {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    let before = env.config().await;
    let admin_before = env.balance(&admin.pubkey()).await;
    let config_before = env.balance(&config_pda()).await;

    set_paused(&mut env, &admin, true).await.unwrap();

    let after = env.config().await;
    assert!(after.paused);
    assert_eq!(
        (
            after.admin,
            after.treasury,
            after.params,
            after.jobs_settled
        ),
        (
            before.admin,
            before.treasury,
            before.params,
            before.jobs_settled
        )
    );
    assert_eq!(
        admin_before - env.balance(&admin.pubkey()).await,
        FEE_PER_SIGNATURE
    );
    assert_eq!(env.balance(&config_pda()).await, config_before);
}

#[tokio::test]
async fn pausing_an_already_paused_protocol_keeps_it_paused() {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    set_paused(&mut env, &admin, true).await.unwrap();
    set_paused(&mut env, &admin, true).await.unwrap();
    assert!(env.config().await.paused);
}

#[tokio::test]
async fn a_signer_other_than_the_admin_cannot_pause() {
    let mut env = setup().await;
    let intruder = env.wallet(SOL).await;
    assert_err(
        set_paused(&mut env, &intruder, true).await,
        AtelierError::Unauthorized,
    );
    assert!(!env.config().await.paused);
}

#[tokio::test]
async fn a_signer_other_than_the_admin_cannot_resume_a_paused_protocol() {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    set_paused(&mut env, &admin, true).await.unwrap();
    let intruder = env.wallet(SOL).await;
    assert_err(
        set_paused(&mut env, &intruder, false).await,
        AtelierError::Unauthorized,
    );
    assert!(env.config().await.paused);
}

#[tokio::test]
async fn the_treasury_is_not_an_admin_and_cannot_pause() {
    let mut env = setup().await;
    let treasury = env.treasury.insecure_clone();
    assert_err(
        set_paused(&mut env, &treasury, true).await,
        AtelierError::Unauthorized,
    );
}

#[tokio::test]
async fn set_paused_fails_before_the_config_exists() {
    let mut env = start().await;
    let admin = env.admin.insecure_clone();
    assert_anchor_err(
        set_paused(&mut env, &admin, true).await,
        anchor_lang::error::ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn a_paused_protocol_refuses_new_worker_and_artist_registrations() {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    set_paused(&mut env, &admin, true).await.unwrap();

    let operator = env.wallet(5 * SOL).await;
    assert_err(
        env.send(
            &[ix_register_worker(&operator.pubkey(), 2 * SOL)],
            &[&operator],
        )
        .await,
        AtelierError::ProtocolPaused,
    );
    assert!(!env.exists(&worker_pda(&operator.pubkey())).await);

    let painter = env.wallet(SOL).await;
    assert_err(
        env.send(
            &[ix_register_artist(&painter.pubkey(), profile("painter"))],
            &[&painter],
        )
        .await,
        AtelierError::ProtocolPaused,
    );
    assert!(!env.exists(&artist_pda(&painter.pubkey())).await);
}

#[tokio::test]
async fn resuming_the_protocol_lets_registrations_through_again() {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    set_paused(&mut env, &admin, true).await.unwrap();
    set_paused(&mut env, &admin, false).await.unwrap();

    let operator = env.register_worker(2 * SOL).await;
    let worker: Worker = env.fetch(&worker_pda(&operator.pubkey())).await;
    assert_eq!(worker.stake, 2 * SOL);
}

#[tokio::test]
async fn a_paused_protocol_still_lets_workers_unbond_and_withdraw_their_stake() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    let worker = worker_pda(&operator.pubkey());
    let admin = env.admin.insecure_clone();
    set_paused(&mut env, &admin, true).await.unwrap();

    env.send(
        &[ix_request_unstake(&operator.pubkey(), &worker)],
        &[&operator],
    )
    .await
    .unwrap();
    env.advance(default_params().unbonding_period).await;
    let held = env.balance(&worker).await;
    let wallet_before = env.balance(&operator.pubkey()).await;
    env.send(
        &[ix_withdraw_stake(&operator.pubkey(), &worker)],
        &[&operator],
    )
    .await
    .unwrap();

    assert!(!env.exists(&worker).await);
    assert_eq!(
        env.balance(&operator.pubkey()).await,
        wallet_before + held - FEE_PER_SIGNATURE
    );
}

#[tokio::test]
async fn a_paused_protocol_still_lets_stake_be_added_and_artists_update_or_opt_out() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    let artist = env.register_artist("mira").await;
    let admin = env.admin.insecure_clone();
    set_paused(&mut env, &admin, true).await.unwrap();

    let worker = worker_pda(&operator.pubkey());
    env.send(
        &[ix_add_stake(&operator.pubkey(), &worker, SOL)],
        &[&operator],
    )
    .await
    .unwrap();
    let w: Worker = env.fetch(&worker).await;
    assert_eq!(w.stake, 3 * SOL);

    let authority = artist.authority.pubkey();
    env.send(
        &[ix_update_artist(
            &authority,
            &artist.account,
            profile("mira-2"),
        )],
        &[&artist.authority],
    )
    .await
    .unwrap();
    env.send(
        &[ix_opt_out_artist(&authority, &artist.account)],
        &[&artist.authority],
    )
    .await
    .unwrap();
    let a: Artist = env.fetch(&artist.account).await;
    assert_eq!(a.display_name, "mira-2");
    assert!(!a.opted_in);
}

#[tokio::test]
async fn a_paused_protocol_still_lets_a_client_cancel_an_open_job_with_a_full_refund() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let admin = env.admin.insecure_clone();
    set_paused(&mut env, &admin, true).await.unwrap();

    let held = env.balance(&s.job).await;
    let client_before = env.balance(&s.client.pubkey()).await;
    env.send(&[ix_cancel_job(&s.client.pubkey(), &s.job)], &[&s.client])
        .await
        .unwrap();

    assert!(!env.exists(&s.job).await);
    assert_eq!(
        env.balance(&s.client.pubkey()).await,
        client_before + held - FEE_PER_SIGNATURE
    );
}
