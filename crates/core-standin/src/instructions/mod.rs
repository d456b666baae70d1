//! The Core instructions the stand-in implements, one per file, with Core's account order.

pub mod create_collection_v2;
pub mod create_v2;
pub mod transfer_v1;
pub mod update_plugin_v1;

use anchor_lang::{prelude::AnchorDeserialize, solana_program::program_error::ProgramError};
use mpl_core::{
    errors::MplCoreError,
    types::{Plugin, PluginAuthority, PluginAuthorityPair, PluginType},
};

use crate::{error::core_error, plugins};

/// Decodes instruction args exactly (trailing bytes are an error, as in Core).
pub(crate) fn decode_args<T: AnchorDeserialize>(data: &[u8]) -> Result<T, ProgramError> {
    T::try_from_slice(data).map_err(|_| ProgramError::InvalidInstructionData)
}

/// What plugins are created on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Asset,
    Collection,
}

/// Checks the requested plugins one by one, in Core's order (plugin types Core refuses on
/// `target` with Core's error, then types the stand-in does not implement, then the plugin's
/// settings, then duplicates), and resolves each one's authority (the given one, or the
/// plugin's manager).
pub(crate) fn prepare_plugins(
    requested: Option<Vec<PluginAuthorityPair>>,
    target: Target,
) -> Result<Vec<(Plugin, PluginAuthority)>, ProgramError> {
    let supported: &[PluginType] = match target {
        Target::Asset => &plugins::ASSET_PLUGINS,
        Target::Collection => &plugins::COLLECTION_PLUGINS,
    };
    let mut prepared: Vec<(Plugin, PluginAuthority)> = Vec::new();
    for pair in requested.unwrap_or_default() {
        let plugin_type = PluginType::from(&pair.plugin);
        if let Some(error) = plugins::refused_on(target, &plugin_type) {
            return Err(core_error(error));
        }
        if !supported.contains(&plugin_type) {
            return Err(core_error(MplCoreError::NotAvailable));
        }
        plugins::validate_create(&pair.plugin)?;
        if prepared
            .iter()
            .any(|(p, _)| PluginType::from(p) == plugin_type)
        {
            return Err(core_error(MplCoreError::PluginAlreadyExists));
        }
        let authority = pair.authority.unwrap_or(plugins::manager(plugin_type));
        prepared.push((pair.plugin, authority));
    }
    Ok(prepared)
}
