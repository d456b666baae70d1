use crate::{constants::*, error::AtelierError, events::StakeAdded, math, state::*, utils};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct AddStake<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    /// Its active stake grows by `amount`.
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [WORKER_SEED, authority.key().as_ref()],
        bump = worker.bump,
        has_one = authority @ AtelierError::NotWorkerAuthority,
    )]
    pub worker: Box<Account<'info, Worker>>,
    pub system_program: Program<'info, System>,
}

/// Adds `amount` lamports to an active worker's stake (e.g. to get back above the minimum). The
/// new stake is not drawn to verify results submitted up to this slot.
pub fn handler(ctx: Context<AddStake>, amount: u64) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    require!(amount > 0, AtelierError::ZeroAmount);
    require!(
        ctx.accounts.worker.status == WorkerStatus::Active,
        AtelierError::WorkerNotActive
    );
    utils::deposit(
        &ctx.accounts.system_program,
        &ctx.accounts.authority.to_account_info(),
        &ctx.accounts.worker.to_account_info(),
        amount,
    )?;
    let worker = &mut ctx.accounts.worker;
    let before = worker.active_stake();
    worker.stake = math::add(worker.stake, amount)?;
    worker.stake_raised_slot = Clock::get()?.slot;
    ctx.accounts
        .config
        .track_stake(before, worker.active_stake())?;
    worker.invariant(&worker.to_account_info())?;
    emit!(StakeAdded {
        worker: worker.key(),
        amount,
        stake: worker.stake
    });
    Ok(())
}
