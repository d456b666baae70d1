use crate::{constants::*, error::AtelierError, events::ConfigInitialized, state::*, utils};
use anchor_lang::{prelude::*, solana_program::bpf_loader_upgradeable};

#[derive(Accounts)]
pub struct InitializeConfig<'info> {
    /// Becomes the config admin and pays the config's rent; must be the program's upgrade
    /// authority, so nobody can initialize a fresh deployment before its deployer.
    #[account(mut)]
    pub admin: Signer<'info>,
    /// The program's ProgramData account (owned by the upgradeable loader).
    #[account(
        seeds = [crate::ID.as_ref()],
        bump,
        seeds::program = bpf_loader_upgradeable::ID,
        constraint = program_data.upgrade_authority_address == Some(admin.key()) @ AtelierError::NotUpgradeAuthority,
    )]
    pub program_data: Account<'info, ProgramData>,
    #[account(init, payer = admin, space = Config::SPACE, seeds = [CONFIG_SEED], bump)]
    pub config: Box<Account<'info, Config>>,
    /// CHECK: any rent-exempt account may receive protocol fees; checked in the handler.
    pub treasury: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<InitializeConfig>, params: ProtocolParams) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    params.validate()?;
    utils::require_rent_exempt(&ctx.accounts.treasury)?;
    let config = &mut ctx.accounts.config;
    config.set_inner(Config {
        version: ACCOUNT_VERSION,
        bump: ctx.bumps.config,
        admin: ctx.accounts.admin.key(),
        treasury: ctx.accounts.treasury.key(),
        paused: false,
        params,
        population_scores: ScoreStats::default(),
        jobs_settled: 0,
        collection: None,
        collection_bump: 0,
        collection_authority_bump: 0,
        mint_payer_bump: 0,
        assets_minted: 0,
        active_stake: 0,
        pending_admin: None,
        reserved: [0; 64],
    });
    config.invariant()?;
    emit!(ConfigInitialized {
        admin: config.admin,
        treasury: config.treasury,
        params
    });
    Ok(())
}
