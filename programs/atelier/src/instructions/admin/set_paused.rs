use crate::{constants::*, error::AtelierError, events::PauseSet, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct SetPaused<'info> {
    pub admin: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump, has_one = admin @ AtelierError::Unauthorized)]
    pub config: Box<Account<'info, Config>>,
}

pub fn handler(ctx: Context<SetPaused>, paused: bool) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    ctx.accounts.config.paused = paused;
    emit!(PauseSet { paused });
    Ok(())
}
