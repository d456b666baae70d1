use crate::{constants::*, error::AtelierError, events::JobClaimed, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct ClaimJob<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, constraint = !config.paused @ AtelierError::ProtocolPaused)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [WORKER_SEED, authority.key().as_ref()],
        bump = worker.bump,
        has_one = authority @ AtelierError::NotWorkerAuthority,
    )]
    pub worker: Box<Account<'info, Worker>>,
    #[account(mut)]
    pub job: Box<Account<'info, Job>>,
}

/// An active, sufficiently staked worker takes an open job until `now + claim_timeout`.
pub fn handler(ctx: Context<ClaimJob>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let now = Clock::get()?.unix_timestamp;
    let params = &ctx.accounts.config.params;
    let worker = &mut ctx.accounts.worker;
    worker.require_active(params.min_worker_stake)?;
    let job = &mut ctx.accounts.job;
    job.claim(worker.key(), now, params.claim_timeout)?;
    worker.begin_job()?;
    job.invariant()?;
    worker.invariant(&worker.to_account_info())?;
    emit!(JobClaimed {
        job: job.key(),
        worker: worker.key(),
        claim_deadline: job.claim_deadline
    });
    Ok(())
}
