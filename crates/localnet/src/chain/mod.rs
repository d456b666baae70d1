//! The chain: one solana-runtime bank that executes transactions natively, a slot counter that
//! rotates the blockhash and moves the Clock sysvar, the transaction history, and the faucet.
//!
//! Slots are counted here, not by freezing banks: the bank stays on one working slot (as in
//! solana-program-test) while every slot registers a fresh blockhash and writes the Clock
//! sysvar. A blockhash therefore stays valid for 150 slots, block height equals the slot, and
//! every committed transaction is final at once (there are no forks on a single node).

pub mod genesis;
pub mod store;

use std::{
    collections::HashSet,
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};

use serde::{Deserialize, Serialize};
use solana_runtime::{
    bank::{Bank, TransactionSimulationResult},
    verify_precompiles::verify_precompiles,
};
use solana_runtime_transaction::runtime_transaction::RuntimeTransaction;
use solana_sdk::{
    account::{AccountSharedData, ReadableAccount},
    clock::{Clock, MAX_PROCESSING_AGE},
    epoch_schedule::EpochSchedule,
    hash::Hash,
    message::{inner_instruction::InnerInstructionsList, SanitizedMessage},
    packet::PACKET_DATA_SIZE,
    pubkey::Pubkey,
    signature::{Keypair, Signature, Signer},
    slot_hashes::SlotHashes,
    sysvar,
    transaction::{
        MessageHash, SanitizedTransaction, Transaction, TransactionError, VersionedTransaction,
    },
};
use solana_svm::transaction_processor::ExecutionRecordingConfig;
use solana_timings::ExecuteTimings;

use crate::pubsub::hub::{Hub, TxEvent};
use store::{InnerIx, TxMeta, TxRecord, TxStore};

/// A transaction checked by the bank (sanitized, lookup tables resolved).
pub type RuntimeTx = RuntimeTransaction<SanitizedTransaction>;

/// How the Clock's unix timestamp is produced.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct ClockControl {
    /// Seconds added to wall-clock time.
    pub offset: i64,
    /// When set, the timestamp stays at this value.
    pub frozen: Option<i64>,
}

impl ClockControl {
    pub fn now(&self) -> i64 {
        self.frozen.unwrap_or_else(|| wall_clock() + self.offset)
    }
}

fn wall_clock() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// What a committed transaction left behind.
pub struct Committed {
    pub signature: Signature,
    pub slot: u64,
    pub err: Option<TransactionError>,
}

/// The single-node chain.
pub struct Chain {
    bank: Arc<Bank>,
    _forks: Arc<std::sync::RwLock<solana_runtime::bank_forks::BankForks>>,
    genesis_hash: Hash,
    identity: Pubkey,
    epoch_schedule: EpochSchedule,
    faucet: Keypair,
    slot: u64,
    clock: ClockControl,
    store: TxStore,
    /// Every address a transaction, an airdrop or a cheat wrote (what the ledger saves).
    touched: HashSet<Pubkey>,
    dirty: bool,
    hub: Arc<Hub>,
    /// The bank's reserved keys plus the natively hosted program ids (see [`Chain::check`]).
    reserved: HashSet<Pubkey>,
}

/// Where a restarted chain resumes from.
pub struct Resume {
    pub slot: u64,
    pub clock: ClockControl,
    pub store: TxStore,
    pub touched: HashSet<Pubkey>,
}

impl Chain {
    /// Wraps a genesis bank. `resume` restores slot, clock and history from a ledger.
    pub fn new(
        g: genesis::Genesis,
        faucet: Keypair,
        hub: Arc<Hub>,
        resume: Option<Resume>,
    ) -> Self {
        let genesis_hash = g.config.hash();
        let epoch_schedule = g.config.epoch_schedule.clone();
        let resume = resume.unwrap_or(Resume {
            slot: g.bank.slot(),
            clock: ClockControl::default(),
            store: TxStore::default(),
            touched: HashSet::new(),
        });
        let mut reserved = g.bank.get_reserved_account_keys().clone();
        reserved.extend(genesis::native_programs().iter().map(|p| p.id));
        let mut chain = Self {
            reserved,
            bank: g.bank,
            _forks: g.forks,
            genesis_hash,
            identity: g.identity,
            epoch_schedule,
            faucet,
            slot: resume.slot,
            clock: resume.clock,
            store: resume.store,
            touched: resume.touched,
            dirty: false,
            hub,
        };
        chain.touched.insert(chain.faucet.pubkey());
        chain.write_clock();
        chain
    }

