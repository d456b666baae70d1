//! `TransferV1`: accounts `[asset (w), collection (optional), payer (w, signer), authority
//! (signer, optional), new_owner, system_program (optional), log_wrapper (optional)]`.

use std::collections::BTreeMap;

use anchor_lang::solana_program::{
    account_info::AccountInfo, entrypoint::ProgramResult, program_error::ProgramError,
    pubkey::Pubkey,
};
use mpl_core::{
    accounts::BaseAssetV1,
    errors::MplCoreError,
    instructions::TransferV1InstructionArgs,
    types::{Plugin, PluginAuthority},
};

use super::decode_args;
use crate::{
    accounts::*,
    authority::{asset_authorities, asset_collection},
    error::core_error,
    layout::{self, CoreAccount},
    plugins::{self, TransferContext, Vote},
};

/// Moves the asset to `new_owner`. The owner approves; so does the authority of a
/// `TransferDelegate`. Royalties rule sets (the asset's, else its collection's) check the
/// owner programs of the signing authority and of the new owner; a frozen asset never moves
/// (`InvalidAuthority` on a rejection, `NoApprovals` when nobody approved). Owner-managed
/// plugins go back to the new owner's management, as in Core.
pub fn process(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let args: TransferV1InstructionArgs = decode_args(data)?;
    let asset = at(accounts, 0)?;
    let collection = optional(accounts, 1, program_id)?;
    let payer = at(accounts, 2)?;
    let authority = optional(accounts, 3, program_id)?;
    let new_owner = at(accounts, 4)?;
    let system = optional(accounts, 5, program_id)?;
    let log_wrapper = optional(accounts, 6, program_id)?;

    require_signer(payer)?;
    let authority = resolve_authority(payer, authority)?;
    if let Some(system) = system {
        require_system_program(system)?;
    }
    require_log_wrapper(log_wrapper)?;
    if args.compression_proof.is_some() {
        return Err(core_error(MplCoreError::NotAvailable));
    }
    require_owned(asset, program_id)?;
    let mut decoded = layout::read_asset(&asset.try_borrow_data()?)?;
    let parent = asset_collection(&decoded.base, collection, program_id)?;

    // Plugins vote by type; the asset's override its collection's, as in Core.
    let mut voters: BTreeMap<u8, (Plugin, PluginAuthority)> = BTreeMap::new();
    if let Some((info, parent)) = &parent {
        collect_voters(&info.try_borrow_data()?, parent, &mut voters)?;
    }
    collect_voters(&asset.try_borrow_data()?, &decoded, &mut voters)?;

    let resolved = asset_authorities(
        authority.key,
        &decoded.base,
        parent.as_ref().map(|(_, c)| &c.base),
    );
    let ctx = TransferContext {
        authority_owner: authority.owner,
        new_owner_owner: new_owner.owner,
        resolved: &resolved,
    };
    let owner_vote = if authority.key == &decoded.base.owner {
        Vote::Approve
    } else {
        Vote::Pass
    };
    let verdict = voters
        .values()
        .map(|(plugin, plugin_authority)| plugins::vote_transfer(plugin, plugin_authority, &ctx))
        .fold(owner_vote, combine);
    match verdict {
        Vote::Reject => return Err(core_error(MplCoreError::InvalidAuthority)),
        Vote::Pass => return Err(core_error(MplCoreError::NoApprovals)),
        Vote::Approve => {}
    }

    decoded.base.owner = *new_owner.key;
    save_transferred(asset, decoded)
}

fn collect_voters<B>(
    data: &[u8],
    account: &CoreAccount<B>,
    voters: &mut BTreeMap<u8, (Plugin, PluginAuthority)>,
) -> Result<(), ProgramError> {
    for record in account.records() {
        let plugin = layout::read_plugin(data, record)?;
        voters.insert(
            record.plugin_type.clone() as u8,
            (plugin, record.authority.clone()),
        );
    }
    Ok(())
}

fn combine(acc: Vote, vote: Vote) -> Vote {
    match (acc, vote) {
        (Vote::Reject, _) | (_, Vote::Reject) => Vote::Reject,
        (Vote::Approve, _) | (_, Vote::Approve) => Vote::Approve,
        _ => Vote::Pass,
    }
}

/// Writes the new owner and, as Core does, resets owner-managed plugins' authorities to
/// `Owner`, rewriting the registry in place without resizing the account.
fn save_transferred(asset: &AccountInfo, mut decoded: CoreAccount<BaseAssetV1>) -> ProgramResult {
    let mut data = asset.try_borrow_mut_data()?;
    if let Some((header, registry)) = decoded.plugins.as_mut() {
        for record in registry.registry.iter_mut() {
            if plugins::manager(record.plugin_type.clone()) == PluginAuthority::Owner {
                record.authority = PluginAuthority::Owner;
            }
        }
        let bytes = layout::to_bytes(registry)?;
        let start = header.plugin_registry_offset as usize;
        data[start..start + bytes.len()].copy_from_slice(&bytes);
    }
    let base = layout::to_bytes(&decoded.base)?;
    data[..base.len()].copy_from_slice(&base);
    Ok(())
}
