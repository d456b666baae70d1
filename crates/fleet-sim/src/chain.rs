//! The simulated ledger: the REAL Atelier processor inside solana-program-test (processor mode,
//! no SBF), the Metaplex Core STAND-IN at Core's id, a ProgramData account naming the admin as
//! upgrade authority, and the Clock and SlotHashes sysvars written by the simulation.
//!
//! Adapted (copied, not shared) from `programs/atelier/tests/program/harness.rs`: this is a dev
//! tool, and the test harness is not a library.

use anchor_lang::{
    prelude::Pubkey, solana_program::instruction::Instruction, AccountDeserialize, Discriminator,
    InstructionData, ToAccountMetas,
};
use atelier::{accounts, constants::*, instruction, instructions::*, state::*};
use solana_program_test::{BanksClientError, ProgramTest, ProgramTestContext};
use solana_sdk::{
    account::Account,
    clock::Clock,
    compute_budget::ComputeBudgetInstruction,
    hash::Hash,
    instruction::{AccountMeta, InstructionError},
    signature::{Keypair, Signer},
    slot_hashes::SlotHashes,
    transaction::{Transaction, TransactionError},
};
use solana_sdk_ids::system_program;

pub const SOL: u64 = 1_000_000_000;
/// Lamports per signature charged by solana-program-test's bank.
pub const FEE_PER_SIGNATURE: u64 = 5_000;

/// How a transaction failed: the Atelier error name from the program's log when there is one
/// (`SelfInfluence`), else the runtime's error.
#[derive(Debug, Clone)]
pub struct Failure {
    pub name: String,
}

pub type TxResult = Result<Vec<String>, Failure>;

/// Counters of what the ledger processed.
#[derive(Debug, Default, Clone)]
pub struct TxStats {
    pub sent: u64,
    pub failed: u64,
    pub signatures: u64,
}

pub struct Chain {
    pub ctx: ProgramTestContext,
    nonce: u32,
    blockhash: Hash,
    /// When `blockhash` was fetched: solana-program-test's simulated PoH makes a new blockhash
    /// every 6.4 ms of wall time, so one stays valid for about a second.
    blockhash_at: std::time::Instant,
    /// The SlotHashes sysvar as written, newest first.
    slot_hashes: Vec<(u64, Hash)>,
    clock: Clock,
    pub stats: TxStats,
}

impl Chain {
    /// Starts the ledger with `funded` wallets (created at genesis, so no funding transactions)
    /// and `admin` recorded as the program's upgrade authority.
    pub async fn start(admin: &Pubkey, funded: &[(Pubkey, u64)]) -> Chain {
        // solana-program-test turns the runtime's per-instruction debug log on unless RUST_LOG
        // says otherwise; printing it would cost more than running the transactions.
        if std::env::var_os("RUST_LOG").is_none() {
            std::env::set_var("RUST_LOG", "error");
        }
        let mut pt = ProgramTest::new(
            "atelier",
            atelier::ID,
            native_host::builtin!(atelier::entry),
        );
        pt.prefer_bpf(false);
        // The native STAND-IN for Metaplex Core (mpl_core.so is in no registry), at Core's id.
        pt.add_program(
            "mpl_core",
            mpl_core::ID,
            solana_program_test::processor!(core_standin::process_instruction),
        );
        for (key, lamports) in funded {
            pt.add_account(
                *key,
                Account {
                    lamports: *lamports,
                    owner: system_program::ID,
                    ..Account::default()
                },
            );
        }
        pt.add_account(program_data_pda(), program_data_account(Some(*admin)));
        let ctx = pt.start_with_context().await;
        native_host::install_event_stubs();
        let blockhash = ctx.banks_client.get_latest_blockhash().await.unwrap();
        let clock: Clock = ctx.banks_client.get_sysvar().await.unwrap();
        Chain {
            ctx,
            nonce: 0,
            blockhash,
            blockhash_at: std::time::Instant::now(),
            slot_hashes: Vec::new(),
            clock,
            stats: TxStats::default(),
        }
    }

    pub fn now(&self) -> i64 {
        self.clock.unix_timestamp
    }

    pub fn slot(&self) -> u64 {
        self.clock.slot
    }

