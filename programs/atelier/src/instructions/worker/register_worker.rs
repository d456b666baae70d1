use crate::{constants::*, error::AtelierError, events::WorkerRegistered, state::*, utils};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct RegisterWorker<'info> {
    /// The operator's wallet: pays the stake and the account's rent.
    #[account(mut)]
    pub authority: Signer<'info>,
    /// Its active stake grows by `stake`.
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump, constraint = !config.paused @ AtelierError::ProtocolPaused)]
    pub config: Box<Account<'info, Config>>,
    #[account(init, payer = authority, space = Worker::SPACE, seeds = [WORKER_SEED, authority.key().as_ref()], bump)]
    pub worker: Box<Account<'info, Worker>>,
    pub system_program: Program<'info, System>,
}

/// Registers a worker operator with `stake` lamports (at least the protocol minimum).
pub fn handler(ctx: Context<RegisterWorker>, stake: u64) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    require!(
        stake >= ctx.accounts.config.params.min_worker_stake,
        AtelierError::StakeBelowMinimum
    );
    utils::deposit(
        &ctx.accounts.system_program,
        &ctx.accounts.authority.to_account_info(),
        &ctx.accounts.worker.to_account_info(),
        stake,
    )?;
    let worker = &mut ctx.accounts.worker;
    worker.set_inner(Worker {
        version: ACCOUNT_VERSION,
        bump: ctx.bumps.worker,
        authority: ctx.accounts.authority.key(),
        stake,
        status: WorkerStatus::Active,
        withdrawable_at: None,
        jobs_in_flight: 0,
        verifications_in_flight: 0,
        stake_raised_slot: Clock::get()?.slot,
        jobs_completed: 0,
        jobs_failed: 0,
        attestations: 0,
        total_earned: 0,
        total_slashed: 0,
        scores: ScoreStats::default(),
        registered_at: Clock::get()?.unix_timestamp,
        audited_at_count: 0,
        verifier_deviations: ScoreStats::default(),
        verifier_audited_at_count: 0,
        reserved: [0; 56],
    });
    worker.invariant(&worker.to_account_info())?;
    ctx.accounts.config.track_stake(0, worker.active_stake())?;
    emit!(WorkerRegistered {
        worker: worker.key(),
        authority: worker.authority,
        stake
    });
    Ok(())
}