    pub fn bank(&self) -> &Bank {
        &self.bank
    }
    pub fn slot(&self) -> u64 {
        self.slot
    }
    /// Block height equals the slot: every slot has a block.
    pub fn block_height(&self) -> u64 {
        self.slot
    }
    pub fn genesis_hash(&self) -> Hash {
        self.genesis_hash
    }
    pub fn identity(&self) -> Pubkey {
        self.identity
    }
    pub fn epoch_schedule(&self) -> &EpochSchedule {
        &self.epoch_schedule
    }
    pub fn faucet(&self) -> Pubkey {
        self.faucet.pubkey()
    }
    pub fn store(&self) -> &TxStore {
        &self.store
    }
    pub fn clock(&self) -> ClockControl {
        self.clock
    }
    pub fn touched(&self) -> &HashSet<Pubkey> {
        &self.touched
    }
    pub fn faucet_keypair(&self) -> &Keypair {
        &self.faucet
    }
    /// True when state changed since the last [`Chain::mark_saved`].
    pub fn dirty(&self) -> bool {
        self.dirty
    }
    pub fn mark_saved(&mut self) {
        self.dirty = false;
    }
    /// Unix time of the current Clock.
    pub fn unix_timestamp(&self) -> i64 {
        self.clock.now()
    }

    /// Moves to the next slot: a new blockhash, a new Clock, and the finished slot's hash in
    /// the SlotHashes sysvar (as a validator records each parent bank's hash).
    pub fn advance_slot(&mut self) {
        self.record_slot_hash();
        self.slot += 1;
        self.bank.register_unique_recent_blockhash_for_test();
        self.write_clock();
        self.hub.slot(self.slot);
    }

    /// Jumps forward to `slot` (one new blockhash; older ones keep their remaining age).
    pub fn warp_slot(&mut self, slot: u64) -> Result<(), String> {
        if slot <= self.slot {
            return Err(format!(
                "slot {slot} is not after the current slot {}",
                self.slot
            ));
        }
        self.slot = slot - 1;
        self.advance_slot();
        self.dirty = true;
        Ok(())
    }

    /// Sets the Clock's unix timestamp; it keeps moving with wall time unless `freeze`.
    pub fn set_clock(&mut self, unix_timestamp: i64, freeze: bool) {
        self.clock = if freeze {
            ClockControl {
                offset: 0,
                frozen: Some(unix_timestamp),
            }
        } else {
            ClockControl {
                offset: unix_timestamp - wall_clock(),
                frozen: None,
            }
        };
        self.write_clock();
        self.dirty = true;
    }

    /// SlotHashes gains `(current slot, its last blockhash)`, newest first, 512 entries at most.
    fn record_slot_hash(&self) {
        let mut hashes: SlotHashes = self
            .bank
            .get_account(&sysvar::slot_hashes::id())
            .and_then(|a| bincode::deserialize(a.data()).ok())
            .unwrap_or_default();
        hashes.add(self.slot, self.bank.last_blockhash());
        self.bank.set_sysvar_for_tests(&hashes);
    }

    fn write_clock(&self) {
        let mut clock: Clock = self.bank.clock();
        clock.slot = self.slot;
        clock.unix_timestamp = self.clock.now();
        clock.epoch = self.epoch_schedule.get_epoch(self.slot);
        clock.leader_schedule_epoch = self.epoch_schedule.get_leader_schedule_epoch(self.slot);
        self.bank.set_sysvar_for_tests(&clock);
    }

    /// The newest blockhash and the last block height at which it is valid.
    pub fn latest_blockhash(&self) -> (Hash, u64) {
        (
            self.bank.last_blockhash(),
            self.slot + MAX_PROCESSING_AGE as u64,
        )
    }

    /// Whether `hash` can still land a transaction.
    pub fn is_blockhash_valid(&self, hash: &Hash) -> bool {
        self.bank.is_hash_valid_for_age(hash, MAX_PROCESSING_AGE)
    }

    /// Sanitizes a transaction against the bank (and verifies its signatures when asked), as
    /// `Bank::verify_transaction` does, with one difference: the natively hosted programs
    /// (Atelier, the Core stand-in) count as reserved accounts.
    ///
    /// A validator never loads a program account as writable where it could matter: builtins
    /// are reserved keys, and a deployed program is owned by its loader. Natively hosted
    /// programs are builtins here (owned by the native loader) but not in the bank's reserved
    /// set, so a transaction listing one as writable would load a native-loader account as
    /// writable, which the runtime asserts never happens. Demoting them to read-only, as a
    /// validator demotes reserved keys, gives the validator's outcome instead: the
    /// transaction runs, and any instruction that tries to change the program account fails.
    pub fn check(
        &self,
        tx: VersionedTransaction,
        verify_signatures: bool,
    ) -> Result<RuntimeTx, TransactionError> {
        let size = bincode::serialized_size(&tx).map_err(|_| TransactionError::SanitizeFailure)?;
        if size > PACKET_DATA_SIZE as u64 {
            return Err(TransactionError::SanitizeFailure);
        }
        let message_hash = if verify_signatures {
            tx.verify_and_hash_message()?
        } else {
            tx.message.hash()
        };
        let checked = RuntimeTransaction::try_create(
            tx,
            MessageHash::Precomputed(message_hash),
            None,
            self.bank.as_ref(),
            &self.reserved,
        )?;
        // Until precompile verification moved into the SVM (all features are active here, so
        // it has), the bank verified precompiles at this point.
        let in_svm = self
            .bank
            .feature_set
            .is_active(&agave_feature_set::move_precompile_verification_to_svm::id());
        if verify_signatures && !in_svm {
            verify_precompiles(&checked, &self.bank.feature_set)?;
        }
        Ok(checked)
    }