    pub fn set_time(&mut self, unix_timestamp: i64) {
        self.clock.unix_timestamp = unix_timestamp;
        self.ctx.set_sysvar(&self.clock);
    }

    /// Ends the current slot: its hash (`slot_hash_of`) enters SlotHashes and the Clock moves to
    /// the next slot, as a validator does between blocks.
    pub fn next_slot(&mut self) {
        let slot = self.clock.slot;
        self.slot_hashes
            .insert(0, (slot, Hash::new_from_array(slot_hash_of(slot))));
        self.slot_hashes.truncate(512);
        self.clock.slot += 1;
        self.ctx.set_sysvar(&self.clock);
        self.ctx.set_sysvar(&SlotHashes::new(&self.slot_hashes));
    }

    /// Sends one transaction paid by the first signer. Each carries a distinct compute-unit
    /// limit, so two identical instructions are never deduplicated as one transaction.
    pub async fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> TxResult {
        for _ in 0..5 {
            if self.blockhash_at.elapsed() > std::time::Duration::from_millis(250) {
                self.refresh_blockhash().await;
            }
            match self.send_once(ixs, signers).await {
                Err(f) if f.name == "BlockhashNotFound" => self.refresh_blockhash().await,
                other => return other,
            }
        }
        panic!("no valid blockhash after 5 tries");
    }

    async fn refresh_blockhash(&mut self) {
        self.blockhash = self.ctx.banks_client.get_latest_blockhash().await.unwrap();
        self.blockhash_at = std::time::Instant::now();
    }

    async fn send_once(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> TxResult {
        self.nonce = self.nonce.wrapping_add(1) % 1_000_000;
        let mut all = vec![ComputeBudgetInstruction::set_compute_unit_limit(
            1_400_000 - self.nonce,
        )];
        all.extend_from_slice(ixs);
        let tx = Transaction::new_signed_with_payer(
            &all,
            Some(&signers[0].pubkey()),
            signers,
            self.blockhash,
        );
        let signatures = tx.signatures.len() as u64;
        let out = self
            .ctx
            .banks_client
            .process_transaction_with_metadata(tx)
            .await;
        let result = match out {
            Ok(r) => {
                let logs = r.metadata.map(|m| m.log_messages).unwrap_or_default();
                match r.result {
                    Ok(()) => Ok(logs),
                    Err(e) => Err(classify(e, &logs)),
                }
            }
            Err(BanksClientError::TransactionError(e)) => Err(classify(e, &[])),
            Err(e) => Err(Failure {
                name: e.to_string(),
            }),
        };
        // A transaction the bank never took (stale blockhash) paid nothing and is not counted.
        if !matches!(&result, Err(f) if f.name == "BlockhashNotFound") {
            self.stats.sent += 1;
            self.stats.signatures += signatures;
            if result.is_err() {
                self.stats.failed += 1;
            }
        }
        result
    }

    pub async fn balance(&mut self, key: &Pubkey) -> u64 {
        self.ctx.banks_client.get_balance(*key).await.unwrap()
    }

    pub async fn account(&mut self, key: &Pubkey) -> Option<Account> {
        self.ctx.banks_client.get_account(*key).await.unwrap()
    }

    pub async fn fetch<T: AccountDeserialize>(&mut self, key: &Pubkey) -> Option<T> {
        let acc = self.account(key).await?;
        T::try_deserialize(&mut acc.data.as_slice()).ok()
    }
}

fn classify(e: TransactionError, logs: &[String]) -> Failure {
    // Anchor's "... Error Code: <Name>. Error Number: ..." line, when the program's `msg!`
    // output reached the log collector (natively it goes to stdout instead).
    for l in logs {
        if let Some(rest) = l.split("Error Code: ").nth(1) {
            if let Some(name) = rest.split('.').next() {
                return Failure {
                    name: name.to_string(),
                };
            }
        }
    }
    let name = match e {
        TransactionError::InstructionError(_, InstructionError::Custom(c)) => error_name(c),
        other => format!("{other:?}"),
    };
    Failure { name }
}

/// The Atelier error names the simulation meets, by code (`AtelierError as u32 + 6000`).
pub fn error_name(code: u32) -> String {
    use atelier::error::AtelierError as E;
    const KNOWN: [E; 24] = [
        E::SelfInfluence,
        E::ClientAttestation,
        E::SelfAttestation,
        E::VerifierNotDrawn,
        E::CommitClosed,
        E::StakeBelowMinimum,
        E::WorkerNotActive,
        E::WorkerDeactivated,
        E::AuditTooEarly,
        E::SeedPending,
        E::SeedUnavailable,
        E::StakeRaisedAfterSubmission,
        E::RevealNotOpen,
        E::NotCommitted,
        E::AlreadyRevealed,
        E::AlreadyAttested,
        E::CommitmentMismatch,
        E::AgreeBelowFloor,
        E::VerificationPending,
        E::VerificationWindowClosed,
        E::VerifierAccountMismatch,
        E::JobNotOpen,
        E::JobNotSubmitted,
        E::ArtistAccountMismatch,
    ];
    KNOWN
        .iter()
        .find(|e| **e as u32 + 6000 == code)
        .map(|e| format!("{e:?}"))
        .unwrap_or_else(|| format!("Custom({code})"))
}

/// Decodes every event of type `E` from a transaction's logs.
pub fn events<E: anchor_lang::AnchorDeserialize + Discriminator>(logs: &[String]) -> Vec<E> {
    logs.iter()
        .filter_map(|l| l.strip_prefix("Program data: "))
        .filter_map(|b64| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.decode(b64).ok()
        })
        .filter(|bytes| bytes.starts_with(E::DISCRIMINATOR))
        .filter_map(|bytes| E::deserialize(&mut &bytes[E::DISCRIMINATOR.len()..]).ok())
        .collect()
}

