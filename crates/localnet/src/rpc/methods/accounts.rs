//! Account reads and the faucet.

use serde_json::{json, Value};
use solana_account_decoder_client_types::UiAccountEncoding;
use solana_accounts_db::accounts_index::ScanConfig;
use solana_rpc_client_api::config::{
    RpcAccountInfoConfig, RpcContextConfig, RpcProgramAccountsConfig, RpcRequestAirdropConfig,
};
use solana_sdk::account::ReadableAccount;

use crate::rpc::{
    check_min_context_slot, encode,
    error::{RpcError, RpcResult},
    filters,
    params::{pubkey, Params},
    with_context, Ctx,
};

/// The validator's limit for getMultipleAccounts.
pub const MAX_MULTIPLE_ACCOUNTS: usize = 100;

pub fn get_account_info(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(2)?;
    let key = pubkey(&p.req::<String>(0, "pubkey")?)?;
    let config: RpcAccountInfoConfig = p.opt(1)?.unwrap_or_default();
    let chain = ctx.chain();
    check_min_context_slot(chain.slot(), config.min_context_slot)?;
    let encoding = config.encoding.unwrap_or(UiAccountEncoding::Binary);
    let value = match chain.bank().get_account(&key) {
        Some(acc) if acc.lamports() > 0 => encode::account(&acc, encoding, config.data_slice)?,
        _ => Value::Null,
    };
    Ok(with_context(chain.slot(), value))
}

pub fn get_multiple_accounts(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(2)?;
    let keys: Vec<String> = p.req(0, "pubkeys")?;
    if keys.len() > MAX_MULTIPLE_ACCOUNTS {
        return Err(RpcError::invalid(format!(
            "Too many inputs provided; max {MAX_MULTIPLE_ACCOUNTS}"
        )));
    }
    let keys = keys
        .iter()
        .map(|k| pubkey(k))
        .collect::<Result<Vec<_>, _>>()?;
    let config: RpcAccountInfoConfig = p.opt(1)?.unwrap_or_default();
    let chain = ctx.chain();
    check_min_context_slot(chain.slot(), config.min_context_slot)?;
    let encoding = config.encoding.unwrap_or(UiAccountEncoding::Base64);
    let values = keys
        .iter()
        .map(|k| match chain.bank().get_account(k) {
            Some(acc) if acc.lamports() > 0 => encode::account(&acc, encoding, config.data_slice),
            _ => Ok(Value::Null),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(with_context(chain.slot(), json!(values)))
}

pub fn get_balance(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(2)?;
    let key = pubkey(&p.req::<String>(0, "pubkey")?)?;
    let config: RpcContextConfig = p.opt(1)?.unwrap_or_default();
    let chain = ctx.chain();
    check_min_context_slot(chain.slot(), config.min_context_slot)?;
    Ok(with_context(
        chain.slot(),
        json!(chain.bank().get_balance(&key)),
    ))
}

/// getProgramAccounts: a scan of the bank's accounts index by owner, then the filters.
pub fn get_program_accounts(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(2)?;
    let program = pubkey(&p.req::<String>(0, "program id")?)?;
    let config: RpcProgramAccountsConfig = p.opt(1)?.unwrap_or_default();
    let filters = filters::prepare(config.filters)?;
    let chain = ctx.chain();
    check_min_context_slot(chain.slot(), config.account_config.min_context_slot)?;
    let encoding = config
        .account_config
        .encoding
        .unwrap_or(UiAccountEncoding::Binary);
    let mut found = chain
        .bank()
        .get_filtered_program_accounts(
            &program,
            |acc| acc.lamports() > 0 && filters::matches(&filters, acc),
            &ScanConfig::default(),
        )
        .map_err(RpcError::internal)?;
    if config.sort_results.unwrap_or(true) {
        found.sort_by_key(|(k, _)| *k);
    }
    let list = found
        .iter()
        .map(|(k, acc)| {
            encode::account(acc, encoding, config.account_config.data_slice)
                .map(|a| json!({ "pubkey": k.to_string(), "account": a }))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if config.with_context.unwrap_or(false) {
        Ok(with_context(chain.slot(), json!(list)))
    } else {
        Ok(json!(list))
    }
}

pub fn get_minimum_balance(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(2)?;
    let len: usize = p.req(0, "data length")?;
    Ok(json!(ctx
        .chain()
        .bank()
        .get_minimum_balance_for_rent_exemption(len)))
}

/// requestAirdrop: a signed transfer from the faucet, committed at once.
pub fn request_airdrop(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(3)?;
    let to = pubkey(&p.req::<String>(0, "pubkey")?)?;
    let lamports: u64 = p.req(1, "lamports")?;
    let _config: Option<RpcRequestAirdropConfig> = p.opt(2)?;
    if lamports > ctx.config.max_airdrop {
        return Err(RpcError::invalid(format!(
            "Invalid request: airdrop of {lamports} lamports exceeds the faucet limit of {}",
            ctx.config.max_airdrop
        )));
    }
    let mut chain = ctx.chain();
    match chain.airdrop(&to, lamports) {
        Ok(c) => Ok(json!(c.signature.to_string())),
        Err(e) => Err(RpcError::internal(format!("airdrop request failed: {e}"))),
    }
}
