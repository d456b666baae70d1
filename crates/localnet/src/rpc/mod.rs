//! JSON-RPC 2.0 over HTTP: request decoding (single and batch), dispatch to the methods, and
//! the validator's error codes.

pub mod encode;
pub mod error;
pub mod filters;
pub mod http;
pub mod methods;
pub mod params;

use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{json, Value};

use crate::{
    chain::Chain,
    config::{Config, LogLevel},
};
use error::{code, RpcError, RpcResult};
use params::Params;

/// The RPC version this server speaks (the agave release whose runtime it embeds).
pub const API_VERSION: &str = "2.2.20";
/// Most requests one batch may hold.
pub const MAX_BATCH: usize = 1_000;

/// What every method can reach.
pub struct Ctx {
    chain: Arc<Mutex<Chain>>,
    pub config: Config,
}

impl Ctx {
    pub fn new(chain: Arc<Mutex<Chain>>, config: Config) -> Self {
        Self { chain, config }
    }

    /// The chain, locked (a panic elsewhere never wedges the server).
    pub fn chain(&self) -> MutexGuard<'_, Chain> {
        self.chain.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The shared chain handle.
    pub fn chain_handle(&self) -> Arc<Mutex<Chain>> {
        self.chain.clone()
    }
}

/// `{ context: { slot, apiVersion }, value }`.
pub fn with_context(slot: u64, value: Value) -> Value {
    json!({ "context": { "slot": slot, "apiVersion": API_VERSION }, "value": value })
}

/// -32016 when the node has not reached `min_context_slot`.
pub fn check_min_context_slot(slot: u64, min_context_slot: Option<u64>) -> Result<(), RpcError> {
    match min_context_slot {
        Some(min) if min > slot => Err(RpcError::new(
            code::MIN_CONTEXT_SLOT_NOT_REACHED,
            "Minimum context slot has not been reached",
        )
        .with_data(json!({ "contextSlot": slot }))),
        _ => Ok(()),
    }
}

fn response(id: Value, result: RpcResult) -> Value {
    match result {
        Ok(v) => json!({ "jsonrpc": "2.0", "result": v, "id": id }),
        Err(e) => json!({ "jsonrpc": "2.0", "error": e.to_json(), "id": id }),
    }
}

/// Handles one HTTP body; `None` when nothing is to be answered (only notifications).
pub fn handle_body(ctx: &Ctx, body: &[u8]) -> Option<String> {
    let parsed: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => return Some(response(Value::Null, Err(RpcError::parse_error())).to_string()),
    };
    match parsed {
        Value::Array(requests) => {
            if requests.is_empty() || requests.len() > MAX_BATCH {
                return Some(response(Value::Null, Err(RpcError::invalid_request())).to_string());
            }
            let out: Vec<Value> = requests
                .into_iter()
                .filter_map(|r| handle_one(ctx, r))
                .collect();
            (!out.is_empty()).then(|| Value::Array(out).to_string())
        }
        single => handle_one(ctx, single).map(|v| v.to_string()),
    }
}

/// One request object; `None` for a notification (no `id`).
fn handle_one(ctx: &Ctx, request: Value) -> Option<Value> {
    let Value::Object(mut obj) = request else {
        return Some(response(Value::Null, Err(RpcError::invalid_request())));
    };
    let id = obj.remove("id");
    let valid_id = matches!(
        id,
        None | Some(Value::Null) | Some(Value::Number(_)) | Some(Value::String(_))
    );
    let method = obj.get("method").and_then(Value::as_str).map(str::to_owned);
    let (Some(method), true, true) = (
        method,
        obj.get("jsonrpc").and_then(Value::as_str) == Some("2.0"),
        valid_id,
    ) else {
        return Some(response(
            id.filter(|_| valid_id).unwrap_or(Value::Null),
            Err(RpcError::invalid_request()),
        ));
    };
    let result = Params::new(obj.remove("params")).and_then(|p| methods::dispatch(ctx, &method, p));
    if ctx.config.log_level >= LogLevel::Debug {
        match &result {
            Ok(_) => eprintln!("rpc {method}"),
            Err(e) => eprintln!("rpc {method} -> {} {}", e.code, e.message),
        }
    }
    let id = id?;
    Some(response(id, result))
}