/// The hash the simulation records for `slot` in SlotHashes.
pub fn slot_hash_of(slot: u64) -> [u8; 32] {
    anchor_lang::solana_program::hash::hashv(&[b"fleet-sim-slot", &slot.to_le_bytes()]).to_bytes()
}

// ---------------------------------------------------------------- PDAs

/// The program's ProgramData address under the upgradeable loader.
pub fn program_data_pda() -> Pubkey {
    Pubkey::find_program_address(
        &[atelier::ID.as_ref()],
        &anchor_lang::solana_program::bpf_loader_upgradeable::ID,
    )
    .0
}

/// A ProgramData account as the upgradeable loader writes it at deployment (the program runs
/// natively here, so nothing else would create it).
pub fn program_data_account(upgrade_authority: Option<Pubkey>) -> Account {
    let state =
        anchor_lang::solana_program::bpf_loader_upgradeable::UpgradeableLoaderState::ProgramData {
            slot: 0,
            upgrade_authority_address: upgrade_authority,
        };
    Account {
        lamports: SOL,
        data: bincode::serialize(&state).unwrap(),
        owner: anchor_lang::solana_program::bpf_loader_upgradeable::ID,
        executable: false,
        rent_epoch: 0,
    }
}

pub fn config_pda() -> Pubkey {
    Pubkey::find_program_address(&[CONFIG_SEED], &atelier::ID).0
}
pub fn artist_pda(authority: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[ARTIST_SEED, authority.as_ref()], &atelier::ID).0
}
pub fn worker_pda(authority: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[WORKER_SEED, authority.as_ref()], &atelier::ID).0
}
pub fn job_pda(client: &Pubkey, job_id: u64) -> Pubkey {
    Pubkey::find_program_address(
        &[JOB_SEED, client.as_ref(), &job_id.to_le_bytes()],
        &atelier::ID,
    )
    .0
}
pub fn provenance_pda(content_hash: &[u8; 32]) -> Pubkey {
    Pubkey::find_program_address(&[PROVENANCE_SEED, content_hash], &atelier::ID).0
}
pub fn collection_pda() -> Pubkey {
    Pubkey::find_program_address(&[COLLECTION_SEED], &atelier::ID).0
}
pub fn collection_authority_pda() -> Pubkey {
    Pubkey::find_program_address(&[COLLECTION_AUTHORITY_SEED], &atelier::ID).0
}
pub fn mint_payer_pda() -> Pubkey {
    Pubkey::find_program_address(&[MINT_PAYER_SEED], &atelier::ID).0
}
pub fn asset_pda(content_hash: &[u8; 32]) -> Pubkey {
    Pubkey::find_program_address(&[ASSET_SEED, content_hash], &atelier::ID).0
}
pub fn splitter_pda(asset: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[SPLITTER_SEED, asset.as_ref()], &atelier::ID).0
}

