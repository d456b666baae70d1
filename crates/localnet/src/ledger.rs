//! `--ledger <dir>`: the chain's state in one file, `<dir>/state.bin` (bincode), written
//! atomically every few seconds when something changed and on shutdown, read on start.
//! It holds the faucet keypair, the slot, the clock setting, every account a transaction,
//! airdrop or cheat wrote (programs and sysvars are rebuilt at genesis), and the history.

use std::{
    collections::HashSet,
    fs,
    path::{Path, PathBuf},
};

use serde::{Deserialize, Serialize};
use solana_sdk::{
    account::{Account, AccountSharedData, ReadableAccount},
    native_loader,
    pubkey::Pubkey,
    sysvar,
};

use crate::chain::{store::TxStore, Chain, ClockControl, Resume};

/// Bumped when the file layout changes; other versions are refused, not misread.
pub const FORMAT_VERSION: u32 = 1;
const FILE: &str = "state.bin";

/// Everything the ledger file holds.
#[derive(Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    pub faucet: Vec<u8>,
    pub slot: u64,
    pub clock: ClockControl,
    pub accounts: Vec<(Pubkey, Account)>,
    pub touched: Vec<Pubkey>,
    pub store: TxStore,
}

impl Snapshot {
    /// Splits into what genesis and the chain need.
    pub fn into_parts(self) -> (Vec<(Pubkey, AccountSharedData)>, Resume) {
        let accounts = self
            .accounts
            .into_iter()
            .map(|(k, a)| (k, AccountSharedData::from(a)))
            .collect();
        let mut store = self.store;
        store.reindex();
        let resume = Resume {
            slot: self.slot,
            clock: self.clock,
            store,
            touched: self.touched.into_iter().collect::<HashSet<_>>(),
        };
        (accounts, resume)
    }
}

fn path(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// Reads the ledger in `dir`; `None` when there is none yet.
pub fn load(dir: &Path) -> Result<Option<Snapshot>, String> {
    let file = path(dir);
    if !file.exists() {
        return Ok(None);
    }
    let bytes = fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let snapshot: Snapshot = bincode::deserialize(&bytes).map_err(|e| {
        format!(
            "{} is not a localnet ledger ({e}); start with --reset",
            file.display()
        )
    })?;
    if snapshot.version != FORMAT_VERSION {
        return Err(format!(
            "{} has format {}, this localnet reads {FORMAT_VERSION}; start with --reset",
            file.display(),
            snapshot.version
        ));
    }
    Ok(Some(snapshot))
}

/// Deletes the ledger in `dir` (`--reset`).
pub fn reset(dir: &Path) -> Result<(), String> {
    let file = path(dir);
    if file.exists() {
        fs::remove_file(&file).map_err(|e| format!("cannot remove {}: {e}", file.display()))?;
    }
    Ok(())
}

/// Writes the chain's state to `dir` (temp file, then rename).
pub fn save(dir: &Path, chain: &Chain) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let bank = chain.bank();
    let mut accounts = vec![];
    for key in chain.touched() {
        let Some(acc) = bank.get_account(key) else {
            continue;
        };
        if acc.executable() || acc.owner() == &native_loader::ID || acc.owner() == &sysvar::ID {
            continue;
        }
        accounts.push((*key, Account::from(acc)));
    }
    accounts.sort_by_key(|(k, _)| *k);
    let snapshot = SnapshotRef {
        version: FORMAT_VERSION,
        faucet: chain.faucet_keypair().to_bytes().to_vec(),
        slot: chain.slot(),
        clock: chain.clock(),
        accounts,
        touched: chain.touched().iter().copied().collect(),
        store: chain.store(),
    };
    let bytes = bincode::serialize(&snapshot).map_err(|e| e.to_string())?;
    let tmp = dir.join(format!("{FILE}.tmp"));
    fs::write(&tmp, bytes).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    fs::rename(&tmp, path(dir)).map_err(|e| format!("cannot write {}: {e}", path(dir).display()))
}

/// [`Snapshot`] by reference, for saving without cloning the history.
#[derive(Serialize)]
struct SnapshotRef<'a> {
    version: u32,
    faucet: Vec<u8>,
    slot: u64,
    clock: ClockControl,
    accounts: Vec<(Pubkey, Account)>,
    touched: Vec<Pubkey>,
    store: &'a TxStore,
}
