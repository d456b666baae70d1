//! Tests of `initialize_config`.

use super::harness::*;
use anchor_lang::{error::ErrorCode, prelude::Pubkey};
use atelier::{
    constants::{MAX_DURATION_SECS, MIN_MINT_DEPOSIT},
    error::AtelierError,
    events::ConfigInitialized,
    state::*,
};
use proptest::prelude::*;
use solana_sdk::signature::Signer;

/// Sends `initialize_config` from the env's admin with the env's treasury and `params`.
async fn initialize(env: &mut Env, params: ProtocolParams) -> TxResult {
    let admin = env.admin.insecure_clone();
    let treasury = env.treasury.pubkey();
    env.send(
        &[ix_initialize_config(&admin.pubkey(), &treasury, params)],
        &[&admin],
    )
    .await
}

/// `default_params()` with one change.
/// Asserts `params` is refused with `expected` and that no config was created.
async fn assert_refused(params: ProtocolParams, expected: AtelierError) {
    let mut env = start().await;
    assert_err(initialize(&mut env, params).await, expected);
    assert!(!env.exists(&config_pda()).await);
}

#[tokio::test]
async fn initialize_config_records_admin_treasury_and_params_and_admin_pays_only_rent_and_fee() {
    let mut env = start().await;
    let admin = env.admin.pubkey();
    let treasury = env.treasury.pubkey();
    let admin_before = env.balance(&admin).await;
    let treasury_before = env.balance(&treasury).await;
    let params = params_with(|p| {
        p.verifier_quorum = 3;
        p.verifier_committee = 5;
    });

    let logs = initialize(&mut env, params).await.unwrap();

    let config = env.config().await;
    assert_eq!(config.version, 1);
    assert_eq!(
        config.bump,
        Pubkey::find_program_address(&[b"config"], &atelier::ID).1
    );
    assert_eq!(config.admin, admin);
    assert_eq!(config.treasury, treasury);
    assert!(!config.paused);
    assert_eq!(config.params, params);
    assert_eq!(config.population_scores, ScoreStats::default());
    assert_eq!(config.jobs_settled, 0);
    assert_eq!(config.collection, None);
    assert_eq!(config.assets_minted, 0);
    assert_eq!(config.reserved, [0; 64]);

    let rent = env.rent(Config::SPACE).await;
    assert_eq!(env.balance(&config_pda()).await, rent);
    assert_eq!(
        admin_before - env.balance(&admin).await,
        rent + FEE_PER_SIGNATURE
    );
    assert_eq!(env.balance(&treasury).await, treasury_before);

    let event = &events::<ConfigInitialized>(&logs)[0];
    assert_eq!(
        (event.admin, event.treasury, event.params),
        (admin, treasury, params)
    );
}

#[tokio::test]
async fn initialize_config_cannot_run_twice() {
    let mut env = setup().await;
    let before = env.config().await;
    let intruder = env.wallet(SOL).await;
    let other_treasury = env.wallet(SOL).await.pubkey();

    let second = env
        .send(
            &[ix_initialize_config(
                &intruder.pubkey(),
                &other_treasury,
                params_with(|p| p.protocol_fee_bps = 9_000),
            )],
            &[&intruder],
        )
        .await;

    // The system program refuses to create an account that is already in use (code 0).
    assert!(
        matches!(second, Err(Failure::Code(0))),
        "expected AccountAlreadyInUse, got {second:?}"
    );
    let after = env.config().await;
    assert_eq!(after.admin, before.admin);
    assert_eq!(after.treasury, before.treasury);
    assert_eq!(after.params, before.params);
}

#[tokio::test]
async fn initialize_config_accepts_fees_summing_to_exactly_the_whole_payment() {
    let mut env = start().await;
    let params = params_with(|p| {
        p.protocol_fee_bps = 7_000;
        p.verifier_fee_bps = 3_000;
    });
    initialize(&mut env, params).await.unwrap();
    assert_eq!(env.config().await.params, params);
}

#[tokio::test]
async fn initialize_config_refuses_fees_above_the_whole_payment() {
    assert_refused(
        params_with(|p| {
            p.protocol_fee_bps = 7_001;
            p.verifier_fee_bps = 3_000;
        }),
        AtelierError::InvalidFeeBps,
    )
    .await;
    // Large enough that a u16 sum would wrap around to a small value.
    assert_refused(
        params_with(|p| {
            p.protocol_fee_bps = u16::MAX;
            p.verifier_fee_bps = 1;
        }),
        AtelierError::InvalidFeeBps,
    )
    .await;
}

