//! Account plumbing shared by the stand-in's instructions: optional accounts, signer and
//! program checks, account creation and Core-style resizing.

use anchor_lang::solana_program::{
    account_info::AccountInfo, entrypoint::ProgramResult, program::invoke,
    program_error::ProgramError, pubkey, pubkey::Pubkey, rent::Rent, sysvar::Sysvar,
};
use mpl_core::errors::MplCoreError;
use solana_system_interface::{instruction as system_instruction, program as system_program};

use crate::error::core_error;

/// The SPL Noop program Core accepts as its log wrapper.
pub const SPL_NOOP_ID: Pubkey = pubkey!("noopb9bkMVfRPU8AsbpTUg8AQkHtKwMYZiFUjNRtMmV");

/// The account at `index`, or `NotEnoughAccountKeys`.
pub fn at<'a, 'b>(
    accounts: &'b [AccountInfo<'a>],
    index: usize,
) -> Result<&'b AccountInfo<'a>, ProgramError> {
    accounts
        .get(index)
        .ok_or(ProgramError::NotEnoughAccountKeys)
}

/// An optional account: Core's builders pass the Core program id itself for "none".
pub fn optional<'a, 'b>(
    accounts: &'b [AccountInfo<'a>],
    index: usize,
    program_id: &Pubkey,
) -> Result<Option<&'b AccountInfo<'a>>, ProgramError> {
    let info = at(accounts, index)?;
    Ok((info.key != program_id).then_some(info))
}

/// `MissingRequiredSignature` unless `info` signed (directly or through `invoke_signed`).
pub fn require_signer(info: &AccountInfo) -> ProgramResult {
    if info.is_signer {
        Ok(())
    } else {
        Err(ProgramError::MissingRequiredSignature)
    }
}

/// The authority Core resolves: the given authority (which must sign) or else the payer.
pub fn resolve_authority<'a, 'b>(
    payer: &'b AccountInfo<'a>,
    authority: Option<&'b AccountInfo<'a>>,
) -> Result<&'b AccountInfo<'a>, ProgramError> {
    match authority {
        Some(authority) => {
            require_signer(authority)?;
            Ok(authority)
        }
        None => Ok(payer),
    }
}

/// `InvalidSystemProgram` unless `info` is the system program.
pub fn require_system_program(info: &AccountInfo) -> ProgramResult {
    if system_program::check_id(info.key) {
        Ok(())
    } else {
        Err(core_error(MplCoreError::InvalidSystemProgram))
    }
}

/// `InvalidLogWrapperProgram` unless the optional log wrapper is SPL Noop.
pub fn require_log_wrapper(info: Option<&AccountInfo>) -> ProgramResult {
    match info {
        Some(info) if info.key != &SPL_NOOP_ID => {
            Err(core_error(MplCoreError::InvalidLogWrapperProgram))
        }
        _ => Ok(()),
    }
}

/// `IncorrectAccount` unless `info` is owned by the stand-in (a Core account).
pub fn require_owned(info: &AccountInfo, program_id: &Pubkey) -> ProgramResult {
    if info.owner == program_id {
        Ok(())
    } else {
        Err(core_error(MplCoreError::IncorrectAccount))
    }
}

/// Creates `target` (which must sign) owned by `owner` through the system program, funded by
/// `payer` with `lamports`, and writes `data` into it.
pub fn create_with_data<'a>(
    payer: &AccountInfo<'a>,
    target: &AccountInfo<'a>,
    system: &AccountInfo<'a>,
    owner: &Pubkey,
    lamports: u64,
    data: &[u8],
) -> ProgramResult {
    invoke(
        &system_instruction::create_account(
            payer.key,
            target.key,
            lamports,
            data.len() as u64,
            owner,
        ),
        &[payer.clone(), target.clone(), system.clone()],
    )?;
    target.try_borrow_mut_data()?.copy_from_slice(data);
    Ok(())
}

/// Resizes `target` the way Core does: the payer pays the difference in rent-exempt minimum
/// when it grows and gets the difference back when it shrinks; any lamports above the minimum
/// (Core's create fee) stay in the account.
pub fn resize<'a>(
    target: &AccountInfo<'a>,
    payer: &AccountInfo<'a>,
    system: &AccountInfo<'a>,
    new_len: usize,
) -> ProgramResult {
    if new_len == target.data_len() {
        return Ok(());
    }
    let rent = Rent::get()?;
    let new_minimum = rent.minimum_balance(new_len);
    let old_minimum = rent.minimum_balance(target.data_len());
    if new_minimum >= old_minimum {
        invoke(
            &system_instruction::transfer(payer.key, target.key, new_minimum - old_minimum),
            &[payer.clone(), target.clone(), system.clone()],
        )?;
    } else {
        let refund = old_minimum - new_minimum;
        let payer_lamports = payer
            .lamports()
            .checked_add(refund)
            .ok_or(core_error(MplCoreError::NumericalOverflow))?;
        let target_lamports = target
            .lamports()
            .checked_sub(refund)
            .ok_or(core_error(MplCoreError::NumericalOverflow))?;
        **payer.try_borrow_mut_lamports()? = payer_lamports;
        **target.try_borrow_mut_lamports()? = target_lamports;
    }
    target.resize(new_len)
}
