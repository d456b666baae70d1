use crate::{constants::*, core_mint, error::AtelierError, events::AssetDelisted, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct DelistAsset<'info> {
    /// The seller; gets the asset and the listing's rent back.
    #[account(mut)]
    pub seller: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        close = seller,
        seeds = [LISTING_SEED, asset.key().as_ref()],
        bump = listing.bump,
        has_one = seller @ AtelierError::NotListingSeller,
    )]
    pub listing: Box<Account<'info, Listing>>,
    /// CHECK: the listed asset (the listing's seeds bind it).
    #[account(mut)]
    pub asset: UncheckedAccount<'info>,
    /// CHECK: the config's collection.
    #[account(mut, constraint = Some(collection.key()) == config.collection @ AtelierError::CollectionMismatch)]
    pub collection: UncheckedAccount<'info>,
    /// CHECK: the Metaplex Core program.
    #[account(address = mpl_core::ID @ AtelierError::InvalidCoreProgram)]
    pub core_program: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

/// Ends a listing: the asset returns from escrow to the seller. Works while paused.
pub fn handler(ctx: Context<DelistAsset>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let accounts = &ctx.accounts;
    let asset_key = accounts.asset.key();
    let seeds: &[&[u8]] = &[LISTING_SEED, asset_key.as_ref(), &[accounts.listing.bump]];
    let listing_info = accounts.listing.to_account_info();
    core_mint::transfer_asset(
        &accounts.core_program,
        &accounts.asset,
        &accounts.collection,
        &accounts.seller.to_account_info(),
        Some(&listing_info),
        &accounts.seller.to_account_info(),
        &accounts.system_program.to_account_info(),
        &[seeds],
    )?;
    emit!(AssetDelisted {
        listing: listing_info.key(),
        asset: asset_key,
        seller: accounts.seller.key(),
    });
    Ok(())
}
