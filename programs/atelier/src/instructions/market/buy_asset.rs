use crate::{
    constants::*, core_mint, error::AtelierError, events::AssetSold, math, state::*, utils,
};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct BuyAsset<'info> {
    /// Pays the price; receives the asset.
    #[account(mut)]
    pub buyer: Signer<'info>,
    /// CHECK: the listing's seller (checked by `has_one`); gets price − royalty and the rent.
    #[account(mut)]
    pub seller: UncheckedAccount<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        constraint = !config.paused @ AtelierError::ProtocolPaused,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        close = seller,
        seeds = [LISTING_SEED, asset.key().as_ref()],
        bump = listing.bump,
        has_one = seller @ AtelierError::NotListingSeller,
    )]
    pub listing: Box<Account<'info, Listing>>,
    /// CHECK: the listed asset (the listing's seeds bind it; read in the handler).
    #[account(mut)]
    pub asset: UncheckedAccount<'info>,
    /// CHECK: the config's collection.
    #[account(mut, constraint = Some(collection.key()) == config.collection @ AtelierError::CollectionMismatch)]
    pub collection: UncheckedAccount<'info>,
    /// CHECK: the single creator of the asset's Royalties plugin (its splitter, or the treasury).
    #[account(mut)]
    pub royalty_recipient: UncheckedAccount<'info>,
    /// CHECK: the Metaplex Core program.
    #[account(address = mpl_core::ID @ AtelierError::InvalidCoreProgram)]
    pub core_program: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

/// Buys a listed asset at its price: the royalty from the asset's Royalties plugin goes to its
/// royalty recipient, the rest to the seller, the asset to the buyer; the listing closes and
/// its rent returns to the seller. `price` must equal the listing's (no surprise repricing).
pub fn handler(ctx: Context<BuyAsset>, price: u64) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let accounts = &ctx.accounts;
    let listing = &accounts.listing;
    require!(listing.price == price, AtelierError::PriceMismatch);
    require_keys_neq!(
        accounts.buyer.key(),
        listing.seller,
        AtelierError::SelfPurchase
    );
    let listing_info = listing.to_account_info();
    let base = core_mint::read_asset(&accounts.asset, &accounts.collection.key())?;
    require_keys_eq!(base.owner, listing_info.key(), AtelierError::NotAssetOwner);
    let royalties = core_mint::read_royalties(&accounts.asset)?;
    require_keys_eq!(
        accounts.royalty_recipient.key(),
        royalties.recipient,
        AtelierError::RoyaltyRecipientMismatch
    );
    let royalty = math::bps_of(price, royalties.basis_points)?;
    let proceeds = math::sub(price, royalty)?;

    let buyer = accounts.buyer.to_account_info();
    utils::deposit(
        &accounts.system_program,
        &buyer,
        &accounts.royalty_recipient.to_account_info(),
        royalty,
    )?;
    utils::deposit(
        &accounts.system_program,
        &buyer,
        &accounts.seller.to_account_info(),
        proceeds,
    )?;
    let asset_key = accounts.asset.key();
    let seeds: &[&[u8]] = &[LISTING_SEED, asset_key.as_ref(), &[listing.bump]];
    core_mint::transfer_asset(
        &accounts.core_program,
        &accounts.asset,
        &accounts.collection,
        &buyer,
        Some(&listing_info),
        &buyer,
        &accounts.system_program.to_account_info(),
        &[seeds],
    )?;
    emit!(AssetSold {
        listing: listing_info.key(),
        asset: asset_key,
        seller: listing.seller,
        buyer: buyer.key(),
        price,
        royalty,
        royalty_recipient: royalties.recipient,
        seller_proceeds: proceeds,
    });
    Ok(())
}
