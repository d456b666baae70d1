use crate::{constants::*, error::AtelierError, events::ArtistOptedOut, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct OptOutArtist<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [ARTIST_SEED, authority.key().as_ref()],
        bump = artist.bump,
        has_one = authority @ AtelierError::NotArtistAuthority,
    )]
    pub artist: Box<Account<'info, Artist>>,
}

/// Stops new images from naming this artist. Royalties already earned keep flowing.
pub fn handler(ctx: Context<OptOutArtist>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let artist = &mut ctx.accounts.artist;
    artist.opt_out(Clock::get()?.unix_timestamp)?;
    artist.invariant()?;
    emit!(ArtistOptedOut {
        artist: artist.key()
    });
    Ok(())
}
