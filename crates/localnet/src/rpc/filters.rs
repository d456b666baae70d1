//! getProgramAccounts / programSubscribe filters (dataSize, memcmp with base58, base64 or raw
//! bytes, tokenAccountState), checked like the validator checks them.

use solana_rpc_client_api::filter::RpcFilterType;
use solana_sdk::account::AccountSharedData;

use super::error::RpcError;

/// The validator's limit on filters per request.
pub const MAX_FILTERS: usize = 4;

/// Validates filters and decodes memcmp bytes once.
pub fn prepare(filters: Option<Vec<RpcFilterType>>) -> Result<Vec<RpcFilterType>, RpcError> {
    let mut filters = filters.unwrap_or_default();
    if filters.len() > MAX_FILTERS {
        return Err(RpcError::invalid(format!(
            "Too many filters provided; max {MAX_FILTERS}"
        )));
    }
    for f in &mut filters {
        f.verify()
            .map_err(|e| RpcError::invalid(format!("Invalid param: {e}")))?;
        if let RpcFilterType::Memcmp(m) = f {
            m.convert_to_raw_bytes()
                .map_err(|e| RpcError::invalid(format!("Invalid param: {e}")))?;
        }
    }
    Ok(filters)
}

/// True when `account` passes every filter.
pub fn matches(filters: &[RpcFilterType], account: &AccountSharedData) -> bool {
    // `allows` is the filter semantics of solana-rpc-client-api itself; deprecated there only
    // in favour of a copy inside the validator's RPC crate.
    #[allow(deprecated)]
    filters.iter().all(|f| f.allows(account))
}
