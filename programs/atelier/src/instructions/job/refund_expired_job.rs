use crate::{error::AtelierError, events::JobExpired, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct RefundExpiredJob<'info> {
    /// Anyone may crank the refund.
    pub cranker: Signer<'info>,
    /// Closed: payment, mint deposit and rent go back to the client.
    #[account(mut, close = client, has_one = client @ AtelierError::NotJobClient)]
    pub job: Box<Account<'info, Job>>,
    /// CHECK: the job's client (checked by `has_one`).
    #[account(mut)]
    pub client: UncheckedAccount<'info>,
}

/// Refunds an open job nobody claimed before its deadline (a job no worker can serve, or a
/// quiet network): the escrow never waits on the client to cancel.
pub fn handler(ctx: Context<RefundExpiredJob>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let job = &ctx.accounts.job;
    require!(job.status == JobStatus::Open, AtelierError::JobNotOpen);
    require!(
        Clock::get()?.unix_timestamp >= job.deadline,
        AtelierError::JobDeadlineNotPassed
    );
    emit!(JobExpired {
        job: job.key(),
        client: job.client,
        refunded: job.to_account_info().lamports(),
    });
    Ok(())
}
