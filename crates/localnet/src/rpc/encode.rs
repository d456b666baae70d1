//! Accounts and transactions in the JSON shapes of the validator's RPC (what web3.js's
//! superstruct schemas expect).

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde_json::{json, Value};
use solana_account_decoder_client_types::{UiAccountEncoding, UiDataSliceConfig};
use solana_sdk::{
    account::{AccountSharedData, ReadableAccount},
    instruction::CompiledInstruction,
    message::VersionedMessage,
    pubkey::Pubkey,
    transaction::VersionedTransaction,
    transaction_context::TransactionReturnData,
};

use super::error::{code, RpcError};
use crate::chain::store::{InnerIx, TxMeta, TxRecord};

/// Largest account data the validator encodes as base58.
pub const MAX_BASE58_BYTES: usize = 128;

/// An account as `UiAccount`. `jsonParsed` falls back to base64 (no parsers here, as the
/// validator does for programs it cannot parse); `base64+zstd` is refused.
pub fn account(
    acc: &AccountSharedData,
    encoding: UiAccountEncoding,
    slice: Option<UiDataSliceConfig>,
) -> Result<Value, RpcError> {
    let data = acc.data();
    let data = match slice {
        Some(s) => {
            let start = s.offset.min(data.len());
            let end = s.offset.saturating_add(s.length).min(data.len());
            &data[start..end]
        }
        None => data,
    };
    let data = match encoding {
        UiAccountEncoding::Binary | UiAccountEncoding::Base58 => {
            if data.len() > MAX_BASE58_BYTES {
                return Err(RpcError::new(
                    code::INVALID_REQUEST,
                    format!(
                        "Encoded binary (base 58) data should be less than {MAX_BASE58_BYTES} bytes, please use Base64 encoding."
                    ),
                ));
            }
            let s = bs58::encode(data).into_string();
            if encoding == UiAccountEncoding::Binary {
                json!(s)
            } else {
                json!([s, "base58"])
            }
        }
        UiAccountEncoding::Base64 | UiAccountEncoding::JsonParsed => {
            json!([B64.encode(data), "base64"])
        }
        UiAccountEncoding::Base64Zstd => {
            return Err(RpcError::invalid_params(
                "base64+zstd encoding is not supported by localnet, use base64",
            ))
        }
    };
    Ok(json!({
        "lamports": acc.lamports(),
        "owner": acc.owner().to_string(),
        "data": data,
        "executable": acc.executable(),
        "rentEpoch": acc.rent_epoch(),
        "space": acc.data().len(),
    }))
}

/// How getTransaction / sendTransaction encode a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxEncoding {
    Json,
    JsonParsed,
    Base58,
    Base64,
}

impl TxEncoding {
    /// Parses the RPC encoding name.
    pub fn parse(s: Option<&str>, default: TxEncoding) -> Result<Self, RpcError> {
        match s {
            None => Ok(default),
            Some("json") => Ok(Self::Json),
            Some("jsonParsed") => Ok(Self::JsonParsed),
            Some("base58") | Some("binary") => Ok(Self::Base58),
            Some("base64") => Ok(Self::Base64),
            Some(other) => Err(RpcError::invalid_params(format!(
                "unknown variant `{other}`, expected one of `binary`, `base64`, `base58`, `json`, `jsonParsed`"
            ))),
        }
    }
}

/// A transaction (without meta) in the requested encoding.
pub fn transaction(
    tx: &VersionedTransaction,
    meta: Option<&TxMeta>,
    encoding: TxEncoding,
) -> Value {
    match encoding {
        TxEncoding::Base64 => json!([B64.encode(bincode::serialize(tx).unwrap()), "base64"]),
        TxEncoding::Base58 => json!([
            bs58::encode(bincode::serialize(tx).unwrap()).into_string(),
            "base58"
        ]),
        TxEncoding::Json => json!({
            "signatures": tx.signatures.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "message": raw_message(&tx.message),
        }),
        TxEncoding::JsonParsed => json!({
            "signatures": tx.signatures.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "message": parsed_message(&tx.message, meta),
        }),
    }
}

fn keys(keys: &[Pubkey]) -> Vec<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

fn compiled(ix: &CompiledInstruction, stack_height: Option<u32>) -> Value {
    json!({
        "programIdIndex": ix.program_id_index,
        "accounts": ix.accounts,
        "data": bs58::encode(&ix.data).into_string(),
        "stackHeight": stack_height,
    })
}

