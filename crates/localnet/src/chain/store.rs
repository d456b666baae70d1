//! The transaction history: every committed transaction with its status meta, indexed by
//! signature and by account address (getTransaction, getSignatureStatuses,
//! getSignaturesForAddress).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use solana_sdk::{
    instruction::CompiledInstruction,
    pubkey::Pubkey,
    signature::Signature,
    transaction::{TransactionError, VersionedTransaction},
    transaction_context::TransactionReturnData,
};

/// One inner (CPI) instruction.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InnerIx {
    pub instruction: CompiledInstruction,
    pub stack_height: u32,
}

/// The status meta of a committed transaction, as getTransaction reports it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TxMeta {
    pub err: Option<TransactionError>,
    pub fee: u64,
    pub pre_balances: Vec<u64>,
    pub post_balances: Vec<u64>,
    pub logs: Vec<String>,
    /// Inner instructions per top-level instruction index (only non-empty entries).
    pub inner: Vec<(u8, Vec<InnerIx>)>,
    pub return_data: Option<TransactionReturnData>,
    pub compute_units: u64,
    /// Addresses loaded from lookup tables (v0 transactions).
    pub loaded_writable: Vec<Pubkey>,
    pub loaded_readonly: Vec<Pubkey>,
}

/// A committed transaction.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TxRecord {
    pub slot: u64,
    pub block_time: i64,
    pub tx: VersionedTransaction,
    pub meta: TxMeta,
    /// Every account the transaction referenced (static and loaded).
    pub keys: Vec<Pubkey>,
}

/// All committed transactions of this localnet.
#[derive(Default, Serialize, Deserialize)]
pub struct TxStore {
    records: Vec<TxRecord>,
    #[serde(skip)]
    by_signature: HashMap<Signature, usize>,
    #[serde(skip)]
    by_address: HashMap<Pubkey, Vec<usize>>,
}

impl TxStore {
    /// Rebuilds the indexes after deserialization.
    pub fn reindex(&mut self) {
        let records = std::mem::take(&mut self.records);
        *self = TxStore::default();
        for r in records {
            self.insert(r);
        }
    }

    pub fn insert(&mut self, record: TxRecord) {
        let index = self.records.len();
        self.by_signature.insert(record.tx.signatures[0], index);
        for key in &record.keys {
            let list = self.by_address.entry(*key).or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
        self.records.push(record);
    }

    pub fn get(&self, signature: &Signature) -> Option<&TxRecord> {
        self.by_signature.get(signature).map(|&i| &self.records[i])
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Transactions that referenced `address`, newest first, after `before` (exclusive) and
    /// down to `until` (exclusive), at most `limit`.
    pub fn for_address(
        &self,
        address: &Pubkey,
        before: Option<&Signature>,
        until: Option<&Signature>,
        limit: usize,
    ) -> Vec<&TxRecord> {
        let Some(list) = self.by_address.get(address) else {
            return vec![];
        };
        let before = before.and_then(|s| self.by_signature.get(s).copied());
        let until = until.and_then(|s| self.by_signature.get(s).copied());
        list.iter()
            .rev()
            .copied()
            .filter(|&i| before.is_none_or(|b| i < b))
            .take_while(|&i| until.is_none_or(|u| i > u))
            .take(limit)
            .map(|i| &self.records[i])
            .collect()
    }
}
