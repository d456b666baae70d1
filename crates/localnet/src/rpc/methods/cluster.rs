//! Cluster, slot, clock and blockhash methods.

use serde_json::{json, Value};
use solana_rpc_client_api::config::RpcContextConfig;
use solana_sdk::hash::Hash;

use crate::rpc::{
    check_min_context_slot,
    error::{RpcError, RpcResult},
    params::{pubkey, Params},
    with_context, Ctx, API_VERSION,
};

/// Fee-rate slots reported by getRecentPrioritizationFees (the validator's cache size).
pub const PRIORITIZATION_FEE_SLOTS: u64 = 150;

fn context_config(p: &Params, i: usize) -> Result<RpcContextConfig, RpcError> {
    Ok(p.opt::<RpcContextConfig>(i)?.unwrap_or_default())
}

/// getSlot / getBlockHeight (equal here: every slot has a block).
pub fn get_slot(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(1)?;
    let config = context_config(&p, 0)?;
    let slot = ctx.chain().slot();
    check_min_context_slot(slot, config.min_context_slot)?;
    Ok(json!(slot))
}

/// getBlockTime: the block time of a transaction in that slot, else the current Clock.
pub fn get_block_time(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(1)?;
    let slot: u64 = p.req(0, "slot")?;
    let chain = ctx.chain();
    if slot > chain.slot() {
        return Err(RpcError::new(
            -32004,
            format!("Block not available for slot {slot}"),
        ));
    }
    Ok(json!(chain.unix_timestamp()))
}

pub fn get_epoch_info(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(1)?;
    let config = context_config(&p, 0)?;
    let chain = ctx.chain();
    check_min_context_slot(chain.slot(), config.min_context_slot)?;
    let schedule = chain.epoch_schedule();
    let (epoch, slot_index) = schedule.get_epoch_and_slot_index(chain.slot());
    Ok(json!({
        "absoluteSlot": chain.slot(),
        "blockHeight": chain.block_height(),
        "epoch": epoch,
        "slotIndex": slot_index,
        "slotsInEpoch": schedule.get_slots_in_epoch(epoch),
        "transactionCount": chain.store().len(),
    }))
}

pub fn get_epoch_schedule(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(0)?;
    let s = ctx.chain().epoch_schedule().clone();
    Ok(json!({
        "slotsPerEpoch": s.slots_per_epoch,
        "leaderScheduleSlotOffset": s.leader_schedule_slot_offset,
        "warmup": s.warmup,
        "firstNormalEpoch": s.first_normal_epoch,
        "firstNormalSlot": s.first_normal_slot,
    }))
}

/// getFirstAvailableBlock / minimumLedgerSlot: history starts at genesis.
pub fn first_available_block(p: Params) -> RpcResult {
    p.at_most(0)?;
    Ok(json!(0))
}

pub fn get_genesis_hash(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(0)?;
    Ok(json!(ctx.chain().genesis_hash().to_string()))
}

pub fn get_health(p: Params) -> RpcResult {
    p.at_most(0)?;
    Ok(json!("ok"))
}

pub fn get_identity(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(0)?;
    Ok(json!({ "identity": ctx.chain().identity().to_string() }))
}

pub fn get_slot_leader(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(1)?;
    Ok(json!(ctx.chain().identity().to_string()))
}

pub fn get_transaction_count(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(1)?;
    Ok(json!(ctx.chain().store().len()))
}

pub fn get_latest_blockhash(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(1)?;
    let config = context_config(&p, 0)?;
    let chain = ctx.chain();
    check_min_context_slot(chain.slot(), config.min_context_slot)?;
    let (hash, last_valid) = chain.latest_blockhash();
    Ok(with_context(
        chain.slot(),
        json!({ "blockhash": hash.to_string(), "lastValidBlockHeight": last_valid }),
    ))
}

pub fn is_blockhash_valid(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(2)?;
    let hash: String = p.req(0, "blockhash")?;
    let hash: Hash = hash
        .parse()
        .map_err(|e| RpcError::invalid(format!("Invalid param: {e:?}")))?;
    let config = context_config(&p, 1)?;
    let chain = ctx.chain();
    check_min_context_slot(chain.slot(), config.min_context_slot)?;
    Ok(with_context(
        chain.slot(),
        json!(chain.is_blockhash_valid(&hash)),
    ))
}

/// Never empty (Irys divides by the length): one entry per recent slot. Fees are 0: a
/// single node has no contention, which is what the validator reports without it.
pub fn get_recent_prioritization_fees(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(1)?;
    let keys: Vec<String> = p.opt(0)?.unwrap_or_default();
    if keys.len() > 128 {
        return Err(RpcError::invalid_params(
            "too many inputs provided; max 128",
        ));
    }
    for k in &keys {
        pubkey(k)?;
    }
    let slot = ctx.chain().slot();
    let first = slot.saturating_sub(PRIORITIZATION_FEE_SLOTS - 1);
    let fees: Vec<Value> = (first..=slot)
        .map(|s| json!({ "slot": s, "prioritizationFee": 0 }))
        .collect();
    Ok(json!(fees))
}

pub fn get_version(p: Params) -> RpcResult {
    p.at_most(0)?;
    Ok(json!({ "solana-core": API_VERSION, "feature-set": 3_294_202_862u32 }))
}
