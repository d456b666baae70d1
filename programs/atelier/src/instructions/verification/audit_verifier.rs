use crate::{
    constants::*,
    error::AtelierError,
    events::{SlashReason, VerifierAudited},
    math,
    state::*,
};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct AuditVerifier<'info> {
    /// Audit parameters and the active stake. Permissionless: no signer.
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump, has_one = treasury @ AtelierError::TreasuryMismatch)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [WORKER_SEED, verifier.authority.as_ref()], bump = verifier.bump)]
    pub verifier: Box<Account<'info, Worker>>,
    /// CHECK: the config's treasury (checked by `has_one`); receives the slash.
    #[account(mut)]
    pub treasury: UncheckedAccount<'info>,
}

/// Tests a verifier's reveals across jobs: honest verifiers compute the same CLIP score of the
/// same bytes, so their distance from their committees' medians is about 0. A verifier whose
/// mean distance over at least `audit_min_jobs` reveals (since its last audit) exceeds half the
/// tolerance — a systematic bias that stays inside the per-job tolerance — loses
/// `audit_slash_bps` of its stake and is deactivated. Either way the evidence is emitted.
pub fn handler(ctx: Context<AuditVerifier>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let now = Clock::get()?.unix_timestamp;
    let params = ctx.accounts.config.params;
    let verifier = &mut ctx.accounts.verifier;
    require!(
        verifier.status != WorkerStatus::Deactivated,
        AtelierError::WorkerDeactivated
    );
    let stats = verifier.verifier_deviations;
    let min = params.audit_min_jobs as u64;
    require!(
        stats.count >= min && stats.count >= math::add(verifier.verifier_audited_at_count, min)?,
        AtelierError::AuditTooEarly
    );
    verifier.verifier_audited_at_count = stats.count;
    // mean × 100 against tolerance / 2 × 100, in integers.
    let mean_x100 = (stats.sum as u128 * 100 / stats.count as u128) as u64;
    let threshold_x100 = params.verifier_tolerance as u64 * 50;
    let failed = mean_x100 > threshold_x100;
    let mut slashed = 0;
    if failed {
        slashed = super::audit_worker::fail_audit(
            &mut ctx.accounts.config,
            verifier,
            &ctx.accounts.treasury,
            now,
            SlashReason::FailedVerifierAudit,
        )?;
    }
    verifier.invariant(&verifier.to_account_info())?;
    emit!(VerifierAudited {
        verifier: verifier.key(),
        count: stats.count,
        mean_deviation_x100: mean_x100,
        threshold_x100,
        failed,
        slashed,
    });
    Ok(())
}
