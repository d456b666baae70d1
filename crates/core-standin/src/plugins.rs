//! The plugin rules the stand-in implements, as the real Core program applies them
//! (`plugins/internal/*` and `plugins/lifecycle.rs` in metaplex-foundation/mpl-core).

use std::collections::HashSet;

use anchor_lang::solana_program::{program_error::ProgramError, pubkey::Pubkey};
use mpl_core::{
    errors::MplCoreError,
    types::{Plugin, PluginAuthority, PluginType, Royalties, RuleSet},
};

use crate::{error::core_error, instructions::Target};

/// Plugin types the stand-in accepts on assets.
pub const ASSET_PLUGINS: [PluginType; 4] = [
    PluginType::Attributes,
    PluginType::Royalties,
    PluginType::FreezeDelegate,
    PluginType::TransferDelegate,
];

/// Plugin types the stand-in accepts on collections.
pub const COLLECTION_PLUGINS: [PluginType; 2] = [PluginType::Attributes, PluginType::Royalties];

/// Who manages a plugin by default (Core's `Plugin::manager`): the owner for owner-managed
/// plugins, the update authority for the rest.
pub fn manager(plugin_type: PluginType) -> PluginAuthority {
    match plugin_type {
        PluginType::FreezeDelegate
        | PluginType::BurnDelegate
        | PluginType::TransferDelegate
        | PluginType::Autograph
        | PluginType::FreezeExecute => PluginAuthority::Owner,
        _ => PluginAuthority::UpdateAuthority,
    }
}

/// Core's refusal of a plugin type on `target` whatever the plugin holds, before any other
/// check of that plugin (Core's `process_create` / `process_create_collection`):
/// owner-managed plugins on a collection are `InvalidAuthority`, `Edition` on a collection and
/// `MasterEdition` or `BubblegumV2` on an asset are `InvalidPlugin`.
pub fn refused_on(target: Target, plugin_type: &PluginType) -> Option<MplCoreError> {
    match target {
        Target::Collection if manager(plugin_type.clone()) == PluginAuthority::Owner => {
            Some(MplCoreError::InvalidAuthority)
        }
        Target::Collection if *plugin_type == PluginType::Edition => {
            Some(MplCoreError::InvalidPlugin)
        }
        Target::Asset
            if matches!(
                plugin_type,
                PluginType::MasterEdition | PluginType::BubblegumV2
            ) =>
        {
            Some(MplCoreError::InvalidPlugin)
        }
        _ => None,
    }
}

/// Core's Royalties validation: basis points at most 10000, creator percentages summing to
/// exactly 100, unique creators; otherwise `InvalidPluginSetting`.
pub fn validate_royalties(royalties: &Royalties) -> Result<(), ProgramError> {
    let invalid = || core_error(MplCoreError::InvalidPluginSetting);
    if royalties.basis_points > 10_000 {
        return Err(invalid());
    }
    let total: u32 = royalties
        .creators
        .iter()
        .map(|c| u32::from(c.percentage))
        .sum();
    if total != 100 {
        return Err(invalid());
    }
    let mut seen = HashSet::new();
    if !royalties.creators.iter().all(|c| seen.insert(c.address)) {
        return Err(invalid());
    }
    Ok(())
}

/// Validation a plugin performs when it is created (Royalties only, as in Core).
pub fn validate_create(plugin: &Plugin) -> Result<(), ProgramError> {
    match plugin {
        Plugin::Royalties(royalties) => validate_royalties(royalties),
        _ => Ok(()),
    }
}

/// A plugin's vote on a lifecycle event (Core's `ValidationResult`, without force-approve).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vote {
    /// The plugin has no opinion.
    Pass,
    /// The plugin approves.
    Approve,
    /// The plugin rejects (which wins over any approval).
    Reject,
}

/// What a transfer needs to know to let plugins vote.
pub struct TransferContext<'k> {
    /// Owner program of the signing authority account.
    pub authority_owner: &'k Pubkey,
    /// Owner program of the new owner account.
    pub new_owner_owner: &'k Pubkey,
    /// The authorities the signer resolves to (Owner, UpdateAuthority, Address).
    pub resolved: &'k [PluginAuthority],
}

/// The vote of `plugin` (whose registry authority is `authority`) on a transfer.
///
/// Rule sets look at the *owner programs of the accounts* (the signing authority and the new
/// owner), as Core does, not at the calling program: a wallet is owned by the system program,
/// and so is a PDA signer that holds no data. A program that wants its transfers allowed must
/// sign with a PDA account it owns (with data), and wallet buyers need the system program on
/// an allow list.
pub fn vote_transfer(plugin: &Plugin, authority: &PluginAuthority, ctx: &TransferContext) -> Vote {
    match plugin {
        Plugin::Royalties(royalties) => match &royalties.rule_set {
            RuleSet::None => Vote::Pass,
            RuleSet::ProgramAllowList(allowed) => {
                if allowed.contains(ctx.authority_owner) && allowed.contains(ctx.new_owner_owner) {
                    Vote::Pass
                } else {
                    Vote::Reject
                }
            }
            RuleSet::ProgramDenyList(denied) => {
                if denied.contains(ctx.authority_owner) || denied.contains(ctx.new_owner_owner) {
                    Vote::Reject
                } else {
                    Vote::Pass
                }
            }
        },
        Plugin::FreezeDelegate(freeze) if freeze.frozen => Vote::Reject,
        Plugin::TransferDelegate(_) if ctx.resolved.contains(authority) => Vote::Approve,
        _ => Vote::Pass,
    }
}
