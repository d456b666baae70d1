//! Reading Core assets with the mpl-core crate's own deserializers.
use crate::error::AtelierError;
use anchor_lang::prelude::*;
use mpl_core::{
    accounts::BaseAssetV1,
    fetch_asset_plugin,
    types::{Key, PluginType, Royalties, UpdateAuthority},
};

/// The base of a Core asset that belongs to `collection`, or `NotAtelierAsset`.
pub fn read_asset(asset: &AccountInfo, collection: &Pubkey) -> Result<BaseAssetV1> {
    require_keys_eq!(*asset.owner, mpl_core::ID, AtelierError::NotAtelierAsset);
    let base = {
        let data = asset.try_borrow_data()?;
        require!(
            data.first() == Some(&(Key::AssetV1 as u8)),
            AtelierError::NotAtelierAsset
        );
        BaseAssetV1::from_bytes(&data).map_err(|_| error!(AtelierError::NotAtelierAsset))?
    };
    require!(
        base.update_authority == UpdateAuthority::Collection(*collection),
        AtelierError::NotAtelierAsset
    );
    Ok(base)
}

/// What a sale owes in royalties, from the asset's Royalties plugin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssetRoyalties {
    pub basis_points: u16,
    /// The single creator that receives 100 % (Atelier mints have exactly one).
    pub recipient: Pubkey,
}

/// The Royalties plugin of an Atelier asset (exactly one creator at 100 %, bps ≤ 10000).
pub fn read_royalties(asset: &AccountInfo) -> Result<AssetRoyalties> {
    let (_, royalties, _) = fetch_asset_plugin::<Royalties>(asset, PluginType::Royalties)
        .map_err(|_| error!(AtelierError::InvalidAssetRoyalties))?;
    super::validate_royalty_bps(royalties.basis_points)?;
    match royalties.creators.as_slice() {
        [only] if only.percentage == 100 => Ok(AssetRoyalties {
            basis_points: royalties.basis_points,
            recipient: only.address,
        }),
        _ => Err(error!(AtelierError::InvalidAssetRoyalties)),
    }
}
