//! `localnet_*` test cheats: move the clock, jump slots, overwrite accounts. No cluster has
//! them; they exist so tests can set time explicitly (CONVENTIONS 13).

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde::Deserialize;
use serde_json::json;
use solana_sdk::account::{Account, AccountSharedData};

use crate::{
    chain::genesis::native_programs,
    rpc::{
        error::{RpcError, RpcResult},
        params::{pubkey, Params},
        Ctx, API_VERSION,
    },
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SetClock {
    unix_timestamp: i64,
    /// Keep the timestamp fixed instead of moving with wall time from there.
    #[serde(default)]
    freeze: bool,
}

/// `localnet_setClock [{ unixTimestamp, freeze? }]` → `{ slot, unixTimestamp }`.
pub fn set_clock(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(1)?;
    let args: SetClock = p.req(0, "{ unixTimestamp }")?;
    let mut chain = ctx.chain();
    chain.set_clock(args.unix_timestamp, args.freeze);
    Ok(json!({ "slot": chain.slot(), "unixTimestamp": chain.unix_timestamp() }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WarpSlot {
    slot: u64,
}

/// `localnet_warpSlot [{ slot }]` → `{ slot }`.
pub fn warp_slot(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(1)?;
    let args: WarpSlot = p.req(0, "{ slot }")?;
    let mut chain = ctx.chain();
    chain
        .warp_slot(args.slot)
        .map_err(RpcError::invalid_params)?;
    Ok(json!({ "slot": chain.slot() }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SetAccount {
    pubkey: String,
    lamports: u64,
    /// Base64 data.
    #[serde(default)]
    data: String,
    /// Defaults to the system program.
    owner: Option<String>,
    #[serde(default)]
    executable: bool,
}

/// `localnet_setAccount [{ pubkey, lamports, data?, owner?, executable? }]` → `true`.
pub fn set_account(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(1)?;
    let args: SetAccount = p.req(0, "{ pubkey, lamports }")?;
    let key = pubkey(&args.pubkey)?;
    let owner = match &args.owner {
        Some(o) => pubkey(o)?,
        None => solana_sdk_ids::system_program::ID,
    };
    let data = B64
        .decode(&args.data)
        .map_err(|e| RpcError::invalid_params(format!("data is not base64: {e}")))?;
    let account = AccountSharedData::from(Account {
        lamports: args.lamports,
        data,
        owner,
        executable: args.executable,
        rent_epoch: u64::MAX,
    });
    ctx.chain()
        .set_account(&key, &account)
        .map_err(RpcError::invalid_params)?;
    Ok(json!(true))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetUpgradeAuthority {
    /// Base58 key, or null for an immutable program.
    authority: Option<String>,
}

/// `localnet_setUpgradeAuthority [{ authority }]` → `{ programData }`: records who "deployed"
/// Atelier (its ProgramData upgrade authority), what `solana program deploy` does on a cluster.
pub fn set_upgrade_authority(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(1)?;
    let args: SetUpgradeAuthority = p.req(0, "{ authority }")?;
    let authority = args.authority.as_deref().map(pubkey).transpose()?;
    let (address, account) = crate::chain::genesis::program_data(authority);
    ctx.chain()
        .set_account(&address, &account)
        .map_err(RpcError::invalid_params)?;
    Ok(json!({ "programData": address.to_string() }))
}

/// `localnet_info []` → faucet, slot, clock and the native programs.
pub fn info(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(0)?;
    let chain = ctx.chain();
    let programs: Vec<_> = native_programs()
        .iter()
        .map(|p| json!({ "name": p.name, "programId": p.id.to_string() }))
        .collect();
    Ok(json!({
        "version": API_VERSION,
        "faucet": chain.faucet().to_string(),
        "slot": chain.slot(),
        "unixTimestamp": chain.unix_timestamp(),
        "clockFrozen": chain.clock().frozen.is_some(),
        "programs": programs,
    }))
}