fn raw_message(message: &VersionedMessage) -> Value {
    let header = message.header();
    let mut v = json!({
        "header": {
            "numRequiredSignatures": header.num_required_signatures,
            "numReadonlySignedAccounts": header.num_readonly_signed_accounts,
            "numReadonlyUnsignedAccounts": header.num_readonly_unsigned_accounts,
        },
        "accountKeys": keys(message.static_account_keys()),
        "recentBlockhash": message.recent_blockhash().to_string(),
        "instructions": message.instructions().iter().map(|ix| compiled(ix, None)).collect::<Vec<_>>(),
    });
    if let VersionedMessage::V0(m) = message {
        v["addressTableLookups"] = json!(m
            .address_table_lookups
            .iter()
            .map(|l| json!({
                "accountKey": l.account_key.to_string(),
                "writableIndexes": l.writable_indexes,
                "readonlyIndexes": l.readonly_indexes,
            }))
            .collect::<Vec<_>>());
    }
    v
}

/// All account keys in order: static, then loaded writable, then loaded readonly.
fn all_keys(message: &VersionedMessage, meta: Option<&TxMeta>) -> Vec<Pubkey> {
    let mut all = message.static_account_keys().to_vec();
    if let Some(m) = meta {
        all.extend(&m.loaded_writable);
        all.extend(&m.loaded_readonly);
    }
    all
}

fn partially_decoded(ix: &CompiledInstruction, all: &[Pubkey], stack_height: Option<u32>) -> Value {
    let key = |i: u8| {
        all.get(i as usize)
            .map(|k| k.to_string())
            .unwrap_or_default()
    };
    json!({
        "programId": key(ix.program_id_index),
        "accounts": ix.accounts.iter().map(|&i| key(i)).collect::<Vec<_>>(),
        "data": bs58::encode(&ix.data).into_string(),
        "stackHeight": stack_height,
    })
}

/// `jsonParsed` without instruction parsers: every instruction partially decoded.
fn parsed_message(message: &VersionedMessage, meta: Option<&TxMeta>) -> Value {
    let all = all_keys(message, meta);
    let statics = message.static_account_keys().len();
    let account_keys: Vec<Value> = all
        .iter()
        .enumerate()
        .map(|(i, k)| {
            json!({
                "pubkey": k.to_string(),
                "signer": message.is_signer(i),
                "writable": message.is_maybe_writable(i, None),
                "source": if i < statics { "transaction" } else { "lookupTable" },
            })
        })
        .collect();
    let mut v = json!({
        "accountKeys": account_keys,
        "recentBlockhash": message.recent_blockhash().to_string(),
        "instructions": message.instructions().iter().map(|ix| partially_decoded(ix, &all, None)).collect::<Vec<_>>(),
    });
    if let VersionedMessage::V0(m) = message {
        v["addressTableLookups"] = json!(m
            .address_table_lookups
            .iter()
            .map(|l| json!({
                "accountKey": l.account_key.to_string(),
                "writableIndexes": l.writable_indexes,
                "readonlyIndexes": l.readonly_indexes,
            }))
            .collect::<Vec<_>>());
    }
    v
}

/// Return data as `{ programId, data: [base64, "base64"] }`.
pub fn return_data(r: &TransactionReturnData) -> Value {
    json!({
        "programId": r.program_id.to_string(),
        "data": [B64.encode(&r.data), "base64"],
    })
}

/// Inner instructions as `[{ index, instructions }]`; `all` are the transaction's account
/// keys in order (static, then loaded).
pub fn inner_instructions(inner: &[(u8, Vec<InnerIx>)], all: &[Pubkey], parsed: bool) -> Value {
    json!(inner
        .iter()
        .map(|(index, ixs)| json!({
            "index": index,
            "instructions": ixs.iter().map(|i| if parsed {
                partially_decoded(&i.instruction, all, Some(i.stack_height))
            } else {
                compiled(&i.instruction, Some(i.stack_height))
            }).collect::<Vec<_>>(),
        }))
        .collect::<Vec<_>>())
}

/// The status meta of a committed transaction.
pub fn meta(record: &TxRecord, encoding: TxEncoding) -> Value {
    let m = &record.meta;
    let status = match &m.err {
        None => json!({ "Ok": null }),
        Some(e) => json!({ "Err": e }),
    };
    let mut v = json!({
        "err": m.err,
        "status": status,
        "fee": m.fee,
        "preBalances": m.pre_balances,
        "postBalances": m.post_balances,
        "innerInstructions": inner_instructions(&m.inner, &all_keys(&record.tx.message, Some(m)), encoding == TxEncoding::JsonParsed),
        "logMessages": m.logs,
        "preTokenBalances": [],
        "postTokenBalances": [],
        "rewards": [],
        "loadedAddresses": { "writable": keys(&m.loaded_writable), "readonly": keys(&m.loaded_readonly) },
        "computeUnitsConsumed": m.compute_units,
    });
    if let Some(r) = &m.return_data {
        v["returnData"] = return_data(r);
    }
    v
}
