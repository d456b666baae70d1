use crate::{
    constants::*,
    error::AtelierError,
    events::{ClaimExpired, SlashReason, WorkerSlashed},
    state::*,
    utils,
};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct ExpireClaim<'info> {
    /// Anyone may crank an expired claim.
    pub cranker: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump, has_one = treasury @ AtelierError::TreasuryMismatch)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, has_one = client @ AtelierError::NotJobClient)]
    pub job: Box<Account<'info, Job>>,
    /// The late worker's stake account.
    #[account(mut, constraint = job.worker == Some(worker.key()) @ AtelierError::NotJobWorker)]
    pub worker: Box<Account<'info, Worker>>,
    /// CHECK: the job's client (checked by `has_one`); refunded when the client deadline has passed.
    #[account(mut)]
    pub client: UncheckedAccount<'info>,
    /// CHECK: the config's treasury (checked by `has_one`); receives the late penalty.
    #[account(mut)]
    pub treasury: UncheckedAccount<'info>,
}

/// After the claim deadline: the job reopens, or, past the client deadline, is refunded in full.
/// The late worker loses `late_penalty_bps` of its stake to the treasury.
pub fn handler(ctx: Context<ExpireClaim>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let now = Clock::get()?.unix_timestamp;
    let accounts = ctx.accounts;
    let reopened = accounts.job.expire_claim(now)?;

    let penalty = end_claim(
        &mut accounts.config,
        &mut accounts.worker,
        &mut accounts.job,
        &accounts.client,
        &accounts.treasury,
        reopened,
        SlashReason::ExpiredClaim,
    )?;
    emit!(ClaimExpired {
        job: accounts.job.key(),
        worker: accounts.worker.key(),
        reopened,
        penalty
    });
    Ok(())
}

/// The end of a claim that produced no result (expired, or released by its worker): the worker
/// loses `late_penalty_bps` of its stake to the treasury and the job reopens, or is refunded to
/// the client past its deadline. Returns the penalty.
pub(crate) fn end_claim<'info>(
    config: &mut Config,
    worker: &mut Account<'info, Worker>,
    job: &mut Account<'info, Job>,
    client: &AccountInfo<'info>,
    treasury: &AccountInfo<'info>,
    reopened: bool,
    reason: SlashReason,
) -> Result<u64> {
    let bps = config.params.late_penalty_bps;
    let worker_info = worker.to_account_info();
    let penalty = utils::slash_to_treasury(config, worker, &worker_info, treasury, bps)?;
    worker.end_job(None)?;
    worker.invariant(&worker_info)?;
    if penalty > 0 {
        emit!(WorkerSlashed {
            worker: worker.key(),
            job: job.key(),
            amount: penalty,
            remaining_stake: worker.stake,
            reason,
        });
    }
    if reopened {
        job.invariant()?;
        job.require_funded(&job.to_account_info())?;
    } else {
        job.close(client.clone())?;
    }
    Ok(penalty)
}
