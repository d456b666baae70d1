use crate::{constants::*, error::AtelierError, events::ConfigUpdated, state::*, utils};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct UpdateConfigArgs {
    /// The admin to hand over to: another key becomes the pending admin until it signs
    /// `accept_admin` (pass the current admin to keep it; it also withdraws a proposal).
    pub admin: Pubkey,
    /// All parameters (pass the current ones for those that do not change).
    pub params: ProtocolParams,
}

#[derive(Accounts)]
pub struct UpdateConfig<'info> {
    pub admin: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump, has_one = admin @ AtelierError::Unauthorized)]
    pub config: Box<Account<'info, Config>>,
    /// CHECK: the treasury from now on (may be the current one); must be rent-exempt.
    pub treasury: UncheckedAccount<'info>,
}

pub fn handler(ctx: Context<UpdateConfig>, args: UpdateConfigArgs) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    args.params.validate()?;
    require_keys_neq!(args.admin, Pubkey::default(), AtelierError::InvalidAdmin);
    utils::require_rent_exempt(&ctx.accounts.treasury)?;
    let config = &mut ctx.accounts.config;
    config.pending_admin = (args.admin != config.admin).then_some(args.admin);
    config.treasury = ctx.accounts.treasury.key();
    config.params = args.params;
    config.invariant()?;
    emit!(ConfigUpdated {
        admin: config.admin,
        pending_admin: config.pending_admin,
        treasury: config.treasury,
        params: config.params
    });
    Ok(())
}
