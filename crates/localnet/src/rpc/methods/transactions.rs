//! Sending, simulating and looking up transactions.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use bincode::Options;
use serde_json::{json, Value};
use solana_account_decoder_client_types::UiAccountEncoding;
use solana_rpc_client_api::config::{
    RpcContextConfig, RpcSendTransactionConfig, RpcSignatureStatusConfig,
    RpcSignaturesForAddressConfig, RpcSimulateTransactionConfig,
};
use solana_sdk::{
    message::{SanitizedMessage, SanitizedVersionedMessage, VersionedMessage},
    packet::PACKET_DATA_SIZE,
    pubkey::Pubkey,
    transaction::{TransactionError, VersionedTransaction},
};
use solana_transaction_status_client_types::UiTransactionEncoding;

use crate::{
    chain::inner_list,
    rpc::{
        check_min_context_slot,
        encode::{self, TxEncoding},
        error::{code, RpcError, RpcResult},
        params::{pubkey, signature, Params},
        with_context, Ctx,
    },
};

const TX_TYPE: &str = "solana_sdk::transaction::versioned::VersionedTransaction";
/// Longest base58 text of a packet-sized transaction.
pub const MAX_BASE58_SIZE: usize = 1683;
/// Longest base64 text of a packet-sized transaction.
pub const MAX_BASE64_SIZE: usize = 1644;
/// Most signatures per getSignatureStatuses.
pub const MAX_SIGNATURE_STATUSES: usize = 256;
/// Most results per getSignaturesForAddress.
pub const MAX_SIGNATURES_FOR_ADDRESS: usize = 1000;

/// Decodes a wire transaction as the validator does (size limits, then bincode).
pub fn decode_transaction(
    text: &str,
    encoding: TxEncoding,
) -> Result<VersionedTransaction, RpcError> {
    let bytes = match encoding {
        TxEncoding::Base58 => {
            if text.len() > MAX_BASE58_SIZE {
                return Err(RpcError::invalid(format!(
                    "base58 encoded {TX_TYPE} too large: {} bytes (max: encoded/raw {MAX_BASE58_SIZE}/{PACKET_DATA_SIZE})",
                    text.len()
                )));
            }
            bs58::decode(text)
                .into_vec()
                .map_err(|e| RpcError::invalid(format!("invalid base58 encoding: {e:?}")))?
        }
        TxEncoding::Base64 => {
            if text.len() > MAX_BASE64_SIZE {
                return Err(RpcError::invalid(format!(
                    "base64 encoded {TX_TYPE} too large: {} bytes (max: encoded/raw {MAX_BASE64_SIZE}/{PACKET_DATA_SIZE})",
                    text.len()
                )));
            }
            B64.decode(text)
                .map_err(|e| RpcError::invalid(format!("invalid base64 encoding: {e:?}")))?
        }
        _ => {
            return Err(RpcError::invalid_params(
                "unsupported encoding: only base58 and base64 transactions are accepted",
            ))
        }
    };
    if bytes.len() > PACKET_DATA_SIZE {
        return Err(RpcError::invalid(format!(
            "decoded {TX_TYPE} too large: {} bytes (max: {PACKET_DATA_SIZE} bytes)",
            bytes.len()
        )));
    }
    bincode::options()
        .with_limit(PACKET_DATA_SIZE as u64)
        .with_fixint_encoding()
        .allow_trailing_bytes()
        .deserialize_from(&bytes[..])
        .map_err(|e| RpcError::invalid(format!("failed to deserialize {TX_TYPE}: {e}")))
}

/// Maps a sanitize / signature error of an incoming transaction.
fn check_error(e: TransactionError) -> RpcError {
    match e {
        TransactionError::SignatureFailure => RpcError::new(
            code::SIGNATURE_VERIFICATION_FAILURE,
            "Transaction signature verification failure",
        ),
        other => RpcError::invalid(format!("invalid transaction: {other}")),
    }
}

fn simulation_value(
    result: &solana_runtime::bank::TransactionSimulationResult,
    keys: &[Pubkey],
    inner: bool,
) -> Value {
    let inner_instructions = if inner {
        let list = inner_list(result.inner_instructions.clone());
        encode::inner_instructions(&list, keys, true)
    } else {
        Value::Null
    };
    json!({
        "err": result.result.as_ref().err(),
        "logs": result.logs,
        "accounts": null,
        "unitsConsumed": result.units_consumed,
        "returnData": result.return_data.as_ref().map(encode::return_data),
        "innerInstructions": inner_instructions,
        "replacementBlockhash": null,
    })
}

