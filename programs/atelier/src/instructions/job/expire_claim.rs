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
    let job = &mut accounts.job;
    let reopened = job.expire_claim(now)?;

    let worker = &mut accounts.worker;
    let before = worker.active_stake();
    let penalty = worker.slash(accounts.config.params.late_penalty_bps)?;
    accounts.config.track_stake(before, worker.active_stake())?;
    worker.end_job(None)?;
    utils::pay_out(
        &worker.to_account_info(),
        &accounts.treasury.to_account_info(),
        penalty,
    )?;
    worker.invariant(&worker.to_account_info())?;
    if penalty > 0 {
        emit!(WorkerSlashed {
            worker: worker.key(),
            job: job.key(),
            amount: penalty,
            remaining_stake: worker.stake,
            reason: SlashReason::ExpiredClaim,
        });
    }

    emit!(ClaimExpired {
        job: job.key(),
        worker: worker.key(),
        reopened,
        penalty
    });
    if reopened {
        job.invariant()?;
        job.require_funded(&job.to_account_info())?;
    } else {
        job.close(accounts.client.to_account_info())?;
    }
    Ok(())
}
