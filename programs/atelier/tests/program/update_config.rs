//! Tests of `update_config`.

use super::harness::*;
use anchor_lang::prelude::Pubkey;
use atelier::{
    error::AtelierError, events::ConfigUpdated, instructions::UpdateConfigArgs, state::*,
};
use solana_sdk::signature::{Keypair, Signer};

async fn update(
    env: &mut Env,
    signer: &Keypair,
    treasury: &Pubkey,
    admin: Pubkey,
    params: ProtocolParams,
) -> TxResult {
    env.send(
        &[ix_update_config(
            &signer.pubkey(),
            treasury,
            UpdateConfigArgs { admin, params },
        )],
        &[signer],
    )
    .await
}

/// Asserts the admin's update with `params` is refused with `expected` and changes nothing.
async fn assert_refused(params: ProtocolParams, expected: AtelierError) {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    let treasury = env.treasury.pubkey();
    assert_err(
        update(&mut env, &admin, &treasury, admin.pubkey(), params).await,
        expected,
    );
    assert_eq!(env.config().await.params, default_params());
}

#[tokio::test]
async fn admin_replaces_admin_treasury_and_params_and_config_updated_reports_them() {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    let new_admin = Keypair::new().pubkey();
    let new_treasury = env.wallet(SOL).await.pubkey();
    let params = ProtocolParams {
        protocol_fee_bps: 250,
        verifier_fee_bps: 750,
        min_worker_stake: 3 * SOL,
        unbonding_period: 3 * 24 * 3600,
        claim_timeout: 900,
        verification_window: 1800,
        commit_window: 300,
        verifier_quorum: 3,
        verifier_committee: 5,
        verifier_oversample: 3,
        verifier_tolerance: 150,
        verifier_slash_bps: 2_000,
        clip_score_floor: 2_500,
        slash_bps: 2_000,
        late_penalty_bps: 50,
        royalty_bps: 750,
        royalty_enforcement: RoyaltyEnforcement::ProgramAllowList,
        mint_deposit: 2 * atelier::constants::MIN_MINT_DEPOSIT,
        audit_min_jobs: 50,
        audit_threshold_x100: 350,
        audit_slash_bps: 2_500,
    };
    let admin_before = env.balance(&admin.pubkey()).await;
    let config_before = env.balance(&config_pda()).await;

    let logs = update(&mut env, &admin, &new_treasury, new_admin, params)
        .await
        .unwrap();

    // The new admin is only proposed: the current one stays until it accepts.
    let config = env.config().await;
    assert_eq!(
        (config.admin, config.pending_admin),
        (admin.pubkey(), Some(new_admin))
    );
    assert_eq!(config.treasury, new_treasury);
    assert_eq!(config.params, params);
    assert!(!config.paused);
    let event = &events::<ConfigUpdated>(&logs)[0];
    assert_eq!(
        (
            event.admin,
            event.pending_admin,
            event.treasury,
            event.params
        ),
        (admin.pubkey(), Some(new_admin), new_treasury, params)
    );
    // No lamports move but the fee.
    assert_eq!(
        admin_before - env.balance(&admin.pubkey()).await,
        FEE_PER_SIGNATURE
    );
    assert_eq!(env.balance(&config_pda()).await, config_before);
}

#[tokio::test]
async fn update_config_keeps_the_pause_flag_and_the_running_statistics() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_200, true).await.unwrap();
    let payees = vec![s.verifiers[0].pubkey(), s.verifiers[1].pubkey()];
    env.finalize(&s, payees).await.unwrap();
    let admin = env.admin.insecure_clone();
    env.send(&[ix_set_paused(&admin.pubkey(), true)], &[&admin])
        .await
        .unwrap();
    let before = env.config().await;
    assert_eq!(before.jobs_settled, 1);
    assert_eq!(before.population_scores.count, 1);
    let treasury = env.treasury.pubkey();

    update(
        &mut env,
        &admin,
        &treasury,
        admin.pubkey(),
        params_with(|p| p.clip_score_floor = 1_000),
    )
    .await
    .unwrap();

    let after = env.config().await;
    assert!(after.paused);
    assert_eq!(after.population_scores, before.population_scores);
    assert_eq!(after.jobs_settled, before.jobs_settled);
    assert_eq!((after.version, after.bump), (before.version, before.bump));
    assert_eq!(after.params.clip_score_floor, 1_000);
}