    /// Runs a transaction without committing it.
    pub fn simulate(&self, tx: &RuntimeTx) -> TransactionSimulationResult {
        self.bank.simulate_transaction_unchecked(tx, true)
    }

    /// Executes and commits a checked transaction. `Err` means it was not committed (bad
    /// blockhash, already processed, fee payer cannot pay): nothing changed on chain.
    pub fn commit(
        &mut self,
        tx: &RuntimeTx,
        raw: VersionedTransaction,
    ) -> Result<Committed, TransactionError> {
        // The bank's status cache starts empty after a ledger restart; the history does not.
        if self.store.get(tx.signature()).is_some() {
            return Err(TransactionError::AlreadyProcessed);
        }
        let batch = self.bank.prepare_sanitized_batch(std::slice::from_ref(tx));
        let (mut results, balances) = self.bank.load_execute_and_commit_transactions(
            &batch,
            MAX_PROCESSING_AGE,
            true,
            ExecutionRecordingConfig::new_single_setting(true),
            &mut ExecuteTimings::default(),
            None,
        );
        drop(batch);
        let committed = results.remove(0)?;
        let message: &SanitizedMessage = tx.message();
        let keys: Vec<Pubkey> = message.account_keys().iter().copied().collect();
        let writable: Vec<Pubkey> = keys
            .iter()
            .enumerate()
            .filter(|(i, _)| message.is_writable(*i))
            .map(|(_, k)| *k)
            .collect();
        let (loaded_writable, loaded_readonly) = match message {
            SanitizedMessage::V0(m) => (
                m.loaded_addresses.writable.clone(),
                m.loaded_addresses.readonly.clone(),
            ),
            SanitizedMessage::Legacy(_) => (vec![], vec![]),
        };
        let signature = *tx.signature();
        let err = committed.status.clone().err();
        let record = TxRecord {
            slot: self.slot,
            block_time: self.clock.now(),
            tx: raw,
            meta: TxMeta {
                err: err.clone(),
                fee: committed.fee_details.total_fee(),
                pre_balances: balances.pre_balances.into_iter().next().unwrap_or_default(),
                post_balances: balances
                    .post_balances
                    .into_iter()
                    .next()
                    .unwrap_or_default(),
                logs: committed.log_messages.unwrap_or_default(),
                inner: inner_list(committed.inner_instructions),
                return_data: committed.return_data,
                compute_units: committed.executed_units,
                loaded_writable,
                loaded_readonly,
            },
            keys: keys.clone(),
        };
        self.hub.transaction(
            &self.bank,
            &TxEvent {
                slot: self.slot,
                signature,
                err: &record.meta.err,
                logs: &record.meta.logs,
                keys: &keys,
                writable: &writable,
            },
        );
        self.touched.extend(writable);
        self.store.insert(record);
        self.dirty = true;
        Ok(Committed {
            signature,
            slot: self.slot,
            err,
        })
    }

    /// Sends `lamports` from the faucet to `to` in a real, signed transfer.
    pub fn airdrop(&mut self, to: &Pubkey, lamports: u64) -> Result<Committed, TransactionError> {
        let ix =
            solana_system_interface::instruction::transfer(&self.faucet.pubkey(), to, lamports);
        let tx = Transaction::new_signed_with_payer(
            &[ix],
            Some(&self.faucet.pubkey()),
            &[&self.faucet],
            self.bank.last_blockhash(),
        );
        let raw = VersionedTransaction::from(tx);
        let checked = self.check(raw.clone(), false)?;
        let c = self.commit(&checked, raw)?;
        match c.err.clone() {
            Some(e) => Err(e),
            None => Ok(c),
        }
    }

    /// Overwrites an account (test cheat), notifying account and program subscribers.
    pub fn set_account(&mut self, key: &Pubkey, account: &AccountSharedData) -> Result<(), String> {
        if sysvar::check_id(account.owner()) || self.reserved.contains(key) {
            return Err("sysvars and reserved or hosted program accounts cannot be set".into());
        }
        self.bank.store_account(key, account);
        self.touched.insert(*key);
        self.dirty = true;
        Ok(())
    }

    /// Statuses for getSignatureStatuses: `(slot, err)` of committed transactions.
    pub fn status(&self, signature: &Signature) -> Option<(u64, Option<TransactionError>)> {
        self.store
            .get(signature)
            .map(|r| (r.slot, r.meta.err.clone()))
    }
}

/// Converts the runtime's per-instruction inner lists, keeping non-empty ones.
pub fn inner_list(list: Option<InnerInstructionsList>) -> Vec<(u8, Vec<InnerIx>)> {
    list.unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter(|(_, v)| !v.is_empty())
        .map(|(i, v)| {
            (
                i as u8,
                v.into_iter()
                    .map(|ix| InnerIx {
                        instruction: ix.instruction,
                        stack_height: ix.stack_height as u32,
                    })
                    .collect(),
            )
        })
        .collect()
}