// ---------------------------------------------------------------- instruction builders

fn build(
    accounts: impl ToAccountMetas,
    data: impl InstructionData,
    remaining: Vec<AccountMeta>,
) -> Instruction {
    let mut metas = accounts.to_account_metas(None);
    metas.extend(remaining);
    Instruction {
        program_id: atelier::ID,
        accounts: metas,
        data: data.data(),
    }
}

pub fn ix_initialize_config(
    admin: &Pubkey,
    treasury: &Pubkey,
    params: ProtocolParams,
) -> Instruction {
    build(
        accounts::InitializeConfig {
            admin: *admin,
            program_data: program_data_pda(),
            config: config_pda(),
            treasury: *treasury,
            system_program: system_program::ID,
        },
        instruction::InitializeConfig { params },
        vec![],
    )
}

pub fn ix_initialize_collection(admin: &Pubkey) -> Instruction {
    build(
        accounts::InitializeCollection {
            admin: *admin,
            config: config_pda(),
            collection: collection_pda(),
            collection_authority: collection_authority_pda(),
            mint_payer: mint_payer_pda(),
            core_program: mpl_core::ID,
            system_program: system_program::ID,
        },
        instruction::InitializeCollection {
            args: InitializeCollectionArgs {
                name: "Atelier".to_string(),
                uri: "https://atelier.art/collection.json".to_string(),
            },
        },
        vec![],
    )
}

pub fn ix_register_artist(authority: &Pubkey, name: &str, payout: Pubkey) -> Instruction {
    build(
        accounts::RegisterArtist {
            authority: *authority,
            config: config_pda(),
            artist: artist_pda(authority),
            system_program: system_program::ID,
        },
        instruction::RegisterArtist {
            args: ArtistProfileArgs {
                payout,
                display_name: name.to_string(),
                catalog_uri: format!("ar://catalog-{name}"),
                catalog_hash: [7; 32],
            },
        },
        vec![],
    )
}

pub fn ix_register_worker(authority: &Pubkey, stake: u64) -> Instruction {
    build(
        accounts::RegisterWorker {
            authority: *authority,
            config: config_pda(),
            worker: worker_pda(authority),
            system_program: system_program::ID,
        },
        instruction::RegisterWorker { stake },
        vec![],
    )
}

pub fn ix_create_job(client: &Pubkey, job_id: u64, payment: u64, deadline: i64) -> Instruction {
    build(
        accounts::CreateJob {
            client: *client,
            config: config_pda(),
            job: job_pda(client, job_id),
            system_program: system_program::ID,
        },
        instruction::CreateJob {
            args: CreateJobArgs {
                job_id,
                model_id: "sd-turbo-onnx@1".to_string(),
                prompt: PromptInput::Inline {
                    text: format!("fleet-sim prompt {job_id}"),
                },
                params: GenerationParams {
                    seed: job_id,
                    steps: 4,
                    width: 512,
                    height: 512,
                    guidance_x100: 0,
                },
                payment,
                deadline,
            },
        },
        vec![],
    )
}

pub fn ix_cancel_job(client: &Pubkey, job: &Pubkey) -> Instruction {
    build(
        accounts::CancelJob {
            client: *client,
            job: *job,
        },
        instruction::CancelJob {},
        vec![],
    )
}

pub fn ix_claim_job(authority: &Pubkey, job: &Pubkey) -> Instruction {
    build(
        accounts::ClaimJob {
            authority: *authority,
            config: config_pda(),
            worker: worker_pda(authority),
            job: *job,
        },
        instruction::ClaimJob {},
        vec![],
    )
}

