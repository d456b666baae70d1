use crate::{constants::*, error::AtelierError, events::ArtistRegistered, state::*};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct ArtistProfileArgs {
    /// Wallet that receives royalties.
    pub payout: Pubkey,
    /// Name shown to buyers (1 to 32 bytes).
    pub display_name: String,
    /// Where the opted-in works are listed (1 to 200 bytes).
    pub catalog_uri: String,
    /// sha256 of the catalog document.
    pub catalog_hash: [u8; 32],
}

#[derive(Accounts)]
pub struct RegisterArtist<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, constraint = !config.paused @ AtelierError::ProtocolPaused)]
    pub config: Box<Account<'info, Config>>,
    #[account(init, payer = authority, space = Artist::SPACE, seeds = [ARTIST_SEED, authority.key().as_ref()], bump)]
    pub artist: Box<Account<'info, Artist>>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<RegisterArtist>, args: ArtistProfileArgs) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    Artist::validate_profile(&args.display_name, &args.catalog_uri, &args.catalog_hash)?;
    let now = Clock::get()?.unix_timestamp;
    let artist = &mut ctx.accounts.artist;
    artist.set_inner(Artist {
        version: ACCOUNT_VERSION,
        bump: ctx.bumps.artist,
        authority: ctx.accounts.authority.key(),
        payout: args.payout,
        display_name: args.display_name,
        catalog_uri: args.catalog_uri,
        catalog_hash: args.catalog_hash,
        opted_in: true,
        registered_at: now,
        updated_at: now,
        reserved: [0; 64],
    });
    artist.invariant()?;
    emit!(ArtistRegistered {
        artist: artist.key(),
        authority: artist.authority,
        payout: artist.payout,
        display_name: artist.display_name.clone(),
        catalog_uri: artist.catalog_uri.clone(),
        catalog_hash: artist.catalog_hash,
    });
    Ok(())
}
