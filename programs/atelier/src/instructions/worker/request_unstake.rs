use crate::{constants::*, error::AtelierError, events::UnstakeRequested, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct RequestUnstake<'info> {
    pub authority: Signer<'info>,
    /// Its active stake loses this worker's.
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [WORKER_SEED, authority.key().as_ref()],
        bump = worker.bump,
        has_one = authority @ AtelierError::NotWorkerAuthority,
    )]
    pub worker: Box<Account<'info, Worker>>,
}

/// Stops claiming and attesting and starts the unbonding period (its end is fixed now, whatever
/// later config changes do). The stake stays slashable.
pub fn handler(ctx: Context<RequestUnstake>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let now = Clock::get()?.unix_timestamp;
    let worker = &mut ctx.accounts.worker;
    let before = worker.active_stake();
    let withdrawable_at =
        worker.start_unbonding(now, ctx.accounts.config.params.unbonding_period)?;
    ctx.accounts
        .config
        .track_stake(before, worker.active_stake())?;
    worker.invariant(&worker.to_account_info())?;
    emit!(UnstakeRequested {
        worker: worker.key(),
        withdrawable_at
    });
    Ok(())
}
