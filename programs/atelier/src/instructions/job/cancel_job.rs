use crate::{error::AtelierError, events::JobCancelled, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct CancelJob<'info> {
    #[account(mut)]
    pub client: Signer<'info>,
    /// Closed: payment and rent go back to the client.
    #[account(mut, close = client, has_one = client @ AtelierError::NotJobClient)]
    pub job: Box<Account<'info, Job>>,
}

/// Cancels a job nobody has claimed; refunds the payment and the rent exactly.
pub fn handler(ctx: Context<CancelJob>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let job = &ctx.accounts.job;
    require!(job.status == JobStatus::Open, AtelierError::JobNotOpen);
    emit!(JobCancelled {
        job: job.key(),
        client: job.client,
        refunded: job.to_account_info().lamports(),
    });
    Ok(())
}
