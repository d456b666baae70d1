use crate::{constants::*, error::AtelierError, events::ArtistUpdated, state::*};
use anchor_lang::prelude::*;

use super::ArtistProfileArgs;

#[derive(Accounts)]
pub struct UpdateArtist<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [ARTIST_SEED, authority.key().as_ref()],
        bump = artist.bump,
        has_one = authority @ AtelierError::NotArtistAuthority,
    )]
    pub artist: Box<Account<'info, Artist>>,
}

/// Changes payout wallet, name or catalog. Allowed after opt-out too (royalties keep flowing to
/// the payout wallet).
pub fn handler(ctx: Context<UpdateArtist>, args: ArtistProfileArgs) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    Artist::validate_profile(&args.display_name, &args.catalog_uri, &args.catalog_hash)?;
    let artist = &mut ctx.accounts.artist;
    artist.payout = args.payout;
    artist.display_name = args.display_name;
    artist.catalog_uri = args.catalog_uri;
    artist.catalog_hash = args.catalog_hash;
    artist.updated_at = Clock::get()?.unix_timestamp;
    artist.invariant()?;
    emit!(ArtistUpdated {
        artist: artist.key(),
        payout: artist.payout,
        display_name: artist.display_name.clone(),
        catalog_uri: artist.catalog_uri.clone(),
        catalog_hash: artist.catalog_hash,
    });
    Ok(())
}
