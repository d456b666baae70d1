//! Who the signer is to an asset or collection, and which collection an asset must be passed
//! with (Core's `resolve_pubkey_to_authorities` and collection checks).

use anchor_lang::solana_program::{
    account_info::AccountInfo, program_error::ProgramError, pubkey::Pubkey,
};
use mpl_core::{
    accounts::{BaseAssetV1, BaseCollectionV1},
    errors::MplCoreError,
    types::{PluginAuthority, UpdateAuthority},
};

use crate::{
    accounts::require_owned,
    error::core_error,
    layout::{self, CoreAccount},
};

/// The collection passed with an asset, decoded. An asset in a collection needs exactly that
/// collection (`MissingCollection`, `InvalidCollection`); an asset outside one takes none.
pub fn asset_collection<'a, 'b>(
    asset: &BaseAssetV1,
    collection: Option<&'b AccountInfo<'a>>,
    program_id: &Pubkey,
) -> Result<Option<(&'b AccountInfo<'a>, CoreAccount<BaseCollectionV1>)>, ProgramError> {
    match (&asset.update_authority, collection) {
        (UpdateAuthority::Collection(_), None) => Err(core_error(MplCoreError::MissingCollection)),
        (UpdateAuthority::Collection(address), Some(info)) => {
            if info.key != address {
                return Err(core_error(MplCoreError::InvalidCollection));
            }
            require_owned(info, program_id)?;
            let decoded = layout::read_collection(&info.try_borrow_data()?)?;
            Ok(Some((info, decoded)))
        }
        (_, Some(_)) => Err(core_error(MplCoreError::InvalidCollection)),
        (_, None) => Ok(None),
    }
}

/// The authorities `signer` holds over an asset: `Owner`, `UpdateAuthority` (directly or as
/// its collection's update authority) and always `Address { signer }`.
pub fn asset_authorities(
    signer: &Pubkey,
    asset: &BaseAssetV1,
    collection: Option<&BaseCollectionV1>,
) -> Vec<PluginAuthority> {
    let mut held = Vec::with_capacity(3);
    if signer == &asset.owner {
        held.push(PluginAuthority::Owner);
    }
    let is_update_authority = match &asset.update_authority {
        UpdateAuthority::Address(address) => address == signer,
        UpdateAuthority::Collection(_) => collection.is_some_and(|c| &c.update_authority == signer),
        UpdateAuthority::None => false,
    };
    if is_update_authority {
        held.push(PluginAuthority::UpdateAuthority);
    }
    held.push(PluginAuthority::Address { address: *signer });
    held
}

/// The authorities `signer` holds over a collection (its update authority is also its owner).
pub fn collection_authorities(
    signer: &Pubkey,
    collection: &BaseCollectionV1,
) -> Vec<PluginAuthority> {
    let mut held = Vec::with_capacity(3);
    if signer == &collection.update_authority {
        held.push(PluginAuthority::Owner);
        held.push(PluginAuthority::UpdateAuthority);
    }
    held.push(PluginAuthority::Address { address: *signer });
    held
}
