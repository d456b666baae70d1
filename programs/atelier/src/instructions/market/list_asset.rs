use crate::{constants::*, core_mint, error::AtelierError, events::AssetListed, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct ListAsset<'info> {
    /// The asset's owner; pays the listing's rent (returned when it closes).
    #[account(mut)]
    pub seller: Signer<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        constraint = !config.paused @ AtelierError::ProtocolPaused,
    )]
    pub config: Box<Account<'info, Config>>,
    /// CHECK: a Core asset of the Atelier collection owned by the seller (checked in the handler).
    #[account(mut)]
    pub asset: UncheckedAccount<'info>,
    /// CHECK: the config's collection.
    #[account(mut, constraint = Some(collection.key()) == config.collection @ AtelierError::CollectionMismatch)]
    pub collection: UncheckedAccount<'info>,
    /// Escrow owner of the asset while listed. `init`: an asset can only be listed once.
    #[account(init, payer = seller, space = Listing::SPACE, seeds = [LISTING_SEED, asset.key().as_ref()], bump)]
    pub listing: Box<Account<'info, Listing>>,
    /// CHECK: the Metaplex Core program.
    #[account(address = mpl_core::ID @ AtelierError::InvalidCoreProgram)]
    pub core_program: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

/// Lists an asset at a price: the asset moves into escrow, owned by the listing PDA, and
/// cannot move until it is bought or delisted.
pub fn handler(ctx: Context<ListAsset>, price: u64) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    require!(price > 0, AtelierError::ZeroPrice);
    let accounts = &ctx.accounts;
    let base = core_mint::read_asset(&accounts.asset, &accounts.collection.key())?;
    require_keys_eq!(
        base.owner,
        accounts.seller.key(),
        AtelierError::NotAssetOwner
    );
    core_mint::read_royalties(&accounts.asset)?;
    core_mint::transfer_asset(
        &accounts.core_program,
        &accounts.asset,
        &accounts.collection,
        &accounts.seller.to_account_info(),
        None,
        &accounts.listing.to_account_info(),
        &accounts.system_program.to_account_info(),
        &[],
    )?;
    let now = Clock::get()?.unix_timestamp;
    let listing = &mut ctx.accounts.listing;
    listing.set_inner(Listing {
        version: ACCOUNT_VERSION,
        bump: ctx.bumps.listing,
        asset: ctx.accounts.asset.key(),
        seller: ctx.accounts.seller.key(),
        price,
        listed_at: now,
        reserved: [0; 32],
    });
    emit!(AssetListed {
        listing: listing.key(),
        asset: listing.asset,
        seller: listing.seller,
        price,
    });
    Ok(())
}
