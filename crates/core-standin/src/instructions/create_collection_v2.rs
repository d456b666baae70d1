//! `CreateCollectionV2`: accounts `[collection (w, signer), update_authority (optional),
//! payer (w, signer), system_program]`.

use anchor_lang::solana_program::{
    account_info::AccountInfo, entrypoint::ProgramResult, pubkey::Pubkey, rent::Rent,
    sysvar::Sysvar,
};
use mpl_core::{
    accounts::BaseCollectionV1, errors::MplCoreError,
    instructions::CreateCollectionV2InstructionArgs, types::Key,
};

use super::{decode_args, prepare_plugins, Target};
use crate::{accounts::*, error::core_error, layout};

/// Creates a collection whose update authority is `update_authority` (or the payer), paid by
/// the payer at exactly the rent-exempt minimum of Core's layout. Owner-managed plugins are
/// `InvalidAuthority` and `Edition` is `InvalidPlugin`, as in Core; of the rest, the stand-in
/// only implements Attributes and Royalties on collections.
pub fn process(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let args: CreateCollectionV2InstructionArgs = decode_args(data)?;
    let collection = at(accounts, 0)?;
    let update_authority = optional(accounts, 1, program_id)?;
    let payer = at(accounts, 2)?;
    let system = at(accounts, 3)?;

    require_signer(collection)?;
    require_signer(payer)?;
    require_system_program(system)?;
    if args
        .external_plugin_adapters
        .as_ref()
        .is_some_and(|adapters| !adapters.is_empty())
    {
        return Err(core_error(MplCoreError::NotAvailable));
    }

    let base = BaseCollectionV1 {
        key: Key::CollectionV1,
        update_authority: *update_authority.unwrap_or(payer).key,
        name: args.name,
        uri: args.uri,
        num_minted: 0,
        current_size: 0,
    };
    let plugins = prepare_plugins(args.plugins, Target::Collection)?;
    let bytes = layout::encode(&layout::to_bytes(&base)?, &plugins)?;
    let lamports = Rent::get()?.minimum_balance(bytes.len());
    create_with_data(payer, collection, system, program_id, lamports, &bytes)
}
