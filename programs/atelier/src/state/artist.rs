use crate::{constants::*, error::AtelierError};
use anchor_lang::prelude::*;

/// An artist who opted in to influence-weighted royalties, `["artist", authority]`.
#[account]
#[derive(InitSpace, Debug)]
pub struct Artist {
    /// Account layout version.
    pub version: u8,
    /// PDA bump.
    pub bump: u8,
    /// Wallet that registered the artist and may update or opt out.
    pub authority: Pubkey,
    /// Wallet that receives the artist's royalties.
    pub payout: Pubkey,
    /// Name shown to buyers.
    #[max_len(MAX_DISPLAY_NAME_LEN as usize)]
    pub display_name: String,
    /// Where the artist's opted-in works are listed (workers embed them to compute influence).
    #[max_len(MAX_URI_LEN as usize)]
    pub catalog_uri: String,
    /// sha256 of the catalog document at `catalog_uri`.
    pub catalog_hash: [u8; 32],
    /// False once the artist opts out: no new image may name them. Earned royalties keep flowing.
    pub opted_in: bool,
    /// Unix time of registration.
    pub registered_at: i64,
    /// Unix time of the last update or opt-out.
    pub updated_at: i64,
    /// Reserved for later versions.
    pub reserved: [u8; 64],
}

impl Artist {
    pub const SPACE: usize = 8 + Self::INIT_SPACE;

    pub fn validate_profile(
        display_name: &str,
        catalog_uri: &str,
        catalog_hash: &[u8; 32],
    ) -> Result<()> {
        require!(
            !display_name.is_empty() && display_name.len() <= MAX_DISPLAY_NAME_LEN as usize,
            AtelierError::InvalidDisplayName
        );
        require!(
            !catalog_uri.is_empty() && catalog_uri.len() <= MAX_URI_LEN as usize,
            AtelierError::InvalidUri
        );
        require!(catalog_hash != &[0u8; 32], AtelierError::InvalidCatalogHash);
        Ok(())
    }

    pub fn opt_out(&mut self, now: i64) -> Result<()> {
        require!(self.opted_in, AtelierError::ArtistOptedOut);
        self.opted_in = false;
        self.updated_at = now;
        Ok(())
    }

    pub fn invariant(&self) -> Result<()> {
        Self::validate_profile(&self.display_name, &self.catalog_uri, &self.catalog_hash)
    }
}
