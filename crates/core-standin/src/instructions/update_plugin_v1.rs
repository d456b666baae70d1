//! `UpdatePluginV1`: accounts `[asset (w), collection (optional), payer (w, signer),
//! authority (signer, optional), system_program, log_wrapper (optional)]`;
//! `UpdateCollectionPluginV1`: accounts `[collection (w), payer (w, signer), authority
//! (signer, optional), system_program, log_wrapper (optional)]`.

use anchor_lang::solana_program::{
    account_info::AccountInfo, entrypoint::ProgramResult, program_error::ProgramError,
    pubkey::Pubkey,
};
use mpl_core::{
    errors::MplCoreError,
    instructions::{UpdateCollectionPluginV1InstructionArgs, UpdatePluginV1InstructionArgs},
    types::{Plugin, PluginAuthority, PluginType},
};

use super::decode_args;
use crate::{
    accounts::*,
    authority::{asset_authorities, asset_collection, collection_authorities},
    error::core_error,
    layout::{self, CoreAccount},
    plugins,
};

/// Replaces one of the asset's plugins. The signer must hold the plugin's registry authority
/// (the update authority for Royalties and Attributes, the owner or delegate for
/// FreezeDelegate), else `NoApprovals`; new Royalties are validated like at creation. Later
/// plugins and the registry move when the plugin changes size, and the payer pays (or gets
/// back) the rent difference, as in Core.
pub fn process_asset(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let args: UpdatePluginV1InstructionArgs = decode_args(data)?;
    let asset = at(accounts, 0)?;
    let collection = optional(accounts, 1, program_id)?;
    let payer = at(accounts, 2)?;
    let authority = optional(accounts, 3, program_id)?;
    let system = at(accounts, 4)?;
    let log_wrapper = optional(accounts, 5, program_id)?;

    require_signer(payer)?;
    let authority = resolve_authority(payer, authority)?;
    require_system_program(system)?;
    require_log_wrapper(log_wrapper)?;
    require_owned(asset, program_id)?;
    let decoded = layout::read_asset(&asset.try_borrow_data()?)?;
    let plugin_type = PluginType::from(&args.plugin);
    decoded
        .record(plugin_type)
        .ok_or(core_error(MplCoreError::PluginNotFound))?;
    let parent = asset_collection(&decoded.base, collection, program_id)?;
    let held = asset_authorities(
        authority.key,
        &decoded.base,
        parent.as_ref().map(|(_, c)| &c.base),
    );
    // Core's asset permissions: nobody approving is `NoApprovals`.
    authorize(&decoded, &args.plugin, &held, MplCoreError::NoApprovals)?;
    replace_plugin(asset, payer, system, &decoded, args.plugin)
}

/// Replaces one of the collection's plugins; the signer must hold the plugin's registry
/// authority (the collection's update authority by default), else `InvalidAuthority`.
pub fn process_collection(
    program_id: &Pubkey,
    accounts: &[AccountInfo],
    data: &[u8],
) -> ProgramResult {
    let args: UpdateCollectionPluginV1InstructionArgs = decode_args(data)?;
    let collection = at(accounts, 0)?;
    let payer = at(accounts, 1)?;
    let authority = optional(accounts, 2, program_id)?;
    let system = at(accounts, 3)?;
    let log_wrapper = optional(accounts, 4, program_id)?;

    require_signer(payer)?;
    let authority = resolve_authority(payer, authority)?;
    require_system_program(system)?;
    require_log_wrapper(log_wrapper)?;
    require_owned(collection, program_id)?;
    let decoded = layout::read_collection(&collection.try_borrow_data()?)?;
    let held = collection_authorities(authority.key, &decoded.base);
    // Core's collection permissions answer `InvalidAuthority` when nobody approved
    // (`validate_collection_permissions`), unlike its asset permissions.
    authorize(
        &decoded,
        &args.plugin,
        &held,
        MplCoreError::InvalidAuthority,
    )?;
    replace_plugin(collection, payer, system, &decoded, args.plugin)
}

/// `PluginNotFound` without the plugin, `refused` unless the signer holds its authority,
/// then the new plugin's own validation.
fn authorize<B>(
    account: &CoreAccount<B>,
    plugin: &Plugin,
    held: &[PluginAuthority],
    refused: MplCoreError,
) -> Result<(), ProgramError> {
    let record = account
        .record(PluginType::from(plugin))
        .ok_or(core_error(MplCoreError::PluginNotFound))?;
    if !held.contains(&record.authority) {
        return Err(core_error(refused));
    }
    plugins::validate_create(plugin)
}

/// Splices `plugin` over the stored plugin of its type, shifting what follows and the registry
/// offsets by the size difference, and resizes the account.
fn replace_plugin<'a, B>(
    account: &AccountInfo<'a>,
    payer: &AccountInfo<'a>,
    system: &AccountInfo<'a>,
    decoded: &CoreAccount<B>,
    plugin: Plugin,
) -> ProgramResult {
    let (header, registry) = decoded
        .plugins
        .as_ref()
        .ok_or(core_error(MplCoreError::PluginsNotInitialized))?;
    let record = decoded
        .record(PluginType::from(&plugin))
        .ok_or(core_error(MplCoreError::PluginNotFound))?;
    let old = account.try_borrow_data()?.to_vec();
    let start = record.offset as usize;
    let old_len = layout::to_bytes(&layout::read_plugin(&old, record)?)?.len();
    let new_plugin = layout::to_bytes(&plugin)?;
    let grow = new_plugin.len() as i64 - old_len as i64;
    let shift = |offset: u64| -> Result<u64, ProgramError> {
        offset
            .checked_add_signed(grow)
            .ok_or(core_error(MplCoreError::NumericalOverflow))
    };

    let mut header = header.clone();
    header.plugin_registry_offset = shift(header.plugin_registry_offset)?;
    let mut registry = registry.clone();
    for r in registry.registry.iter_mut() {
        if r.offset > record.offset {
            r.offset = shift(r.offset)?;
        }
    }

    let mut data = Vec::with_capacity(old.len().saturating_add(new_plugin.len()));
    data.extend_from_slice(&old[..start]);
    data.extend_from_slice(&new_plugin);
    data.extend_from_slice(&old[start + old_len..]);
    let header_bytes = layout::to_bytes(&header)?;
    data[decoded.base_len..decoded.base_len + header_bytes.len()].copy_from_slice(&header_bytes);
    let registry_bytes = layout::to_bytes(&registry)?;
    let at = header.plugin_registry_offset as usize;
    data[at..at + registry_bytes.len()].copy_from_slice(&registry_bytes);

    resize(account, payer, system, data.len())?;
    account.try_borrow_mut_data()?.copy_from_slice(&data);
    Ok(())
}
