use crate::{constants::*, error::AtelierError, events::StakeWithdrawn, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct WithdrawStake<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// Closed: stake and rent go back to the authority.
    #[account(
        mut,
        close = authority,
        seeds = [WORKER_SEED, authority.key().as_ref()],
        bump = worker.bump,
        has_one = authority @ AtelierError::NotWorkerAuthority,
    )]
    pub worker: Box<Account<'info, Worker>>,
}

/// After unbonding, with no job in flight: returns the remaining stake and the rent.
pub fn handler(ctx: Context<WithdrawStake>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let now = Clock::get()?.unix_timestamp;
    let worker = &ctx.accounts.worker;
    worker.require_withdrawable(now)?;
    emit!(StakeWithdrawn {
        worker: worker.key(),
        authority: worker.authority,
        lamports: worker.to_account_info().lamports(),
    });
    Ok(())
}
