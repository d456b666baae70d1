//! The Core CPIs. Each builder lives in its own non-inlined function so its large frame never
//! adds to a handler's stack frame (SBF frames are 4 KiB).
use anchor_lang::prelude::*;
use mpl_core::{
    instructions::{CreateCollectionV2CpiBuilder, CreateV2CpiBuilder, TransferV1CpiBuilder},
    types::{Attributes, DataState, Plugin, PluginAuthorityPair, Royalties},
};

/// Creates the collection (`collection` signs with its PDA seeds; `payer` is a signing wallet).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub fn create_collection<'info>(
    core_program: &AccountInfo<'info>,
    collection: &AccountInfo<'info>,
    update_authority: &AccountInfo<'info>,
    payer: &AccountInfo<'info>,
    system_program: &AccountInfo<'info>,
    name: String,
    uri: String,
    collection_seeds: &[&[u8]],
) -> Result<()> {
    CreateCollectionV2CpiBuilder::new(core_program)
        .collection(collection)
        .update_authority(Some(update_authority))
        .payer(payer)
        .system_program(system_program)
        .name(name)
        .uri(uri)
        .invoke_signed(&[collection_seeds])?;
    Ok(())
}

/// Accounts and data of one asset mint. The asset, the collection's update authority and the
/// payer are PDAs that sign with `signer_seeds`.
pub struct CreateAsset<'a, 'info> {
    pub core_program: &'a AccountInfo<'info>,
    pub asset: &'a AccountInfo<'info>,
    pub collection: &'a AccountInfo<'info>,
    pub collection_authority: &'a AccountInfo<'info>,
    pub payer: &'a AccountInfo<'info>,
    pub owner: &'a AccountInfo<'info>,
    pub system_program: &'a AccountInfo<'info>,
    pub name: String,
    pub uri: String,
    pub attributes: Attributes,
    /// Already validated by `core_mint::royalties`.
    pub royalties: Royalties,
}

/// Mints a Core asset into the collection with an Attributes and a Royalties plugin (both
/// managed by the update authority, i.e. the collection's PDA authority).
#[inline(never)]
pub fn create_asset(mint: CreateAsset, signer_seeds: &[&[&[u8]]]) -> Result<()> {
    super::validate_royalties(&mint.royalties)?;
    let plugins = vec![
        PluginAuthorityPair {
            plugin: Plugin::Attributes(mint.attributes),
            authority: None,
        },
        PluginAuthorityPair {
            plugin: Plugin::Royalties(mint.royalties),
            authority: None,
        },
    ];
    CreateV2CpiBuilder::new(mint.core_program)
        .asset(mint.asset)
        .collection(Some(mint.collection))
        .authority(Some(mint.collection_authority))
        .payer(mint.payer)
        .owner(Some(mint.owner))
        .system_program(mint.system_program)
        .data_state(DataState::AccountState)
        .name(mint.name)
        .uri(mint.uri)
        .plugins(plugins)
        .invoke_signed(signer_seeds)?;
    Ok(())
}

/// Transfers an asset of the collection. `authority` is the current owner when it differs from
/// the payer (the listing PDA, signing with `signer_seeds`).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub fn transfer_asset<'info>(
    core_program: &AccountInfo<'info>,
    asset: &AccountInfo<'info>,
    collection: &AccountInfo<'info>,
    payer: &AccountInfo<'info>,
    authority: Option<&AccountInfo<'info>>,
    new_owner: &AccountInfo<'info>,
    system_program: &AccountInfo<'info>,
    signer_seeds: &[&[&[u8]]],
) -> Result<()> {
    TransferV1CpiBuilder::new(core_program)
        .asset(asset)
        .collection(Some(collection))
        .payer(payer)
        .authority(authority)
        .new_owner(new_owner)
        .system_program(Some(system_program))
        .invoke_signed(signer_seeds)?;
    Ok(())
}
