//! Positional JSON-RPC parameters, decoded with serde into the validator's config types.

use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde_json::Value;
use solana_sdk::{pubkey::Pubkey, signature::Signature};

use super::error::RpcError;

/// The `params` array of a request.
pub struct Params(Vec<Value>);

impl Params {
    /// Accepts a missing/null `params` or an array; anything else is -32602.
    pub fn new(params: Option<Value>) -> Result<Self, RpcError> {
        match params {
            None | Some(Value::Null) => Ok(Self(vec![])),
            Some(Value::Array(v)) => Ok(Self(v)),
            Some(_) => Err(RpcError::invalid_params("params must be an array")),
        }
    }

    /// Refuses more than `n` parameters.
    pub fn at_most(&self, n: usize) -> Result<(), RpcError> {
        if self.0.len() > n {
            return Err(RpcError::invalid_params(format!(
                "invalid length {}, expected at most {n} parameters",
                self.0.len()
            )));
        }
        Ok(())
    }

    /// A required parameter.
    pub fn req<T: DeserializeOwned>(&self, i: usize, what: &str) -> Result<T, RpcError> {
        match self.0.get(i) {
            None | Some(Value::Null) => Err(RpcError::invalid_params(format!(
                "missing parameter {i} ({what})"
            ))),
            Some(v) => serde_json::from_value(v.clone()).map_err(RpcError::invalid_params),
        }
    }

    /// An optional parameter (missing and null are both `None`).
    pub fn opt<T: DeserializeOwned>(&self, i: usize) -> Result<Option<T>, RpcError> {
        match self.0.get(i) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => serde_json::from_value(v.clone())
                .map(Some)
                .map_err(RpcError::invalid_params),
        }
    }

    /// The raw value of parameter `i`.
    pub fn raw(&self, i: usize) -> Option<&Value> {
        self.0.get(i)
    }
}

/// A base58 public key parameter.
pub fn pubkey(s: &str) -> Result<Pubkey, RpcError> {
    Pubkey::from_str(s).map_err(|e| RpcError::invalid(format!("Invalid param: {e:?}")))
}

/// A base58 signature parameter.
pub fn signature(s: &str) -> Result<Signature, RpcError> {
    Signature::from_str(s).map_err(|e| RpcError::invalid(format!("Invalid param: {e:?}")))
}
