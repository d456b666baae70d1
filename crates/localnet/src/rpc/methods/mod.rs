//! The RPC methods, one file per area.

mod accounts;
mod cheats;
mod cluster;
mod transactions;

use super::{error::RpcError, error::RpcResult, params::Params, Ctx};

/// Every HTTP method this server answers, for docs and tests.
pub const METHODS: &[&str] = &[
    "getAccountInfo",
    "getBalance",
    "getBlockHeight",
    "getBlockTime",
    "getEpochInfo",
    "getEpochSchedule",
    "getFeeForMessage",
    "getFirstAvailableBlock",
    "getGenesisHash",
    "getHealth",
    "getIdentity",
    "getLatestBlockhash",
    "getMinimumBalanceForRentExemption",
    "getMultipleAccounts",
    "getProgramAccounts",
    "getRecentPrioritizationFees",
    "getSignatureStatuses",
    "getSignaturesForAddress",
    "getSlot",
    "getSlotLeader",
    "getTransaction",
    "getTransactionCount",
    "getVersion",
    "isBlockhashValid",
    "minimumLedgerSlot",
    "requestAirdrop",
    "sendTransaction",
    "simulateTransaction",
    "localnet_setClock",
    "localnet_warpSlot",
    "localnet_setAccount",
    "localnet_setUpgradeAuthority",
    "localnet_info",
];

/// Runs `method`.
pub fn dispatch(ctx: &Ctx, method: &str, p: Params) -> RpcResult {
    match method {
        "getAccountInfo" => accounts::get_account_info(ctx, p),
        "getBalance" => accounts::get_balance(ctx, p),
        "getMultipleAccounts" => accounts::get_multiple_accounts(ctx, p),
        "getProgramAccounts" => accounts::get_program_accounts(ctx, p),
        "getMinimumBalanceForRentExemption" => accounts::get_minimum_balance(ctx, p),
        "requestAirdrop" => accounts::request_airdrop(ctx, p),
        "getBlockHeight" | "getSlot" => cluster::get_slot(ctx, p),
        "getBlockTime" => cluster::get_block_time(ctx, p),
        "getEpochInfo" => cluster::get_epoch_info(ctx, p),
        "getEpochSchedule" => cluster::get_epoch_schedule(ctx, p),
        "getFirstAvailableBlock" | "minimumLedgerSlot" => cluster::first_available_block(p),
        "getGenesisHash" => cluster::get_genesis_hash(ctx, p),
        "getHealth" => cluster::get_health(p),
        "getIdentity" => cluster::get_identity(ctx, p),
        "getSlotLeader" => cluster::get_slot_leader(ctx, p),
        "getLatestBlockhash" => cluster::get_latest_blockhash(ctx, p),
        "isBlockhashValid" => cluster::is_blockhash_valid(ctx, p),
        "getRecentPrioritizationFees" => cluster::get_recent_prioritization_fees(ctx, p),
        "getTransactionCount" => cluster::get_transaction_count(ctx, p),
        "getVersion" => cluster::get_version(p),
        "getFeeForMessage" => transactions::get_fee_for_message(ctx, p),
        "getSignatureStatuses" => transactions::get_signature_statuses(ctx, p),
        "getSignaturesForAddress" => transactions::get_signatures_for_address(ctx, p),
        "getTransaction" => transactions::get_transaction(ctx, p),
        "sendTransaction" => transactions::send_transaction(ctx, p),
        "simulateTransaction" => transactions::simulate_transaction(ctx, p),
        "localnet_setClock" => cheats::set_clock(ctx, p),
        "localnet_warpSlot" => cheats::warp_slot(ctx, p),
        "localnet_setAccount" => cheats::set_account(ctx, p),
        "localnet_setUpgradeAuthority" => cheats::set_upgrade_authority(ctx, p),
        "localnet_info" => cheats::info(ctx, p),
        _ => Err(RpcError::method_not_found()),
    }
}
