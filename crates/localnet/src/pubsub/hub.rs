//! Subscriptions and their notifications. The chain calls [`Hub::transaction`] after every
//! committed transaction and [`Hub::slot`] after every slot; connections receive ready-made
//! JSON messages on their channel.

use std::{
    collections::BTreeMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Mutex,
    },
};

use serde_json::{json, Value};
use solana_account_decoder_client_types::{UiAccountEncoding, UiDataSliceConfig};
use solana_rpc_client_api::filter::RpcFilterType;
use solana_runtime::bank::Bank;
use solana_sdk::{
    account::ReadableAccount, pubkey::Pubkey, signature::Signature, transaction::TransactionError,
};
use tokio::sync::mpsc::UnboundedSender;

use crate::rpc::{encode, filters};

/// Which logs a logsSubscribe wants.
#[derive(Clone, Debug)]
pub enum LogsFilter {
    All,
    Mentions(Pubkey),
}

/// What one subscription watches.
#[derive(Clone, Debug)]
pub enum Topic {
    Signature(Signature),
    Account {
        pubkey: Pubkey,
        encoding: UiAccountEncoding,
        slice: Option<UiDataSliceConfig>,
    },
    Program {
        program: Pubkey,
        encoding: UiAccountEncoding,
        slice: Option<UiDataSliceConfig>,
        filters: Vec<RpcFilterType>,
    },
    Logs(LogsFilter),
    Slot,
}

impl Topic {
    /// The `*Unsubscribe` method that ends this topic.
    pub fn unsubscribe_method(&self) -> &'static str {
        match self {
            Topic::Signature(_) => "signatureUnsubscribe",
            Topic::Account { .. } => "accountUnsubscribe",
            Topic::Program { .. } => "programUnsubscribe",
            Topic::Logs(_) => "logsUnsubscribe",
            Topic::Slot => "slotUnsubscribe",
        }
    }
}

struct Subscription {
    topic: Topic,
    connection: u64,
    out: UnboundedSender<String>,
}

/// A committed transaction as the hub sees it.
pub struct TxEvent<'a> {
    pub slot: u64,
    pub signature: Signature,
    pub err: &'a Option<TransactionError>,
    pub logs: &'a [String],
    /// Every account the transaction referenced.
    pub keys: &'a [Pubkey],
    /// The accounts it could have written.
    pub writable: &'a [Pubkey],
}

/// Every live subscription.
#[derive(Default)]
pub struct Hub {
    /// By id: notifications go out in subscription order.
    subs: Mutex<BTreeMap<u64, Subscription>>,
    next_id: AtomicU64,
}

fn message(method: &str, id: u64, result: Value) -> String {
    json!({
        "jsonrpc": "2.0",
        "method": method,
        "params": { "result": result, "subscription": id },
    })
    .to_string()
}

impl Hub {
    /// Registers a subscription for `connection`; returns its id.
    pub fn subscribe(&self, topic: Topic, connection: u64, out: UnboundedSender<String>) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.subs.lock().unwrap().insert(
            id,
            Subscription {
                topic,
                connection,
                out,
            },
        );
        id
    }

    /// Ends subscription `id` of `connection` if it is of the kind `method` ends.
    pub fn unsubscribe(&self, id: u64, connection: u64, method: &str) -> bool {
        let mut subs = self.subs.lock().unwrap();
        let ok = subs
            .get(&id)
            .is_some_and(|s| s.connection == connection && s.topic.unsubscribe_method() == method);
        if ok {
            subs.remove(&id);
        }
        ok
    }

    /// Drops every subscription of a closed connection.
    pub fn close(&self, connection: u64) {
        self.subs
            .lock()
            .unwrap()
            .retain(|_, s| s.connection != connection);
    }

    /// Number of live subscriptions.
    pub fn len(&self) -> usize {
        self.subs.lock().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A new slot was reached.
    pub fn slot(&self, slot: u64) {
        let subs = self.subs.lock().unwrap();
        for (id, s) in subs.iter() {
            if let Topic::Slot = s.topic {
                let result =
                    json!({ "parent": slot.saturating_sub(1), "root": slot, "slot": slot });
                let _ = s.out.send(message("slotNotification", *id, result));
            }
        }
    }

    /// A transaction was committed in `bank`.
    pub fn transaction(&self, bank: &Bank, ev: &TxEvent) {
        let mut subs = self.subs.lock().unwrap();
        let mut finished = vec![];
        let context = json!({ "slot": ev.slot });
        for (&id, s) in subs.iter() {
            match &s.topic {
                Topic::Signature(sig) if *sig == ev.signature => {
                    let result = json!({ "context": context, "value": { "err": ev.err } });
                    let _ = s.out.send(message("signatureNotification", id, result));
                    finished.push(id);
                }
                Topic::Logs(filter) => {
                    let wanted = match filter {
                        LogsFilter::All => true,
                        LogsFilter::Mentions(k) => ev.keys.contains(k),
                    };
                    if wanted {
                        let result = json!({ "context": context, "value": {
                            "signature": ev.signature.to_string(), "err": ev.err, "logs": ev.logs,
                        }});
                        let _ = s.out.send(message("logsNotification", id, result));
                    }
                }
                Topic::Account {
                    pubkey,
                    encoding,
                    slice,
                } if ev.writable.contains(pubkey) => {
                    // A closed account reads as an empty system account, as on a cluster.
                    let acc = bank.get_account(pubkey).unwrap_or_default();
                    let value = encode::account(&acc, *encoding, *slice).ok();
                    if let Some(value) = value {
                        let result = json!({ "context": context, "value": value });
                        let _ = s.out.send(message("accountNotification", id, result));
                    }
                }
                Topic::Program {
                    program,
                    encoding,
                    slice,
                    filters: f,
                } => {
                    for key in ev.writable {
                        let Some(acc) = bank.get_account(key) else {
                            continue;
                        };
                        if acc.owner() != program || !filters::matches(f, &acc) {
                            continue;
                        }
                        if let Ok(value) = encode::account(&acc, *encoding, *slice) {
                            let result = json!({ "context": context, "value": {
                                "pubkey": key.to_string(), "account": value,
                            }});
                            let _ = s.out.send(message("programNotification", id, result));
                        }
                    }
                }
                _ => {}
            }
        }
        for id in finished {
            subs.remove(&id);
        }
    }
}