#[tokio::test]
async fn initialize_config_refuses_royalties_above_10000_bps_and_accepts_exactly_10000() {
    assert_refused(
        params_with(|p| p.royalty_bps = 10_001),
        AtelierError::InvalidRoyaltyBps,
    )
    .await;
    let mut env = start().await;
    initialize(&mut env, params_with(|p| p.royalty_bps = 10_000))
        .await
        .unwrap();
}

#[tokio::test]
async fn initialize_config_refuses_a_mint_deposit_below_the_minimum() {
    assert_refused(
        params_with(|p| p.mint_deposit = MIN_MINT_DEPOSIT - 1),
        AtelierError::InvalidMintDeposit,
    )
    .await;
}

#[tokio::test]
async fn initialize_config_refuses_audit_parameters_out_of_bounds() {
    for change in [
        (|p: &mut ProtocolParams| p.audit_min_jobs = 1) as fn(&mut ProtocolParams),
        |p| p.audit_threshold_x100 = 99,
        |p| p.audit_threshold_x100 = 1_001,
        |p| p.audit_slash_bps = 10_001,
    ] {
        assert_refused(params_with(change), AtelierError::InvalidAuditParams).await;
    }
}

#[tokio::test]
async fn initialize_config_refuses_a_zero_minimum_stake() {
    assert_refused(
        params_with(|p| p.min_worker_stake = 0),
        AtelierError::InvalidMinimumStake,
    )
    .await;
}

#[tokio::test]
async fn initialize_config_refuses_zero_negative_or_over_a_year_durations() {
    for bad in [0, -1, MAX_DURATION_SECS + 1, i64::MIN, i64::MAX] {
        assert_refused(
            params_with(|p| p.unbonding_period = bad),
            AtelierError::InvalidDuration,
        )
        .await;
        assert_refused(
            params_with(|p| p.claim_timeout = bad),
            AtelierError::InvalidDuration,
        )
        .await;
        assert_refused(
            params_with(|p| p.verification_window = bad),
            AtelierError::InvalidDuration,
        )
        .await;
    }
}

#[tokio::test]
async fn initialize_config_accepts_durations_of_one_second_and_of_exactly_one_year() {
    let mut env = start().await;
    let params = params_with(|p| {
        p.unbonding_period = MAX_DURATION_SECS;
        p.claim_timeout = 1;
        p.verification_window = MAX_DURATION_SECS;
    });
    initialize(&mut env, params).await.unwrap();
    assert_eq!(env.config().await.params, params);
}

#[tokio::test]
async fn initialize_config_refuses_a_quorum_of_zero_or_above_the_attestation_limit() {
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
        params_with(|p| p.verifier_quorum = u8::MAX),
        AtelierError::InvalidQuorum,
    )
    .await;
}

#[tokio::test]
async fn initialize_config_accepts_a_quorum_of_one_and_of_eight() {
    for quorum in [1, 8] {
        let mut env = start().await;
        initialize(
            &mut env,
            params_with(|p| {
                p.verifier_quorum = quorum;
                p.verifier_committee = quorum;
            }),
        )
        .await
        .unwrap();
        assert_eq!(env.config().await.params.verifier_quorum, quorum);
    }
}

#[tokio::test]
async fn initialize_config_refuses_a_score_floor_above_the_maximum_clip_score() {
    assert_refused(
        params_with(|p| p.clip_score_floor = 10_001),
        AtelierError::InvalidScoreFloor,
    )
    .await;
    let mut env = start().await;
    initialize(&mut env, params_with(|p| p.clip_score_floor = 10_000))
        .await
        .unwrap();
}

#[tokio::test]
async fn initialize_config_refuses_slash_or_late_penalty_above_the_whole_stake() {
    assert_refused(
        params_with(|p| p.slash_bps = 10_001),
        AtelierError::InvalidSlashBps,
    )
    .await;
    assert_refused(
        params_with(|p| p.late_penalty_bps = 10_001),
        AtelierError::InvalidSlashBps,
    )
    .await;
    let mut env = start().await;
    let params = params_with(|p| {
        p.slash_bps = 10_000;
        p.late_penalty_bps = 10_000;
    });
    initialize(&mut env, params).await.unwrap();
    assert_eq!(env.config().await.params, params);
}

#[tokio::test]
async fn initialize_config_refuses_a_treasury_that_does_not_exist() {
    let mut env = start().await;
    let admin = env.admin.insecure_clone();
    let nowhere = Pubkey::new_unique();
    let result = env
        .send(
            &[ix_initialize_config(
                &admin.pubkey(),
                &nowhere,
                default_params(),
            )],
            &[&admin],
        )
        .await;
    assert_err(result, AtelierError::TreasuryNotRentExempt);
    assert!(!env.exists(&config_pda()).await);
}