/// sendTransaction: decode, verify signatures, preflight simulation (unless skipped), commit.
pub fn send_transaction(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(2)?;
    let text: String = p.req(0, "transaction")?;
    let config: RpcSendTransactionConfig = p.opt(1)?.unwrap_or_default();
    let encoding = tx_encoding(config.encoding);
    let tx = decode_transaction(&text, encoding)?;
    let mut chain = ctx.chain();
    check_min_context_slot(chain.slot(), config.min_context_slot)?;
    let checked = chain.check(tx.clone(), true).map_err(check_error)?;
    let signature = *checked.signature();
    if !config.skip_preflight {
        let mut sim = chain.simulate(&checked);
        if sim.result.is_ok() && chain.status(&signature).is_some() {
            sim.result = Err(TransactionError::AlreadyProcessed);
            sim.logs.clear();
        }
        if let Err(e) = &sim.result {
            let keys: Vec<Pubkey> = checked.message().account_keys().iter().copied().collect();
            return Err(RpcError::new(
                code::PREFLIGHT_FAILURE,
                format!("Transaction simulation failed: {e}"),
            )
            .with_data(simulation_value(&sim, &keys, false)));
        }
    }
    match chain.commit(&checked, tx) {
        Ok(_) => Ok(json!(signature.to_string())),
        // Not committed (stale blockhash, replay, fee payer cannot pay): like a cluster, the
        // signature is returned and the transaction never lands.
        Err(_) if config.skip_preflight => Ok(json!(signature.to_string())),
        Err(e) => Err(RpcError::new(
            code::PREFLIGHT_FAILURE,
            format!("Transaction simulation failed: {e}"),
        )
        .with_data(
            json!({ "err": e, "logs": [], "accounts": null, "unitsConsumed": 0,
            "returnData": null, "innerInstructions": null, "replacementBlockhash": null }),
        )),
    }
}

fn tx_encoding(e: Option<UiTransactionEncoding>) -> TxEncoding {
    match e {
        None | Some(UiTransactionEncoding::Binary) | Some(UiTransactionEncoding::Base58) => {
            TxEncoding::Base58
        }
        Some(UiTransactionEncoding::Base64) => TxEncoding::Base64,
        Some(UiTransactionEncoding::Json) => TxEncoding::Json,
        Some(UiTransactionEncoding::JsonParsed) => TxEncoding::JsonParsed,
    }
}

/// simulateTransaction with sigVerify, replaceRecentBlockhash, accounts and innerInstructions.
pub fn simulate_transaction(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(2)?;
    let text: String = p.req(0, "transaction")?;
    let config: RpcSimulateTransactionConfig = p.opt(1)?.unwrap_or_default();
    let encoding = tx_encoding(config.encoding);
    let mut tx = decode_transaction(&text, encoding)?;
    if config.sig_verify && config.replace_recent_blockhash {
        return Err(RpcError::invalid(
            "sigVerify may not be used with replaceRecentBlockhash",
        ));
    }
    let chain = ctx.chain();
    check_min_context_slot(chain.slot(), config.min_context_slot)?;
    let mut replacement = Value::Null;
    if config.replace_recent_blockhash {
        let (hash, last_valid) = chain.latest_blockhash();
        tx.message.set_recent_blockhash(hash);
        replacement = json!({ "blockhash": hash.to_string(), "lastValidBlockHeight": last_valid });
    }
    let checked = chain.check(tx, config.sig_verify).map_err(check_error)?;
    let keys: Vec<Pubkey> = checked.message().account_keys().iter().copied().collect();
    let sim = chain.simulate(&checked);
    let mut value = simulation_value(&sim, &keys, config.inner_instructions);
    value["replacementBlockhash"] = replacement;
    if let Some(accounts) = config.accounts {
        if accounts.addresses.len() > keys.len() {
            return Err(RpcError::invalid(format!(
                "Too many accounts provided; max {}",
                keys.len()
            )));
        }
        let encoding = accounts.encoding.unwrap_or(UiAccountEncoding::Base64);
        let mut list = vec![];
        for address in &accounts.addresses {
            let key = pubkey(address)?;
            let acc = sim
                .post_simulation_accounts
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, a)| a.clone())
                .or_else(|| chain.bank().get_account(&key));
            list.push(match acc {
                Some(a) => encode::account(&a, encoding, None)?,
                None => Value::Null,
            });
        }
        value["accounts"] = json!(list);
    }
    Ok(with_context(chain.slot(), value))
}

pub fn get_signature_statuses(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(2)?;
    let sigs: Vec<String> = p.req(0, "signatures")?;
    if sigs.len() > MAX_SIGNATURE_STATUSES {
        return Err(RpcError::invalid(format!(
            "Too many inputs provided; max {MAX_SIGNATURE_STATUSES}"
        )));
    }
    let sigs = sigs
        .iter()
        .map(|s| signature(s))
        .collect::<Result<Vec<_>, _>>()?;
    let _config: Option<RpcSignatureStatusConfig> = p.opt(1)?;
    let chain = ctx.chain();
    let values: Vec<Value> = sigs
        .iter()
        .map(|s| match chain.status(s) {
            Some((slot, err)) => {
                let status = match &err {
                    None => json!({ "Ok": null }),
                    Some(e) => json!({ "Err": e }),
                };
                json!({ "slot": slot, "confirmations": null, "err": err, "status": status,
                        "confirmationStatus": "finalized" })
            }
            None => Value::Null,
        })
        .collect();
    Ok(with_context(chain.slot(), json!(values)))
}

