use crate::{constants::*, error::AtelierError, events::AdminAccepted, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct AcceptAdmin<'info> {
    /// The pending admin proposed by `update_config`.
    pub new_admin: Signer<'info>,
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        constraint = config.pending_admin == Some(new_admin.key()) @ AtelierError::NotPendingAdmin,
    )]
    pub config: Box<Account<'info, Config>>,
}

/// The second step of an admin handover: the proposed key proves it is held by signing.
pub fn handler(ctx: Context<AcceptAdmin>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let config = &mut ctx.accounts.config;
    let previous = config.admin;
    config.admin = ctx.accounts.new_admin.key();
    config.pending_admin = None;
    config.invariant()?;
    emit!(AdminAccepted {
        previous,
        admin: config.admin
    });
    Ok(())
}
