//! # STAND-IN for the Metaplex Core program — NOT the real program
//!
//! **This crate is a native STAND-IN for Metaplex Core, for tests and the localnet only.**
//! `mpl_core.so` is in no package registry and this machine has no SBF toolchain, so the
//! native solana-program-test runs (and the localnet) register this processor at the Core
//! program id (`mpl_core::ID`, `CoREENxT6tW1HoK8ypY1SxRMZTcVPm7R94rH4PZNhX7d`) instead of the
//! real program. It must never be deployed or described as Core itself.
//!
//! It implements only what Atelier uses, following the real program's behaviour
//! (metaplex-foundation/mpl-core `programs/mpl-core/src/processor/*`):
//! - `CreateCollectionV2` (plugins: Royalties, Attributes),
//! - `CreateV2` (plugins: Attributes, Royalties, FreezeDelegate, TransferDelegate), with Core's
//!   create fee kept in the asset account as Core does,
//! - `TransferV1` (owner or TransferDelegate authority; Royalties rule sets of the asset or
//!   its collection; frozen assets rejected),
//! - `UpdatePluginV1` / `UpdateCollectionPluginV1` (Royalties, Attributes, FreezeDelegate).
//!
//! Accounts are written byte for byte in Core's layout with the `mpl-core` crate's own types:
//! `BaseAssetV1` / `BaseCollectionV1`, then (when there are plugins) `PluginHeaderV1`, the
//! plugins in creation order, and `PluginRegistryV1` whose `RegistryRecord`s point at them.
//! Errors are Core's own `MplCoreError` codes, checked against Core's processors case by case
//! (the tests name each one): e.g. `UpdateCollectionPluginV1` without the plugin's authority is
//! `InvalidAuthority` where `UpdatePluginV1` is `NoApprovals`, and plugin types Core refuses
//! outright get Core's error (owner-managed plugins on a collection `InvalidAuthority`,
//! `Edition` on a collection and `MasterEdition`/`BubblegumV2` on an asset `InvalidPlugin`).
//! Everything else answers `MplCoreError::NotAvailable` (the stand-in does not implement it),
//! including plugin types Core would accept.

use anchor_lang::solana_program::{
    account_info::AccountInfo, entrypoint::ProgramResult, pubkey::Pubkey,
};
use mpl_core::errors::MplCoreError;

mod accounts;
mod authority;
mod error;
pub mod instructions;
pub mod layout;
pub mod plugins;

pub use error::core_error;

/// Core's one-byte instruction discriminators for the instructions the stand-in implements
/// (the first byte the `mpl-core` crate's builders write; a test checks they agree).
pub mod discriminator {
    /// `UpdatePluginV1`.
    pub const UPDATE_PLUGIN_V1: u8 = 6;
    /// `UpdateCollectionPluginV1`.
    pub const UPDATE_COLLECTION_PLUGIN_V1: u8 = 7;
    /// `TransferV1`.
    pub const TRANSFER_V1: u8 = 14;
    /// `CreateV2`.
    pub const CREATE_V2: u8 = 20;
    /// `CreateCollectionV2`.
    pub const CREATE_COLLECTION_V2: u8 = 21;
}

/// The stand-in's entry point: register it with
/// `ProgramTest::add_program("mpl_core", mpl_core::ID, processor!(core_standin::process_instruction))`.
pub fn process_instruction(
    program_id: &Pubkey,
    accounts: &[AccountInfo],
    data: &[u8],
) -> ProgramResult {
    let (tag, args) = data
        .split_first()
        .ok_or(anchor_lang::solana_program::program_error::ProgramError::InvalidInstructionData)?;
    match *tag {
        discriminator::CREATE_COLLECTION_V2 => {
            instructions::create_collection_v2::process(program_id, accounts, args)
        }
        discriminator::CREATE_V2 => instructions::create_v2::process(program_id, accounts, args),
        discriminator::TRANSFER_V1 => {
            instructions::transfer_v1::process(program_id, accounts, args)
        }
        discriminator::UPDATE_PLUGIN_V1 => {
            instructions::update_plugin_v1::process_asset(program_id, accounts, args)
        }
        discriminator::UPDATE_COLLECTION_PLUGIN_V1 => {
            instructions::update_plugin_v1::process_collection(program_id, accounts, args)
        }
        _ => Err(core_error(MplCoreError::NotAvailable)),
    }
}
