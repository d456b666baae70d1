use crate::{
    constants::*,
    error::AtelierError,
    events::{SlashReason, WorkerAudited, WorkerSlashed},
    math,
    state::*,
    utils,
};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct AuditWorker<'info> {
    /// Read for the population statistics and audit parameters. Permissionless: no signer.
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump, has_one = treasury @ AtelierError::TreasuryMismatch)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [WORKER_SEED, worker.authority.as_ref()], bump = worker.bump)]
    pub worker: Box<Account<'info, Worker>>,
    /// CHECK: the config's treasury (checked by `has_one`); receives the slash.
    #[account(mut)]
    pub treasury: UncheckedAccount<'info>,
}

/// Tests a worker's mean verified CLIP score against every other worker's (one-sided z test).
/// Below by more than `audit_threshold_x100` / 100 standard errors: slashed `audit_slash_bps`
/// of its stake to the treasury and deactivated. Either way the evidence is emitted and the
/// next audit of this worker needs `audit_min_jobs` more verified jobs.
pub fn handler(ctx: Context<AuditWorker>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let now = Clock::get()?.unix_timestamp;
    let params = ctx.accounts.config.params;
    let population = ctx.accounts.config.population_scores;
    let worker = &mut ctx.accounts.worker;
    require!(
        worker.status != WorkerStatus::Deactivated,
        AtelierError::WorkerDeactivated
    );
    let min = params.audit_min_jobs as u64;
    let count = worker.scores.count;
    require!(
        count >= min && count >= math::add(worker.audited_at_count, min)?,
        AtelierError::AuditTooEarly
    );
    let stats = math::audit_stats(&worker.scores, &population)?
        .ok_or_else(|| error!(AtelierError::AuditTooEarly))?;
    require!(stats.others_count >= min, AtelierError::AuditTooEarly);

    worker.audited_at_count = count;
    let failed = stats.z_x100 > params.audit_threshold_x100 as i64;
    let mut slashed = 0;
    if failed {
        slashed = fail_audit(
            &mut ctx.accounts.config,
            worker,
            &ctx.accounts.treasury,
            now,
            SlashReason::FailedAudit,
        )?;
    }
    worker.invariant(&worker.to_account_info())?;
    emit!(WorkerAudited {
        worker: worker.key(),
        worker_count: stats.worker_count,
        worker_mean_e6: stats.worker_mean_e6,
        others_count: stats.others_count,
        others_mean_e6: stats.others_mean_e6,
        others_sd_e6: stats.others_sd_e6,
        z_x100: stats.z_x100,
        threshold_x100: params.audit_threshold_x100,
        failed,
        slashed,
    });
    Ok(())
}

/// A failed audit (of a worker's scores or a verifier's reveals): `audit_slash_bps` of the stake
/// to the treasury, and deactivation. Returns the slash.
pub(crate) fn fail_audit<'info>(
    config: &mut Config,
    worker: &mut Account<'info, Worker>,
    treasury: &AccountInfo<'info>,
    now: i64,
    reason: SlashReason,
) -> Result<u64> {
    let params = config.params;
    let worker_info = worker.to_account_info();
    let slashed = utils::slash_to_treasury(
        config,
        worker,
        &worker_info,
        treasury,
        params.audit_slash_bps,
    )?;
    utils::deactivate(config, worker, now, params.unbonding_period)?;
    emit!(WorkerSlashed {
        worker: worker.key(),
        job: Pubkey::default(),
        amount: slashed,
        remaining_stake: worker.stake,
        reason,
    });
    Ok(slashed)
}
