use anchor_lang::prelude::*;

/// A market listing, `["listing", asset]`. While it exists the listing PDA owns the Core asset
/// (escrow); buying or delisting moves the asset out and closes it (rent back to the seller).
#[account]
#[derive(InitSpace, Debug)]
pub struct Listing {
    /// Account layout version.
    pub version: u8,
    /// PDA bump.
    pub bump: u8,
    /// The listed Core asset.
    pub asset: Pubkey,
    /// The wallet that listed it; receives the price less royalty, and the listing's rent.
    pub seller: Pubkey,
    /// Price in lamports (royalty included).
    pub price: u64,
    /// Unix time of listing.
    pub listed_at: i64,
    /// Reserved for later versions.
    pub reserved: [u8; 32],
}

impl Listing {
    pub const SPACE: usize = 8 + Self::INIT_SPACE;
}