/// getTransaction (json, jsonParsed, base58, base64; legacy and v0).
pub fn get_transaction(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(2)?;
    let sig = signature(&p.req::<String>(0, "signature")?)?;
    let (encoding, max_version) = match p.raw(1) {
        Some(Value::String(s)) => (TxEncoding::parse(Some(s), TxEncoding::Json)?, None),
        Some(Value::Object(o)) => {
            let encoding = o.get("encoding").and_then(Value::as_str);
            let max_version = match o.get("maxSupportedTransactionVersion") {
                None | Some(Value::Null) => None,
                Some(v) => Some(v.as_u64().filter(|&v| v <= u8::MAX as u64).ok_or_else(|| {
                    RpcError::invalid_params(
                        "maxSupportedTransactionVersion must be a small integer",
                    )
                })? as u8),
            };
            let _commitment: RpcContextConfig =
                serde_json::from_value(Value::Object(o.clone())).unwrap_or_default();
            (TxEncoding::parse(encoding, TxEncoding::Json)?, max_version)
        }
        None | Some(Value::Null) => (TxEncoding::Json, None),
        Some(_) => return Err(RpcError::invalid_params("invalid transaction config")),
    };
    let chain = ctx.chain();
    let Some(record) = chain.store().get(&sig) else {
        return Ok(Value::Null);
    };
    let version = match &record.tx.message {
        VersionedMessage::Legacy(_) => None,
        VersionedMessage::V0(_) => Some(0u8),
    };
    match (version, max_version) {
        (Some(v), None) => {
            return Err(RpcError::new(
                code::UNSUPPORTED_TRANSACTION_VERSION,
                format!(
                    "Transaction version ({v}) is not supported by the requesting client. Please try the request again with the following configuration parameter: \"maxSupportedTransactionVersion\": {v}"
                ),
            ))
        }
        (Some(v), Some(max)) if v > max => {
            return Err(RpcError::new(
                code::UNSUPPORTED_TRANSACTION_VERSION,
                format!("Transaction version ({v}) is not supported by the requesting client."),
            ))
        }
        _ => {}
    }
    let mut out = json!({
        "slot": record.slot,
        "blockTime": record.block_time,
        "transaction": encode::transaction(&record.tx, Some(&record.meta), encoding),
        "meta": encode::meta(record, encoding),
    });
    if max_version.is_some() {
        out["version"] = match version {
            None => json!("legacy"),
            Some(v) => json!(v),
        };
    }
    Ok(out)
}

/// getSignaturesForAddress, newest first.
pub fn get_signatures_for_address(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(2)?;
    let address = pubkey(&p.req::<String>(0, "address")?)?;
    let config: RpcSignaturesForAddressConfig = p.opt(1)?.unwrap_or_default();
    let limit = config.limit.unwrap_or(MAX_SIGNATURES_FOR_ADDRESS);
    if limit == 0 || limit > MAX_SIGNATURES_FOR_ADDRESS {
        return Err(RpcError::invalid(format!(
            "Invalid limit; max {MAX_SIGNATURES_FOR_ADDRESS}"
        )));
    }
    let before = config.before.as_deref().map(signature).transpose()?;
    let until = config.until.as_deref().map(signature).transpose()?;
    let chain = ctx.chain();
    check_min_context_slot(chain.slot(), config.min_context_slot)?;
    let list: Vec<Value> = chain
        .store()
        .for_address(&address, before.as_ref(), until.as_ref(), limit)
        .into_iter()
        .map(|r| {
            json!({
                "signature": r.tx.signatures[0].to_string(),
                "slot": r.slot,
                "err": r.meta.err,
                "memo": null,
                "blockTime": r.block_time,
                "confirmationStatus": "finalized",
            })
        })
        .collect();
    Ok(json!(list))
}

/// getFeeForMessage: null when the message's blockhash is unknown or expired.
pub fn get_fee_for_message(ctx: &Ctx, p: Params) -> RpcResult {
    p.at_most(2)?;
    let text: String = p.req(0, "message")?;
    let bytes = B64
        .decode(&text)
        .map_err(|e| RpcError::invalid(format!("invalid base64 encoding: {e:?}")))?;
    if bytes.len() > PACKET_DATA_SIZE {
        return Err(RpcError::invalid("message too large"));
    }
    let message: VersionedMessage = bincode::options()
        .with_limit(PACKET_DATA_SIZE as u64)
        .with_fixint_encoding()
        .allow_trailing_bytes()
        .deserialize_from(&bytes[..])
        .map_err(|e| RpcError::invalid(format!("failed to deserialize message: {e}")))?;
    let config: RpcContextConfig = p.opt(1)?.unwrap_or_default();
    let chain = ctx.chain();
    check_min_context_slot(chain.slot(), config.min_context_slot)?;
    let bank = chain.bank();
    let sanitized = SanitizedVersionedMessage::try_new(message)
        .map_err(|e| RpcError::invalid(format!("invalid message: {e}")))?;
    let sanitized = SanitizedMessage::try_new(sanitized, bank, bank.get_reserved_account_keys())
        .map_err(|e| RpcError::invalid(format!("invalid message: {e}")))?;
    Ok(with_context(
        chain.slot(),
        json!(bank.get_fee_for_message(&sanitized)),
    ))
}
