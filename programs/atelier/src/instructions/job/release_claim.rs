use crate::{
    constants::*,
    error::AtelierError,
    events::{ClaimReleased, SlashReason},
    state::*,
};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct ReleaseClaim<'info> {
    /// The claiming worker's wallet.
    pub authority: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump, has_one = treasury @ AtelierError::TreasuryMismatch)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [WORKER_SEED, authority.key().as_ref()],
        bump = worker.bump,
        has_one = authority @ AtelierError::NotWorkerAuthority,
    )]
    pub worker: Box<Account<'info, Worker>>,
    #[account(mut, has_one = client @ AtelierError::NotJobClient)]
    pub job: Box<Account<'info, Job>>,
    /// CHECK: the job's client (checked by `has_one`); refunded when the client deadline has passed.
    #[account(mut)]
    pub client: UncheckedAccount<'info>,
    /// CHECK: the config's treasury (checked by `has_one`); receives the penalty.
    #[account(mut)]
    pub treasury: UncheckedAccount<'info>,
}

/// The claiming worker hands the job back before its claim ends — it cannot serve it (its own
/// CLIP score is below the floor, the model cannot run it) — instead of submitting a result it
/// knows will be rejected (a `slash_bps` slash) or letting the claim run out. It pays the same
/// `late_penalty_bps` as an expired claim, so releasing never costs more than waiting, and the job
/// reopens at once (or is refunded past the client's deadline).
pub fn handler(ctx: Context<ReleaseClaim>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let now = Clock::get()?.unix_timestamp;
    let accounts = ctx.accounts;
    let worker_key = accounts.worker.key();
    let reopened = accounts.job.release_claim(&worker_key, now)?;

    let penalty = super::expire_claim::end_claim(
        &mut accounts.config,
        &mut accounts.worker,
        &mut accounts.job,
        &accounts.client,
        &accounts.treasury,
        reopened,
        SlashReason::ReleasedClaim,
    )?;
    emit!(ClaimReleased {
        job: accounts.job.key(),
        worker: worker_key,
        reopened,
        penalty
    });
    Ok(())
}
