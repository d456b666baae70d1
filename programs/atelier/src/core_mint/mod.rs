//! Everything Atelier does with Metaplex Core goes through this module: the royalty checks that
//! run before every CPI (Core itself only answers `InvalidPluginSetting`), the plugins written
//! into minted assets, the CPIs, and reading assets back.
pub mod attributes;
pub mod cpi;
pub mod mint;
pub mod read;

use crate::{constants::BPS_DENOMINATOR, error::AtelierError, state::RoyaltyEnforcement};
use anchor_lang::{prelude::*, system_program};
use mpl_core::types::{Creator, Royalties, RuleSet};

pub use attributes::provenance_attributes;
pub use cpi::{create_asset, create_collection, transfer_asset, CreateAsset};
pub use mint::{mint_for_job, MintAccounts, MintSettings, Minted};
pub use read::{read_asset, read_royalties, AssetRoyalties};

/// Royalty bps must be at most 10000.
pub fn validate_royalty_bps(bps: u16) -> Result<()> {
    require!(bps <= BPS_DENOMINATOR, AtelierError::InvalidRoyaltyBps);
    Ok(())
}

/// Core creators must be distinct and their whole-percent shares must sum to exactly 100.
pub fn validate_creators(creators: &[Creator]) -> Result<()> {
    let mut total: u32 = 0;
    for (i, c) in creators.iter().enumerate() {
        require!(
            creators[..i]
                .iter()
                .all(|earlier| earlier.address != c.address),
            AtelierError::DuplicateCreator
        );
        total += c.percentage as u32;
    }
    require!(total == 100, AtelierError::InvalidCreatorShares);
    Ok(())
}

/// The Core rule set for an enforcement mode: `ProgramAllowList` names the System program
/// (wallets sign transfers and receive assets) and Atelier (its market escrow).
pub fn rule_set(mode: RoyaltyEnforcement) -> RuleSet {
    match mode {
        RoyaltyEnforcement::None => RuleSet::None,
        RoyaltyEnforcement::ProgramAllowList => {
            RuleSet::ProgramAllowList(vec![system_program::ID, crate::ID])
        }
    }
}

/// A validated Royalties plugin paying `bps` of every sale to one creator (the splitter, or the
/// treasury for images without artists).
pub fn royalties(bps: u16, recipient: Pubkey, mode: RoyaltyEnforcement) -> Result<Royalties> {
    let royalties = Royalties {
        basis_points: bps,
        creators: vec![Creator {
            address: recipient,
            percentage: 100,
        }],
        rule_set: rule_set(mode),
    };
    validate_royalties(&royalties)?;
    Ok(royalties)
}

/// The checks Core makes on a Royalties plugin, with Atelier's own errors.
pub fn validate_royalties(royalties: &Royalties) -> Result<()> {
    validate_royalty_bps(royalties.basis_points)?;
    validate_creators(&royalties.creators)
}

/// Moves every lamport out of a system-owned PDA that has no data (a donation or an attempt to
/// block an account Core is about to create), signing with its seeds. Returns the amount.
pub fn drain_prefunded<'info>(
    pda: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    system: &AccountInfo<'info>,
    seeds: &[&[u8]],
) -> Result<u64> {
    let lamports = pda.lamports();
    if lamports == 0 || pda.owner != &system_program::ID || !pda.data_is_empty() {
        return Ok(0);
    }
    system_program::transfer(
        CpiContext::new_with_signer(
            system.clone(),
            system_program::Transfer {
                from: pda.clone(),
                to: to.clone(),
            },
            &[seeds],
        ),
        lamports,
    )?;
    Ok(lamports)
}