#[tokio::test]
async fn a_signer_other_than_the_admin_cannot_update_the_config() {
    let mut env = setup().await;
    let intruder = env.wallet(SOL).await;
    let own_treasury = env.wallet(SOL).await.pubkey();
    assert_err(
        update(
            &mut env,
            &intruder,
            &own_treasury,
            intruder.pubkey(),
            params_with(|p| p.protocol_fee_bps = 9_000),
        )
        .await,
        AtelierError::Unauthorized,
    );
    let config = env.config().await;
    assert_eq!(config.admin, env.admin.pubkey());
    assert_eq!(config.treasury, env.treasury.pubkey());
    assert_eq!(config.params, default_params());
}

#[tokio::test]
async fn after_handing_over_the_old_admin_is_refused_and_the_new_admin_is_obeyed() {
    let mut env = setup().await;
    let old = env.admin.insecure_clone();
    let new = env.wallet(SOL).await;
    let treasury = env.treasury.pubkey();
    update(&mut env, &old, &treasury, new.pubkey(), default_params())
        .await
        .unwrap();
    // A stranger cannot take the proposal, and the old admin rules until it is accepted.
    let stranger = env.wallet(SOL).await;
    assert_err(
        env.send(&[ix_accept_admin(&stranger.pubkey())], &[&stranger])
            .await,
        AtelierError::NotPendingAdmin,
    );
    assert_err(
        env.send(&[ix_set_paused(&new.pubkey(), true)], &[&new])
            .await,
        AtelierError::Unauthorized,
    );
    let logs = env
        .send(&[ix_accept_admin(&new.pubkey())], &[&new])
        .await
        .unwrap();
    let accepted = &events::<atelier::events::AdminAccepted>(&logs)[0];
    assert_eq!(
        (accepted.previous, accepted.admin),
        (old.pubkey(), new.pubkey())
    );
    assert_eq!(env.config().await.pending_admin, None);
    assert_err(
        env.send(&[ix_accept_admin(&new.pubkey())], &[&new]).await,
        AtelierError::NotPendingAdmin,
    );

    assert_err(
        update(&mut env, &old, &treasury, old.pubkey(), default_params()).await,
        AtelierError::Unauthorized,
    );
    assert_err(
        env.send(&[ix_set_paused(&old.pubkey(), true)], &[&old])
            .await,
        AtelierError::Unauthorized,
    );

    env.send(&[ix_set_paused(&new.pubkey(), true)], &[&new])
        .await
        .unwrap();
    update(
        &mut env,
        &new,
        &treasury,
        new.pubkey(),
        params_with(|p| {
            p.verifier_quorum = 1;
            p.verifier_committee = 1;
        }),
    )
    .await
    .unwrap();
    let config = env.config().await;
    assert_eq!(config.admin, new.pubkey());
    assert!(config.paused);
    assert_eq!(config.params.verifier_quorum, 1);
}

#[tokio::test]
async fn update_config_refuses_each_invalid_parameter_and_changes_nothing() {
    assert_refused(
        params_with(|p| {
            p.protocol_fee_bps = 5_000;
            p.verifier_fee_bps = 5_001;
        }),
        AtelierError::InvalidFeeBps,
    )
    .await;
    assert_refused(
        params_with(|p| p.min_worker_stake = 0),
        AtelierError::InvalidMinimumStake,
    )
    .await;
    assert_refused(
        params_with(|p| p.claim_timeout = 0),
        AtelierError::InvalidDuration,
    )
    .await;
    assert_refused(
        params_with(|p| p.verification_window = -5),
        AtelierError::InvalidDuration,
    )
    .await;
    assert_refused(
        params_with(|p| p.unbonding_period = 365 * 24 * 3600 + 1),
        AtelierError::InvalidDuration,
    )
    .await;
    assert_refused(
        params_with(|p| p.verifier_quorum = 0),
        AtelierError::InvalidQuorum,
    )
    .await;
    assert_refused(
        params_with(|p| p.verifier_quorum = 9),
        AtelierError::InvalidQuorum,
    )
    .await;
    assert_refused(
        params_with(|p| p.clip_score_floor = 10_001),
        AtelierError::InvalidScoreFloor,
    )
    .await;
    assert_refused(
        params_with(|p| p.slash_bps = 10_001),
        AtelierError::InvalidSlashBps,
    )
    .await;
    assert_refused(
        params_with(|p| p.late_penalty_bps = u16::MAX),
        AtelierError::InvalidSlashBps,
    )
    .await;
}

