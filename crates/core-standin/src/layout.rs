//! Core's account layout, written and read with the `mpl-core` crate's own types:
//!
//! ```text
//! BaseAssetV1 | BaseCollectionV1            borsh, at 0
//! PluginHeaderV1 { key, plugin_registry_offset }   at base length (only with plugins)
//! Plugin, Plugin, ...                        borsh `Plugin` enums, in creation order
//! PluginRegistryV1 { key, registry: [RegistryRecord { plugin_type, authority, offset }],
//!                    external_registry: [] }  at plugin_registry_offset
//! ```
//!
//! The account is exactly this long when Core creates it. (Core's transfer rewrites the
//! registry in place without shrinking the account, so bytes after the registry may be stale;
//! readers go by the offsets, never by the account length.)

use anchor_lang::{
    prelude::{AnchorDeserialize, AnchorSerialize},
    solana_program::program_error::ProgramError,
};
use mpl_core::{
    accounts::{BaseAssetV1, BaseCollectionV1, PluginHeaderV1, PluginRegistryV1},
    errors::MplCoreError,
    types::{Key, Plugin, PluginAuthority, PluginType, RegistryRecord},
};

use crate::error::{core_error, deserialization, serialization};

/// Length of `PluginHeaderV1` (key + u64 offset).
pub const HEADER_LEN: usize = 9;

/// Borsh bytes of one of Core's types.
pub fn to_bytes<T: AnchorSerialize>(value: &T) -> Result<Vec<u8>, ProgramError> {
    value.try_to_vec().map_err(serialization)
}

/// The bytes of a Core account with base `base` and `plugins` (in this order, with these
/// authorities), exactly as Core lays them out after creating them.
pub fn encode(base: &[u8], plugins: &[(Plugin, PluginAuthority)]) -> Result<Vec<u8>, ProgramError> {
    let mut out = base.to_vec();
    if plugins.is_empty() {
        return Ok(out);
    }
    let header_offset = out.len();
    out.resize(header_offset + HEADER_LEN, 0);
    let mut registry = Vec::with_capacity(plugins.len());
    for (plugin, authority) in plugins {
        registry.push(RegistryRecord {
            plugin_type: PluginType::from(plugin),
            authority: authority.clone(),
            offset: out.len() as u64,
        });
        out.extend(to_bytes(plugin)?);
    }
    let header = PluginHeaderV1 {
        key: Key::PluginHeaderV1,
        plugin_registry_offset: out.len() as u64,
    };
    out[header_offset..header_offset + HEADER_LEN].copy_from_slice(&to_bytes(&header)?);
    out.extend(to_bytes(&PluginRegistryV1 {
        key: Key::PluginRegistryV1,
        registry,
        external_registry: vec![],
    })?);
    Ok(out)
}

/// A decoded Core account: its base and, when it has plugins, header and registry.
#[derive(Clone, Debug)]
pub struct CoreAccount<B> {
    /// `BaseAssetV1` or `BaseCollectionV1`.
    pub base: B,
    /// Borsh length of `base` (where the plugin header starts).
    pub base_len: usize,
    /// The plugin header and registry, if the account has plugins.
    pub plugins: Option<(PluginHeaderV1, PluginRegistryV1)>,
}

impl<B> CoreAccount<B> {
    /// The registry record of the plugin of type `plugin_type`, if any.
    pub fn record(&self, plugin_type: PluginType) -> Option<&RegistryRecord> {
        self.plugins.as_ref().and_then(|(_, registry)| {
            registry
                .registry
                .iter()
                .find(|r| r.plugin_type == plugin_type)
        })
    }

    /// All registry records (empty without plugins).
    pub fn records(&self) -> &[RegistryRecord] {
        self.plugins
            .as_ref()
            .map_or(&[], |(_, registry)| registry.registry.as_slice())
    }
}

fn decode<B: AnchorDeserialize + AnchorSerialize>(
    data: &[u8],
) -> Result<CoreAccount<B>, ProgramError> {
    let base = B::deserialize(&mut &data[..]).map_err(deserialization)?;
    let base_len = to_bytes(&base)?.len();
    if base_len == data.len() {
        return Ok(CoreAccount {
            base,
            base_len,
            plugins: None,
        });
    }
    let header = PluginHeaderV1::deserialize(&mut &data[base_len..]).map_err(deserialization)?;
    let registry_bytes = data
        .get(header.plugin_registry_offset as usize..)
        .ok_or(core_error(MplCoreError::DeserializationError))?;
    let registry =
        PluginRegistryV1::deserialize(&mut &registry_bytes[..]).map_err(deserialization)?;
    if header.key != Key::PluginHeaderV1 || registry.key != Key::PluginRegistryV1 {
        return Err(core_error(MplCoreError::DeserializationError));
    }
    Ok(CoreAccount {
        base,
        base_len,
        plugins: Some((header, registry)),
    })
}

/// Decodes an asset account (`IncorrectAccount` unless its key is `AssetV1`).
pub fn read_asset(data: &[u8]) -> Result<CoreAccount<BaseAssetV1>, ProgramError> {
    if data.first() != Some(&(Key::AssetV1 as u8)) {
        return Err(core_error(MplCoreError::IncorrectAccount));
    }
    decode(data)
}

/// Decodes a collection account (`DeserializationError` unless its key is `CollectionV1`).
pub fn read_collection(data: &[u8]) -> Result<CoreAccount<BaseCollectionV1>, ProgramError> {
    if data.first() != Some(&(Key::CollectionV1 as u8)) {
        return Err(core_error(MplCoreError::DeserializationError));
    }
    decode(data)
}

/// The plugin stored at `record`'s offset.
pub fn read_plugin(data: &[u8], record: &RegistryRecord) -> Result<Plugin, ProgramError> {
    let bytes = data
        .get(record.offset as usize..)
        .ok_or(core_error(MplCoreError::DeserializationError))?;
    Plugin::deserialize(&mut &bytes[..]).map_err(deserialization)
}