#[tokio::test]
async fn initialize_config_refuses_a_treasury_one_lamport_below_rent_exemption() {
    let mut env = start().await;
    let minimum = env.rent(0).await;
    // The runtime refuses to create a rent-paying wallet, so plant one directly.
    let poor = Pubkey::new_unique();
    env.ctx.set_account(
        &poor,
        &solana_sdk::account::AccountSharedData::new(
            minimum - 1,
            0,
            &solana_sdk_ids::system_program::ID,
        ),
    );
    let admin = env.admin.insecure_clone();
    let result = env
        .send(
            &[ix_initialize_config(
                &admin.pubkey(),
                &poor,
                default_params(),
            )],
            &[&admin],
        )
        .await;
    assert_err(result, AtelierError::TreasuryNotRentExempt);

    let exempt = env.wallet(minimum).await.pubkey();
    env.send(
        &[ix_initialize_config(
            &admin.pubkey(),
            &exempt,
            default_params(),
        )],
        &[&admin],
    )
    .await
    .unwrap();
    assert_eq!(env.config().await.treasury, exempt);
}

#[tokio::test]
async fn initialize_config_refuses_an_address_other_than_the_config_pda() {
    let mut env = start().await;
    let admin = env.admin.insecure_clone();
    let fake = Pubkey::new_unique();
    let treasury = env.treasury.pubkey();
    let ix = build(
        atelier::accounts::InitializeConfig {
            admin: admin.pubkey(),
            program_data: program_data_pda(),
            config: fake,
            treasury,
            system_program: solana_sdk_ids::system_program::ID,
        },
        atelier::instruction::InitializeConfig {
            params: default_params(),
        },
        vec![],
    );
    let result = env.send(&[ix], &[&admin]).await;
    assert_anchor_err(result, ErrorCode::ConstraintSeeds);
    assert!(!env.exists(&fake).await);
    assert!(!env.exists(&config_pda()).await);
}

// ---------------------------------------------------------------- the deploy race

#[tokio::test]
async fn initialize_config_by_anyone_but_the_upgrade_authority_is_refused() {
    // Racing the deployer to a fresh deployment's config gains nothing.
    let mut env = start().await;
    let racer = env.wallet(SOL).await;
    let treasury = env.treasury.pubkey();
    assert_err(
        env.send(
            &[ix_initialize_config(
                &racer.pubkey(),
                &treasury,
                default_params(),
            )],
            &[&racer],
        )
        .await,
        AtelierError::NotUpgradeAuthority,
    );
    assert!(!env.exists(&config_pda()).await);
    initialize(&mut env, default_params()).await.unwrap();
    assert_eq!(env.config().await.admin, env.admin.pubkey());
}

#[tokio::test]
async fn initialize_config_with_a_forged_program_data_account_is_refused() {
    let mut env = start().await;
    let racer = env.wallet(SOL).await;
    // The racer's own account, laid out as ProgramData naming the racer, at another address.
    let forged = Pubkey::new_unique();
    env.ctx
        .set_account(&forged, &program_data_account(Some(racer.pubkey())).into());
    let mut ix = ix_initialize_config(&racer.pubkey(), &env.treasury.pubkey(), default_params());
    ix.accounts[1].pubkey = forged;
    assert_anchor_err(env.send(&[ix], &[&racer]).await, ErrorCode::ConstraintSeeds);
    assert!(!env.exists(&config_pda()).await);
}

#[tokio::test]
async fn initialize_config_of_an_immutable_program_is_refused() {
    let mut env = start().await;
    env.ctx
        .set_account(&program_data_pda(), &program_data_account(None).into());
    assert_err(
        initialize(&mut env, default_params()).await,
        AtelierError::NotUpgradeAuthority,
    );
}

// ---------------------------------------------------------------- the parameter rules as a whole

/// The custom error code of a failed result, or `None` when it succeeded.
fn code_of(r: anchor_lang::Result<()>) -> Option<u32> {
    match r {
        Ok(()) => None,
        Err(anchor_lang::error::Error::AnchorError(e)) => Some(e.error_code_number),
        Err(other) => panic!("expected an Anchor error, got {other:?}"),
    }
}

