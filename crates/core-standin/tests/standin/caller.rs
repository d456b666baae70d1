//! A tiny native test program that reaches the stand-in by CPI with PDA signers, the way
//! Atelier's program will: it mints with a PDA asset and a PDA collection authority through
//! `CreateV2CpiBuilder`, and transfers with its PDA as authority through `TransferV1CpiBuilder`.

use anchor_lang::AnchorDeserialize;
use mpl_core::{
    instructions::{CreateV2CpiBuilder, TransferV1CpiBuilder},
    types::PluginAuthorityPair,
};
use solana_sdk::{
    account_info::AccountInfo, entrypoint::ProgramResult, program_error::ProgramError,
    pubkey::Pubkey,
};

/// The caller program's id.
pub const ID: Pubkey = Pubkey::new_from_array([7; 32]);
pub const AUTHORITY_SEED: &[u8] = b"authority";
pub const ASSET_SEED: &[u8] = b"asset";

/// The caller's authority PDA (meant as a collection update authority or a delegate).
pub fn authority() -> (Pubkey, u8) {
    Pubkey::find_program_address(&[AUTHORITY_SEED], &ID)
}

/// The caller's asset PDA for `nonce`.
pub fn asset(nonce: u64) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[ASSET_SEED, &nonce.to_le_bytes()], &ID)
}

/// Tag 0, mint: `[0, nonce u64, borsh Vec<PluginAuthorityPair>]`, accounts
/// `[asset pda, collection, authority pda, payer, owner, system, core]`.
/// Tag 1, transfer: `[1]`, accounts `[asset, collection, payer, authority pda, new_owner, core]`.
pub fn process(_program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let (authority_key, authority_bump) = authority();
    let authority_seeds: &[&[u8]] = &[AUTHORITY_SEED, &[authority_bump]];
    match data.first() {
        Some(0) => {
            let nonce: [u8; 8] = data[1..9].try_into().unwrap();
            let plugins = Vec::<PluginAuthorityPair>::try_from_slice(&data[9..])
                .map_err(|_| ProgramError::InvalidInstructionData)?;
            let (asset_key, asset_bump) = asset(u64::from_le_bytes(nonce));
            assert_eq!(accounts[0].key, &asset_key);
            assert_eq!(accounts[2].key, &authority_key);
            CreateV2CpiBuilder::new(&accounts[6])
                .asset(&accounts[0])
                .collection(Some(&accounts[1]))
                .authority(Some(&accounts[2]))
                .payer(&accounts[3])
                .owner(Some(&accounts[4]))
                .system_program(&accounts[5])
                .name("Atelier by CPI".into())
                .uri("ar://cpi".into())
                .plugins(plugins)
                .invoke_signed(&[&[ASSET_SEED, &nonce, &[asset_bump]], authority_seeds])
        }
        Some(1) => TransferV1CpiBuilder::new(&accounts[5])
            .asset(&accounts[0])
            .collection(Some(&accounts[1]))
            .payer(&accounts[2])
            .authority(Some(&accounts[3]))
            .new_owner(&accounts[4])
            .invoke_signed(&[authority_seeds]),
        _ => Err(ProgramError::InvalidInstructionData),
    }
}
