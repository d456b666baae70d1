use crate::{constants::*, error::AtelierError, math, state::InfluenceWeight};
use anchor_lang::prelude::*;

/// One artist's part of an asset's royalties.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct RoyaltyShare {
    /// The artist's registry account; royalties go to its current payout wallet.
    pub artist: Pubkey,
    /// Share of everything the splitter receives, in bps (the shares sum to 10000: the image's
    /// influence weights scaled up to it, since the unattributed share carries no royalty).
    pub bps: u16,
    /// Lamports already paid to this artist.
    pub claimed: u64,
}

/// The royalty splitter of one asset, `["splitter", asset]`: the asset's single Royalties
/// creator (100 %). Holds received royalties as lamports above its rent-exempt minimum and pays
/// each artist exactly their bps of everything it ever received.
#[account]
#[derive(InitSpace, Debug)]
pub struct RoyaltySplitter {
    /// Account layout version.
    pub version: u8,
    /// PDA bump.
    pub bump: u8,
    /// The Core asset whose royalties this splitter receives.
    pub asset: Pubkey,
    /// Lamports paid out to artists so far.
    pub total_claimed: u64,
    /// The artists and their shares (1 to 16, bps summing to 10000).
    #[max_len(MAX_INFLUENCES as usize)]
    pub shares: Vec<RoyaltyShare>,
    /// Reserved for later versions.
    pub reserved: [u8; 16],
}

impl RoyaltySplitter {
    /// Account size for `artists` shares (the account is sized to what it records).
    pub fn space(artists: usize) -> usize {
        8 + Self::INIT_SPACE - (MAX_INFLUENCES as usize - artists) * RoyaltyShare::INIT_SPACE
    }

    /// A splitter for an image's influence weights (non-empty, validated), scaled to 10000.
    pub fn new(bump: u8, asset: Pubkey, influences: &[InfluenceWeight]) -> Self {
        let bps: Vec<u16> = influences.iter().map(|w| w.bps).collect();
        Self {
            version: ACCOUNT_VERSION,
            bump,
            asset,
            total_claimed: 0,
            shares: influences
                .iter()
                .zip(math::normalize_bps(&bps))
                .map(|(w, bps)| RoyaltyShare {
                    artist: w.artist,
                    bps,
                    claimed: 0,
                })
                .collect(),
            reserved: [0; 16],
        }
    }

    /// Everything received so far: what it holds above rent plus what it already paid out.
    pub fn total_received(&self, lamports: u64, rent_exempt_minimum: u64) -> Result<u64> {
        math::add(
            math::sub(lamports, rent_exempt_minimum)?,
            self.total_claimed,
        )
    }

    /// Records a claim for `artist` and returns the lamports to pay (`NothingToClaim` when 0).
    pub fn claim(&mut self, artist: &Pubkey, total_received: u64) -> Result<u64> {
        let share = self
            .shares
            .iter_mut()
            .find(|s| &s.artist == artist)
            .ok_or_else(|| error!(AtelierError::ArtistNotInSplitter))?;
        let owed = math::royalty_owed(total_received, share.bps, share.claimed)?;
        require!(owed > 0, AtelierError::NothingToClaim);
        share.claimed = math::add(share.claimed, owed)?;
        self.total_claimed = math::add(self.total_claimed, owed)?;
        Ok(owed)
    }

    /// Shares are 1 to 16 distinct artists summing to 10000 bps; claims add up; the account
    /// holds its rent-exempt minimum.
    pub fn invariant(&self, info: &AccountInfo) -> Result<()> {
        require!(!self.shares.is_empty(), AtelierError::InvariantViolated);
        let weights: Vec<InfluenceWeight> = self
            .shares
            .iter()
            .map(|s| InfluenceWeight {
                artist: s.artist,
                bps: s.bps,
            })
            .collect();
        crate::state::validate_influences(&weights)?;
        require!(
            crate::state::attributed_bps(&weights) == BPS_DENOMINATOR,
            AtelierError::InvariantViolated
        );
        let mut claimed: u64 = 0;
        for s in &self.shares {
            claimed = math::add(claimed, s.claimed)?;
        }
        require!(
            claimed == self.total_claimed,
            AtelierError::InvariantViolated
        );
        let rent = Rent::get()?.minimum_balance(info.data_len());
        require!(info.lamports() >= rent, AtelierError::InvariantViolated);
        Ok(())
    }
}