/// Durations around both ends of the allowed range, mostly allowed ones.
fn duration() -> impl Strategy<Value = i64> {
    prop_oneof![
        6 => 1..=MAX_DURATION_SECS,
        1 => prop_oneof![
            Just(0),
            Just(-1),
            Just(i64::MIN),
            Just(MAX_DURATION_SECS + 1),
            Just(i64::MAX),
        ],
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// `ProtocolParams::validate` (what `initialize_config` and `update_config` run) accepts
    /// exactly the parameters within every bound, and names the first bound broken.
    #[test]
    fn protocol_params_are_valid_exactly_when_every_bound_holds(
        // Each bound holds most of the time, so valid and invalid sets are both common.
        protocol_fee_bps in 0u16..=7_000,
        verifier_fee_bps in 0u16..=7_000,
        min_worker_stake in prop_oneof![1 => Just(0u64), 7 => 1u64..],
        unbonding_period in duration(),
        claim_timeout in duration(),
        verification_window in duration(),
        commit_window in prop_oneof![6 => 1i64..=MAX_DURATION_SECS, 1 => Just(0i64), 1 => Just(i64::MAX)],
        verifier_quorum in 0u8..=9,
        verifier_committee in 0u8..=10,
        verifier_oversample in prop_oneof![1 => Just(0u8), 7 => 1u8..],
        verifier_tolerance in 9_500u16..=10_020,
        verifier_slash_bps in 9_500u16..=10_020,
        clip_score_floor in 9_500u16..=10_020,
        slash_bps in 9_500u16..=10_020,
        late_penalty_bps in 9_500u16..=10_020,
        royalty_bps in 9_500u16..=10_020,
        allow_list in any::<bool>(),
        mint_deposit in prop_oneof![MIN_MINT_DEPOSIT - 5..=MIN_MINT_DEPOSIT + 5, Just(0), Just(u64::MAX)],
        audit_min_jobs in prop_oneof![0u32..=4, Just(u32::MAX)],
        audit_threshold_x100 in prop_oneof![0u16..=120, 990u16..=1_010, Just(u16::MAX)],
        audit_slash_bps in 9_500u16..=10_020,
    ) {
        let p = ProtocolParams {
            protocol_fee_bps,
            verifier_fee_bps,
            min_worker_stake,
            unbonding_period,
            claim_timeout,
            verification_window,
            commit_window,
            verifier_quorum,
            verifier_committee,
            verifier_oversample,
            verifier_tolerance,
            verifier_slash_bps,
            clip_score_floor,
            slash_bps,
            late_penalty_bps,
            royalty_bps,
            royalty_enforcement: if allow_list {
                RoyaltyEnforcement::ProgramAllowList
            } else {
                RoyaltyEnforcement::None
            },
            mint_deposit,
            audit_min_jobs,
            audit_threshold_x100,
            audit_slash_bps,
        };
        let duration_ok = |d: i64| d > 0 && d <= MAX_DURATION_SECS;
        let expected = if protocol_fee_bps as u32 + verifier_fee_bps as u32 > 10_000 {
            Some(code(AtelierError::InvalidFeeBps))
        } else if min_worker_stake == 0 {
            Some(code(AtelierError::InvalidMinimumStake))
        } else if !(duration_ok(unbonding_period)
            && duration_ok(claim_timeout)
            && duration_ok(verification_window))
        {
            Some(code(AtelierError::InvalidDuration))
        } else if !(commit_window > 0 && commit_window < verification_window) {
            Some(code(AtelierError::InvalidCommitWindow))
        } else if !(verifier_quorum >= 1
            && verifier_committee >= verifier_quorum
            && (verifier_committee as u32) < 2 * verifier_quorum as u32
            && verifier_committee <= 8)
            || verifier_oversample == 0
        {
            Some(code(AtelierError::InvalidQuorum))
        } else if verifier_tolerance > 10_000 || clip_score_floor > 10_000 {
            Some(code(AtelierError::InvalidScoreFloor))
        } else if slash_bps > 10_000 || late_penalty_bps > 10_000 || verifier_slash_bps > 10_000 {
            Some(code(AtelierError::InvalidSlashBps))
        } else if royalty_bps > 10_000 {
            Some(code(AtelierError::InvalidRoyaltyBps))
        } else if mint_deposit < MIN_MINT_DEPOSIT {
            Some(code(AtelierError::InvalidMintDeposit))
        } else if audit_min_jobs < 2
            || !(100..=1_000).contains(&audit_threshold_x100)
            || audit_slash_bps > 10_000
        {
            Some(code(AtelierError::InvalidAuditParams))
        } else {
            None
        };
        prop_assert_eq!(code_of(p.validate()), expected);
    }
}