/// `submit_result` naming `influences` (artist account, bps): the weights go in the data, the
/// artists as remaining accounts in the same order.
pub fn ix_submit_result(
    authority: &Pubkey,
    job: &Pubkey,
    content_hash: [u8; 32],
    clip_score: u16,
    influences: Vec<InfluenceWeight>,
) -> Instruction {
    let remaining = influences
        .iter()
        .map(|w| AccountMeta::new_readonly(w.artist, false))
        .collect();
    build(
        accounts::SubmitResult {
            authority: *authority,
            config: config_pda(),
            worker: worker_pda(authority),
            job: *job,
            provenance: provenance_pda(&content_hash),
            system_program: system_program::ID,
        },
        instruction::SubmitResult {
            args: SubmitResultArgs {
                content_hash,
                storage_id: "bNbA3TEQVL60xlgCcqdz4ZPHFZ711cZ3hmkpGttDt_U".to_string(),
                metadata_uri: "https://gateway.irys.xyz/meta".to_string(),
                clip_score,
                influence_bps: influences.iter().map(|w| w.bps).collect(),
            },
        },
        remaining,
    )
}

pub fn ix_commit(authority: &Pubkey, job: &Pubkey, commitment: [u8; 32]) -> Instruction {
    build(
        accounts::CommitAttestation {
            authority: *authority,
            config: config_pda(),
            verifier: worker_pda(authority),
            job: *job,
            slot_hashes: solana_sdk::sysvar::slot_hashes::ID,
        },
        instruction::CommitAttestation { commitment },
        vec![],
    )
}

pub fn ix_reveal(
    authority: &Pubkey,
    job: &Pubkey,
    score: u16,
    agree: bool,
    salt: [u8; 32],
) -> Instruction {
    build(
        accounts::RevealAttestation {
            authority: *authority,
            config: config_pda(),
            verifier: worker_pda(authority),
            job: *job,
        },
        instruction::RevealAttestation {
            args: RevealAttestationArgs { score, agree, salt },
        },
        vec![],
    )
}

pub struct FinalizeKeys {
    pub cranker: Pubkey,
    pub job: Pubkey,
    pub content_hash: [u8; 32],
    pub worker_authority: Pubkey,
    pub client: Pubkey,
    pub treasury: Pubkey,
    /// The committee's wallets in commit order (each passed with its stake account).
    pub payees: Vec<Pubkey>,
}

pub fn ix_finalize(k: &FinalizeKeys) -> Instruction {
    build(
        accounts::FinalizeJob {
            cranker: k.cranker,
            config: config_pda(),
            job: k.job,
            provenance: provenance_pda(&k.content_hash),
            worker: worker_pda(&k.worker_authority),
            worker_authority: k.worker_authority,
            client: k.client,
            treasury: k.treasury,
            collection: collection_pda(),
            collection_authority: collection_authority_pda(),
            mint_payer: mint_payer_pda(),
            asset: asset_pda(&k.content_hash),
            splitter: splitter_pda(&asset_pda(&k.content_hash)),
            core_program: mpl_core::ID,
            system_program: system_program::ID,
        },
        instruction::FinalizeJob {},
        k.payees
            .iter()
            .flat_map(|p| {
                [
                    AccountMeta::new(worker_pda(p), false),
                    AccountMeta::new(*p, false),
                ]
            })
            .collect(),
    )
}

pub fn ix_expire(
    cranker: &Pubkey,
    job: &Pubkey,
    worker_authority: &Pubkey,
    client: &Pubkey,
    treasury: &Pubkey,
) -> Instruction {
    build(
        accounts::ExpireClaim {
            cranker: *cranker,
            config: config_pda(),
            job: *job,
            worker: worker_pda(worker_authority),
            client: *client,
            treasury: *treasury,
        },
        instruction::ExpireClaim {},
        vec![],
    )
}

pub fn ix_audit_worker(worker: &Pubkey, treasury: &Pubkey) -> Instruction {
    build(
        accounts::AuditWorker {
            config: config_pda(),
            worker: *worker,
            treasury: *treasury,
        },
        instruction::AuditWorker {},
        vec![],
    )
}

pub fn ix_audit_verifier(verifier: &Pubkey, treasury: &Pubkey) -> Instruction {
    build(
        accounts::AuditVerifier {
            config: config_pda(),
            verifier: *verifier,
            treasury: *treasury,
        },
        instruction::AuditVerifier {},
        vec![],
    )
}
