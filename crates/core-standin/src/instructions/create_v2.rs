//! `CreateV2`: accounts `[asset (w, signer), collection (w, optional), authority (signer,
//! optional), payer (w, signer), owner (optional), update_authority (optional),
//! system_program, log_wrapper (optional)]`.

use anchor_lang::solana_program::{
    account_info::AccountInfo, entrypoint::ProgramResult, program_error::ProgramError,
    pubkey::Pubkey, rent::Rent, sysvar::Sysvar,
};
use mpl_core::{
    accounts::BaseAssetV1,
    errors::MplCoreError,
    instructions::CreateV2InstructionArgs,
    types::{DataState, Key, UpdateAuthority},
};

use super::{decode_args, prepare_plugins, Target};
use crate::{accounts::*, error::core_error, layout};

/// Bytes of rent Core charges as its create fee on top of the asset's rent.
pub const CREATE_FEE_SCALAR: usize = 87;
/// Lamports Core adds to the create fee.
pub const CREATE_FEE_OFFSET: u64 = 3_600;

/// Core's create fee (kept in the asset account above its rent-exempt minimum, as Core does):
/// the rent of 87 bytes plus 3600 lamports, 1,500,000 lamports at the default rent.
pub fn create_fee(rent: &Rent) -> Result<u64, ProgramError> {
    rent.minimum_balance(CREATE_FEE_SCALAR)
        .checked_add(CREATE_FEE_OFFSET)
        .ok_or(core_error(MplCoreError::NumericalOverflow))
}

/// Creates an asset. In a collection, `authority` (or the payer) must be the collection's
/// update authority, and the collection's `num_minted` and `current_size` go up by one. The
/// owner defaults to the update authority, then the payer. The payer pays the rent of the
/// whole account (base, plugins and registry) plus Core's create fee.
pub fn process(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let args: CreateV2InstructionArgs = decode_args(data)?;
    let asset = at(accounts, 0)?;
    let collection = optional(accounts, 1, program_id)?;
    let authority = optional(accounts, 2, program_id)?;
    let payer = at(accounts, 3)?;
    let owner = optional(accounts, 4, program_id)?;
    let update_authority = optional(accounts, 5, program_id)?;
    let system = at(accounts, 6)?;
    let log_wrapper = optional(accounts, 7, program_id)?;

    require_signer(asset)?;
    require_signer(payer)?;
    let authority = resolve_authority(payer, authority)?;
    require_system_program(system)?;
    require_log_wrapper(log_wrapper)?;
    if update_authority.is_some() && collection.is_some() {
        return Err(core_error(MplCoreError::ConflictingAuthority));
    }

    let parent = match collection {
        Some(info) => {
            require_owned(info, program_id)?;
            let decoded = layout::read_collection(&info.try_borrow_data()?)?;
            Some((info, decoded))
        }
        None => None,
    };
    if args.data_state == DataState::LedgerState {
        return Err(core_error(MplCoreError::NotAvailable));
    }
    if args
        .external_plugin_adapters
        .as_ref()
        .is_some_and(|adapters| !adapters.is_empty())
    {
        return Err(core_error(MplCoreError::NotAvailable));
    }
    // Core: inside a collection only the collection's update authority approves a create.
    if let Some((_, decoded)) = &parent {
        if decoded.base.update_authority != *authority.key {
            return Err(core_error(MplCoreError::NoApprovals));
        }
    }

    let base = BaseAssetV1 {
        key: Key::AssetV1,
        owner: *owner.or(update_authority).unwrap_or(payer).key,
        update_authority: match collection {
            Some(info) => UpdateAuthority::Collection(*info.key),
            None => UpdateAuthority::Address(*update_authority.unwrap_or(payer).key),
        },
        name: args.name,
        uri: args.uri,
        seq: None,
    };
    let plugins = prepare_plugins(args.plugins, Target::Asset)?;
    let bytes = layout::encode(&layout::to_bytes(&base)?, &plugins)?;
    let rent = Rent::get()?;
    let lamports = rent
        .minimum_balance(bytes.len())
        .checked_add(create_fee(&rent)?)
        .ok_or(core_error(MplCoreError::NumericalOverflow))?;
    create_with_data(payer, asset, system, program_id, lamports, &bytes)?;

    if let Some((info, mut decoded)) = parent {
        let counters = &mut decoded.base;
        counters.num_minted = counters
            .num_minted
            .checked_add(1)
            .ok_or(core_error(MplCoreError::NumericalOverflow))?;
        counters.current_size = counters
            .current_size
            .checked_add(1)
            .ok_or(core_error(MplCoreError::NumericalOverflow))?;
        let base_bytes = layout::to_bytes(&decoded.base)?;
        info.try_borrow_mut_data()?[..base_bytes.len()].copy_from_slice(&base_bytes);
    }
    Ok(())
}
