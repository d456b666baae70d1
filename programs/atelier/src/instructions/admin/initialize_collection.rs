use crate::{
    constants::*, core_mint, error::AtelierError, events::CollectionInitialized, state::*,
};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct InitializeCollectionArgs {
    /// Collection name (1 to 32 bytes).
    pub name: String,
    /// Collection metadata URI (1 to 200 bytes).
    pub uri: String,
}

#[derive(Accounts)]
pub struct InitializeCollection<'info> {
    /// The config admin; pays the collection's rent.
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump, has_one = admin @ AtelierError::Unauthorized)]
    pub config: Box<Account<'info, Config>>,
    /// CHECK: created here by Core; the PDA signs as the new account.
    #[account(mut, seeds = [COLLECTION_SEED], bump)]
    pub collection: UncheckedAccount<'info>,
    /// CHECK: holds nothing; signs mints as the collection's update authority.
    #[account(seeds = [COLLECTION_AUTHORITY_SEED], bump)]
    pub collection_authority: UncheckedAccount<'info>,
    /// CHECK: holds nothing between instructions; its bump is recorded for settlement.
    #[account(seeds = [MINT_PAYER_SEED], bump)]
    pub mint_payer: UncheckedAccount<'info>,
    /// CHECK: the Metaplex Core program.
    #[account(address = mpl_core::ID @ AtelierError::InvalidCoreProgram)]
    pub core_program: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

/// Creates the Core collection every Atelier asset belongs to, with a program PDA as its
/// update authority, so "minted by Atelier" is checkable on chain.
pub fn handler(ctx: Context<InitializeCollection>, args: InitializeCollectionArgs) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    require!(
        ctx.accounts.config.collection.is_none(),
        AtelierError::CollectionAlreadyInitialized
    );
    require!(
        !args.name.is_empty() && args.name.len() <= MAX_ASSET_NAME_LEN as usize,
        AtelierError::InvalidAssetName
    );
    require!(
        !args.uri.is_empty() && args.uri.len() <= MAX_URI_LEN as usize,
        AtelierError::InvalidUri
    );
    let accounts = &ctx.accounts;
    let bump = ctx.bumps.collection;
    let seeds: &[&[u8]] = &[COLLECTION_SEED, &[bump]];
    let admin = accounts.admin.to_account_info();
    let system = accounts.system_program.to_account_info();
    // Lamports someone sent to the collection address would make Core's create fail: return
    // them to the admin first.
    core_mint::drain_prefunded(&accounts.collection, &admin, &system, seeds)?;
    core_mint::create_collection(
        &accounts.core_program,
        &accounts.collection,
        &accounts.collection_authority,
        &admin,
        &system,
        args.name.clone(),
        args.uri.clone(),
        seeds,
    )?;

    let config = &mut ctx.accounts.config;
    config.collection = Some(ctx.accounts.collection.key());
    config.collection_bump = bump;
    config.collection_authority_bump = ctx.bumps.collection_authority;
    config.mint_payer_bump = ctx.bumps.mint_payer;
    config.invariant()?;
    emit!(CollectionInitialized {
        collection: ctx.accounts.collection.key(),
        update_authority: ctx.accounts.collection_authority.key(),
        name: args.name,
        uri: args.uri,
    });
    Ok(())
}
