use crate::{constants::*, error::AtelierError, events::StakeAdded, math, state::*, utils};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct AddStake<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [WORKER_SEED, authority.key().as_ref()],
        bump = worker.bump,
        has_one = authority @ AtelierError::NotWorkerAuthority,
    )]
    pub worker: Box<Account<'info, Worker>>,
    pub system_program: Program<'info, System>,
}

/// Adds `amount` lamports to an active worker's stake (e.g. to get back above the minimum).
pub fn handler(ctx: Context<AddStake>, amount: u64) -> Result<()> {
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
    worker.stake = math::add(worker.stake, amount)?;
    worker.invariant(&worker.to_account_info())?;
    emit!(StakeAdded {
        worker: worker.key(),
        amount,
        stake: worker.stake
    });
    Ok(())
}
