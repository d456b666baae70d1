//! Builds the one bank localnet runs on: genesis with a funded faucet, all features active,
//! the SPL programs solana-program-test ships, and the native programs (Atelier, the Metaplex
//! Core stand-in) registered as builtins.

use std::sync::{atomic::AtomicBool, Arc, RwLock};

use solana_program_runtime::{
    invoke_context::BuiltinFunctionWithContext, loaded_programs::ProgramCacheEntry,
};
use solana_program_test::{programs, ProgramTest};
use solana_runtime::{
    bank::Bank, bank_forks::BankForks, genesis_utils::create_genesis_config_with_leader_ex,
    runtime_config::RuntimeConfig,
};
use solana_sdk::{
    account::{Account, AccountSharedData},
    fee_calculator::{FeeRateGovernor, DEFAULT_TARGET_LAMPORTS_PER_SIGNATURE},
    genesis_config::{ClusterType, GenesisConfig},
    native_token::LAMPORTS_PER_SOL,
    pubkey::Pubkey,
    rent::Rent,
    signature::{Keypair, Signer},
};
use solana_sdk_ids::system_program;

/// Lamports the faucet starts with (500 million SOL).
pub const FAUCET_LAMPORTS: u64 = 500_000_000 * LAMPORTS_PER_SOL;
/// Fee per signature, as on mainnet and in the program tests.
pub const LAMPORTS_PER_SIGNATURE: u64 = DEFAULT_TARGET_LAMPORTS_PER_SIGNATURE / 2;

/// A native program hosted by localnet.
pub struct NativeProgram {
    pub name: &'static str,
    pub id: Pubkey,
    pub entry: BuiltinFunctionWithContext,
}

/// The programs localnet hosts natively.
pub fn native_programs() -> Vec<NativeProgram> {
    let atelier: Option<BuiltinFunctionWithContext> = native_host::builtin!(atelier::entry);
    // A native STAND-IN for Metaplex Core (crates/core-standin), not the real program:
    // mpl_core.so is in no registry.
    let core_standin: Option<BuiltinFunctionWithContext> =
        native_host::builtin!(core_standin::process_instruction);
    vec![
        NativeProgram {
            name: "atelier",
            id: atelier::ID,
            entry: atelier.expect("builtin"),
        },
        NativeProgram {
            name: "mpl_core_standin",
            id: mpl_core::ID,
            entry: core_standin.expect("builtin"),
        },
    ]
}

/// Installs solana-program-test's syscall stubs (CPI, sysvars, logging for native programs) and
/// the event stubs on top. solana-program-test installs its stubs only while it builds a bank,
/// so one throw-away test context is started and dropped. It also installs a debug logger;
/// `runtime_log_filter` replaces it (`RUST_LOG` wins when set).
pub async fn install_syscall_stubs(runtime_log_filter: &str) {
    static DONE: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    DONE.get_or_init(|| async {
        let context = ProgramTest::default().start_with_context().await;
        drop(context);
        native_host::install_event_stubs();
        solana_logger::setup_with_default(runtime_log_filter);
    })
    .await;
}

/// The genesis bank plus what the RPC layer needs to know about it.
pub struct Genesis {
    pub bank: Arc<Bank>,
    /// Holds the bank; the program cache needs its fork graph.
    pub forks: Arc<RwLock<BankForks>>,
    pub config: GenesisConfig,
    /// The validator identity reported by getIdentity.
    pub identity: Pubkey,
}

/// Creates the bank. `faucet` receives [`FAUCET_LAMPORTS`]; `accounts` are stored on top
/// (prefunded wallets, a reloaded ledger).
pub fn build(faucet: &Keypair, accounts: Vec<(Pubkey, AccountSharedData)>) -> Genesis {
    let rent = Rent::default();
    let fee_rate_governor = FeeRateGovernor {
        lamports_per_signature: LAMPORTS_PER_SIGNATURE,
        ..FeeRateGovernor::default()
    };
    let identity = Pubkey::new_unique();
    let config = create_genesis_config_with_leader_ex(
        FAUCET_LAMPORTS,
        &faucet.pubkey(),
        &identity,
        &Pubkey::new_unique(),
        &Pubkey::new_unique(),
        LAMPORTS_PER_SOL * 1_000,
        42,
        fee_rate_governor,
        rent.clone(),
        ClusterType::Development,
        vec![],
    );
    let bank = Bank::new_with_paths(
        &config,
        Arc::new(RuntimeConfig::default()),
        Vec::default(),
        None,
        None,
        false,
        None,
        None,
        None,
        Arc::new(AtomicBool::new(false)),
        None,
        None,
    );
    for (id, account) in programs::spl_programs(&rent) {
        bank.store_account(&id, &account);
    }
    for (id, account) in
        programs::core_bpf_programs(&rent, |feature| config.accounts.contains_key(feature))
    {
        bank.store_account(&id, &account);
    }
    for p in native_programs() {
        bank.add_builtin(
            p.id,
            p.name,
            ProgramCacheEntry::new_builtin(0, p.name.len(), p.entry),
        );
    }
    for (key, account) in accounts {
        bank.store_account(&key, &account);
    }
    bank.set_capitalization();
    // Slot 0 is genesis; run on slot 1 like solana-program-test.
    let bank = Arc::new(bank);
    bank.fill_bank_with_ticks_for_tests();
    let bank = Bank::new_from_parent(bank.clone(), bank.collector_id(), bank.slot() + 1);
    let forks = BankForks::new_rw_arc(bank);
    let bank = forks.read().unwrap().working_bank();
    Genesis {
        bank,
        forks,
        config,
        identity,
    }
}

/// A system-owned wallet holding `lamports`.
/// Atelier's ProgramData account as the upgradeable loader writes it at deployment, naming
/// `authority` (the program itself runs natively, so nothing else would create it). Deployed
/// programs always have it at this address; `initialize_config` reads its upgrade authority.
pub fn program_data(authority: Option<Pubkey>) -> (Pubkey, AccountSharedData) {
    let loader = solana_sdk::bpf_loader_upgradeable::id();
    let (address, _) = Pubkey::find_program_address(&[atelier::ID.as_ref()], &loader);
    let state = solana_sdk::bpf_loader_upgradeable::UpgradeableLoaderState::ProgramData {
        slot: 0,
        upgrade_authority_address: authority,
    };
    let data = bincode::serialize(&state).expect("ProgramData serializes");
    let account = AccountSharedData::from(Account {
        lamports: Rent::default().minimum_balance(data.len()),
        data,
        owner: loader,
        executable: false,
        rent_epoch: 0,
    });
    (address, account)
}

pub fn wallet(lamports: u64) -> AccountSharedData {
    AccountSharedData::from(Account {
        lamports,
        owner: system_program::ID,
        ..Account::default()
    })
}