#[tokio::test]
async fn update_config_refuses_a_treasury_that_is_not_rent_exempt() {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    let nowhere = Pubkey::new_unique();
    assert_err(
        update(&mut env, &admin, &nowhere, admin.pubkey(), default_params()).await,
        AtelierError::TreasuryNotRentExempt,
    );
    assert_eq!(env.config().await.treasury, env.treasury.pubkey());
}

#[tokio::test]
async fn a_new_treasury_receives_the_fees_of_jobs_settled_after_the_change() {
    let mut env = setup().await;
    let payment = 2 * SOL;
    let s = env.submitted_job(payment).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();

    let admin = env.admin.insecure_clone();
    let new_treasury = env.wallet(SOL).await.pubkey();
    update(
        &mut env,
        &admin,
        &new_treasury,
        admin.pubkey(),
        default_params(),
    )
    .await
    .unwrap();

    // The old treasury is refused at settlement.
    let payees = vec![s.verifiers[0].pubkey(), s.verifiers[1].pubkey()];
    assert_err(
        env.finalize(&s, payees.clone()).await,
        AtelierError::TreasuryMismatch,
    );

    let old_before = env.balance(&env.treasury.pubkey()).await;
    let new_before = env.balance(&new_treasury).await;
    let cranker = env.wallet(SOL).await;
    let mut keys = s.finalize_keys(&env, &cranker.pubkey(), payees);
    keys.treasury = new_treasury;
    env.send(&[ix_finalize(&keys)], &[&cranker]).await.unwrap();

    let fee = payment * 500 / 10_000;
    let pool = payment * 300 / 10_000;
    assert_eq!(
        env.balance(&new_treasury).await - new_before,
        fee + pool % 2
    );
    assert_eq!(env.balance(&env.treasury.pubkey()).await, old_before);
}

#[tokio::test]
async fn raising_the_minimum_stake_stops_under_staked_workers_from_claiming() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await; // the worker staked 2 SOL
    let admin = env.admin.insecure_clone();
    let treasury = env.treasury.pubkey();
    update(
        &mut env,
        &admin,
        &treasury,
        admin.pubkey(),
        params_with(|p| p.min_worker_stake = 2 * SOL + 1),
    )
    .await
    .unwrap();

    assert_err(
        env.send(&[ix_claim_job(&s.worker.pubkey(), &s.job)], &[&s.worker])
            .await,
        AtelierError::StakeBelowMinimum,
    );
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.status, JobStatus::Open);
}

#[tokio::test]
async fn a_new_claim_timeout_applies_to_claims_made_after_the_change() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let admin = env.admin.insecure_clone();
    let treasury = env.treasury.pubkey();
    update(
        &mut env,
        &admin,
        &treasury,
        admin.pubkey(),
        params_with(|p| p.claim_timeout = 42),
    )
    .await
    .unwrap();

    env.send(&[ix_claim_job(&s.worker.pubkey(), &s.job)], &[&s.worker])
        .await
        .unwrap();
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.claim_deadline, T0 + 42);
}

#[tokio::test]
async fn update_config_fails_before_the_config_exists() {
    let mut env = start().await;
    let admin = env.admin.insecure_clone();
    let treasury = env.treasury.pubkey();
    assert_anchor_err(
        update(
            &mut env,
            &admin,
            &treasury,
            admin.pubkey(),
            default_params(),
        )
        .await,
        anchor_lang::error::ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn handing_the_admin_to_the_default_key_is_refused_so_the_config_cannot_be_locked() {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    let treasury = env.treasury.pubkey();
    assert_err(
        update(
            &mut env,
            &admin,
            &treasury,
            Pubkey::default(),
            default_params(),
        )
        .await,
        AtelierError::InvalidAdmin,
    );
    assert_eq!(env.config().await.admin, admin.pubkey());
}
