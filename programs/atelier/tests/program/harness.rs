//! Native test harness: the Atelier processor inside solana-program-test (no SBF), explicit
//! clock, funded wallets, instruction builders and lamport bookkeeping.
#![allow(dead_code)]

use anchor_lang::{
    prelude::Pubkey, solana_program::instruction::Instruction, AccountDeserialize, Discriminator,
    InstructionData, ToAccountMetas,
};
use atelier::{
    accounts, constants::*, error::AtelierError, instruction, instructions::*, state::*,
};
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
/// Unix time every test starts at.
pub const T0: i64 = 1_800_000_000;
pub const FEE_PER_SIGNATURE: u64 = 5_000;
/// The mint deposit every job escrows on top of its payment under the default parameters.
pub const DEPOSIT: u64 = MIN_MINT_DEPOSIT;

pub fn default_params() -> ProtocolParams {
    ProtocolParams {
        protocol_fee_bps: 500,
        verifier_fee_bps: 300,
        min_worker_stake: SOL,
        unbonding_period: 7 * 24 * 3600,
        claim_timeout: 600,
        verification_window: 3600,
        commit_window: 1200,
        verifier_quorum: 2,
        // Committee = quorum: two agreeing reveals accept at once. Tests of majority committees
        // set 3. Oversampling 255: every verifier of a test is drawn unless a test lowers it.
        verifier_committee: 2,
        verifier_oversample: 255,
        verifier_tolerance: 300,
        verifier_slash_bps: 1_000,
        clip_score_floor: 2_000,
        slash_bps: 1_000,
        late_penalty_bps: 100,
        royalty_bps: 500,
        royalty_enforcement: RoyaltyEnforcement::None,
        mint_deposit: DEPOSIT,
        audit_min_jobs: 30,
        audit_threshold_x100: 300,
        audit_slash_bps: 5_000,
    }
}

pub const COLLECTION_NAME: &str = "Atelier";
pub const COLLECTION_URI: &str = "https://gateway.irys.xyz/atelier-collection";

/// The default parameters with one change applied.
pub fn params_with(change: impl FnOnce(&mut ProtocolParams)) -> ProtocolParams {
    let mut p = default_params();
    change(&mut p);
    p
}

/// How a transaction failed.
#[derive(Debug)]
pub enum Failure {
    /// A custom program error code (Atelier's own start at 6000, Anchor's below).
    Code(u32),
    Other(String),
}

pub type TxResult = Result<Vec<String>, Failure>;

pub fn code(e: AtelierError) -> u32 {
    e as u32 + 6000
}

/// Asserts a transaction failed with this Atelier error.
#[track_caller]
pub fn assert_err(result: TxResult, expected: AtelierError) {
    match result {
        Err(Failure::Code(c)) => assert_eq!(
            c,
            code(expected),
            "expected {expected:?} ({}), got code {c}",
            code(expected)
        ),
        other => panic!("expected {expected:?}, got {other:?}"),
    }
}

/// Asserts a transaction failed with this Anchor framework error code (e.g. 2006 ConstraintSeeds).
#[track_caller]
pub fn assert_anchor_err(result: TxResult, expected: anchor_lang::error::ErrorCode) {
    match result {
        Err(Failure::Code(c)) => {
            assert_eq!(c, expected as u32, "expected {expected:?}, got code {c}")
        }
        other => panic!("expected {expected:?}, got {other:?}"),
    }
}

/// A commitment sent and not yet revealed, with what opens it.
pub struct PendingReveal {
    pub job: Pubkey,
    pub verifier: Keypair,
    pub score: u16,
    pub agree: bool,
    pub salt: [u8; 32],
}

pub struct Env {
    pub ctx: ProgramTestContext,
    pub admin: Keypair,
    pub treasury: Keypair,
    nonce: u32,
    /// The SlotHashes sysvar as the tests write it, newest first.
    slot_hashes: Vec<(u64, Hash)>,
    /// Commitments the harness will reveal (`reveal_pending`).
    pub pending: Vec<PendingReveal>,
}

pub async fn setup() -> Env {
    setup_with(default_params()).await
}

/// A running chain with the config and the Core collection initialized.
pub async fn setup_with(params: ProtocolParams) -> Env {
    let mut env = setup_config_only(params).await;
    let admin = env.admin.insecure_clone();
    env.send(
        &[ix_initialize_collection(
            &admin.pubkey(),
            COLLECTION_NAME,
            COLLECTION_URI,
        )],
        &[&admin],
    )
    .await
    .expect("initialize_collection");
    env
}

/// A running chain with the config initialized and no Core collection yet.
pub async fn setup_config_only(params: ProtocolParams) -> Env {
    let mut env = start().await;
    let admin = env.admin.insecure_clone();
    let treasury = env.treasury.pubkey();
    env.send(
        &[ix_initialize_config(&admin.pubkey(), &treasury, params)],
        &[&admin],
    )
    .await
    .expect("initialize_config");
    env
}

/// A running chain with the program loaded, funded admin and treasury, and no config yet.
pub async fn start() -> Env {
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
    let admin = Keypair::new();
    let treasury = Keypair::new();
    for k in [&admin, &treasury] {
        pt.add_account(
            k.pubkey(),
            Account {
                lamports: 10 * SOL,
                owner: system_program::ID,
                ..Account::default()
            },
        );
    }
    // Deployed by the admin: its upgrade authority may initialize the config.
    pt.add_account(
        program_data_pda(),
        program_data_account(Some(admin.pubkey())),
    );
    let ctx = pt.start_with_context().await;
    native_host::install_event_stubs();
    let mut env = Env {
        ctx,
        admin,
        treasury,
        nonce: 0,
        slot_hashes: Vec::new(),
        pending: Vec::new(),
    };
    env.set_time(T0).await;
    env
}

impl Env {
    pub async fn set_time(&mut self, unix_timestamp: i64) {
        let mut clock: Clock = self.ctx.banks_client.get_sysvar().await.unwrap();
        clock.unix_timestamp = unix_timestamp;
        self.ctx.set_sysvar(&clock);
    }

    pub async fn slot(&mut self) -> u64 {
        let clock: Clock = self.ctx.banks_client.get_sysvar().await.unwrap();
        clock.slot
    }

    /// Ends the current slot: its hash (`slot_hash_of`) enters SlotHashes and the Clock moves to
    /// the next slot, as a validator does between blocks.
    pub async fn next_slot(&mut self) {
        let mut clock: Clock = self.ctx.banks_client.get_sysvar().await.unwrap();
        self.slot_hashes.insert(
            0,
            (clock.slot, Hash::new_from_array(slot_hash_of(clock.slot))),
        );
        self.slot_hashes.truncate(512);
        clock.slot += 1;
        self.ctx.set_sysvar(&clock);
        self.ctx.set_sysvar(&SlotHashes::new(&self.slot_hashes));
    }

    /// Moves the Clock `n` slots on without recording hashes for them (skipped slots, or a
    /// chain whose older hashes aged out), then records the new slot's parent.
    pub async fn skip_slots(&mut self, n: u64) {
        let mut clock: Clock = self.ctx.banks_client.get_sysvar().await.unwrap();
        clock.slot += n;
        self.ctx.set_sysvar(&clock);
    }

    /// Replaces the SlotHashes sysvar (a test that fixes the seed of a draw).
    pub fn set_slot_hashes(&mut self, entries: Vec<(u64, Hash)>) {
        self.slot_hashes = entries;
        self.ctx.set_sysvar(&SlotHashes::new(&self.slot_hashes));
    }

    pub async fn now(&mut self) -> i64 {
        let clock: Clock = self.ctx.banks_client.get_sysvar().await.unwrap();
        clock.unix_timestamp
    }

    pub async fn advance(&mut self, seconds: i64) {
        let now = self.now().await;
        self.set_time(now + seconds).await;
    }

    /// A new wallet holding `lamports`.
    pub async fn wallet(&mut self, lamports: u64) -> Keypair {
        let kp = Keypair::new();
        let payer = self.ctx.payer.insecure_clone();
        let ix = solana_sdk::system_instruction::transfer(&payer.pubkey(), &kp.pubkey(), lamports);
        self.send(&[ix], &[&payer]).await.unwrap();
        kp
    }

    /// Sends one transaction paid by the first signer. Each transaction carries a distinct
    /// compute-unit limit, so identical instructions are never deduplicated as the same
    /// transaction: a replay test really replays the instruction.
    pub async fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> TxResult {
        self.nonce += 1;
        let mut all = vec![ComputeBudgetInstruction::set_compute_unit_limit(
            1_400_000 - self.nonce,
        )];
        all.extend_from_slice(ixs);
        let blockhash = self.ctx.banks_client.get_latest_blockhash().await.unwrap();
        let tx = Transaction::new_signed_with_payer(
            &all,
            Some(&signers[0].pubkey()),
            signers,
            blockhash,
        );
        let out = self
            .ctx
            .banks_client
            .process_transaction_with_metadata(tx)
            .await;
        match out {
            Ok(r) => {
                let logs = r.metadata.map(|m| m.log_messages).unwrap_or_default();
                match r.result {
                    Ok(()) => Ok(logs),
                    Err(e) => Err(classify(e)),
                }
            }
            Err(BanksClientError::TransactionError(e)) => Err(classify(e)),
            Err(e) => Err(Failure::Other(e.to_string())),
        }
    }

    pub async fn balance(&mut self, key: &Pubkey) -> u64 {
        self.ctx.banks_client.get_balance(*key).await.unwrap()
    }

    pub async fn account(&mut self, key: &Pubkey) -> Option<Account> {
        self.ctx.banks_client.get_account(*key).await.unwrap()
    }

    pub async fn fetch<T: AccountDeserialize>(&mut self, key: &Pubkey) -> T {
        let acc = self
            .account(key)
            .await
            .unwrap_or_else(|| panic!("account {key} does not exist"));
        T::try_deserialize(&mut acc.data.as_slice()).unwrap()
    }

    pub async fn exists(&mut self, key: &Pubkey) -> bool {
        self.account(key).await.is_some_and(|a| a.lamports > 0)
    }

    pub async fn rent(&mut self, space: usize) -> u64 {
        self.ctx
            .banks_client
            .get_rent()
            .await
            .unwrap()
            .minimum_balance(space)
    }

    /// Sum of the balances of `keys`.
    pub async fn total(&mut self, keys: &[Pubkey]) -> u64 {
        let mut sum = 0;
        for k in keys {
            sum += self.balance(k).await;
        }
        sum
    }

    pub async fn config(&mut self) -> Config {
        self.fetch(&config_pda()).await
    }
}

fn classify(e: TransactionError) -> Failure {
    match e {
        TransactionError::InstructionError(_, InstructionError::Custom(c)) => Failure::Code(c),
        other => Failure::Other(format!("{other:?}")),
    }
}

/// Decodes every event of type `E` from a transaction's logs.
pub fn events<E: anchor_lang::AnchorDeserialize + Discriminator>(logs: &[String]) -> Vec<E> {
    use base64::Engine;
    logs.iter()
        .filter_map(|l| l.strip_prefix("Program data: "))
        .filter_map(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
        .filter(|bytes| bytes.starts_with(E::DISCRIMINATOR))
        .map(|bytes| E::deserialize(&mut &bytes[E::DISCRIMINATOR.len()..]).unwrap())
        .collect()
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

/// A ProgramData account as the upgradeable loader writes it at deployment (the program itself
/// runs natively here, so nothing else would create it).
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
pub fn listing_pda(asset: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[LISTING_SEED, asset.as_ref()], &atelier::ID).0
}

// ---------------------------------------------------------------- instruction builders

pub fn build(
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

pub fn ix_initialize_collection(admin: &Pubkey, name: &str, uri: &str) -> Instruction {
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
                name: name.to_string(),
                uri: uri.to_string(),
            },
        },
        vec![],
    )
}

pub fn ix_update_config(signer: &Pubkey, treasury: &Pubkey, args: UpdateConfigArgs) -> Instruction {
    build(
        accounts::UpdateConfig {
            admin: *signer,
            config: config_pda(),
            treasury: *treasury,
        },
        instruction::UpdateConfig { args },
        vec![],
    )
}

pub fn ix_accept_admin(new_admin: &Pubkey) -> Instruction {
    build(
        accounts::AcceptAdmin {
            new_admin: *new_admin,
            config: config_pda(),
        },
        instruction::AcceptAdmin {},
        vec![],
    )
}

pub fn ix_set_paused(signer: &Pubkey, paused: bool) -> Instruction {
    build(
        accounts::SetPaused {
            admin: *signer,
            config: config_pda(),
        },
        instruction::SetPaused { paused },
        vec![],
    )
}

pub fn profile(name: &str) -> ArtistProfileArgs {
    ArtistProfileArgs {
        payout: Pubkey::new_unique(),
        display_name: name.to_string(),
        catalog_uri: format!("ar://catalog-{name}"),
        catalog_hash: [7; 32],
    }
}

pub fn ix_register_artist(authority: &Pubkey, args: ArtistProfileArgs) -> Instruction {
    build(
        accounts::RegisterArtist {
            authority: *authority,
            config: config_pda(),
            artist: artist_pda(authority),
            system_program: system_program::ID,
        },
        instruction::RegisterArtist { args },
        vec![],
    )
}

pub fn ix_update_artist(
    authority: &Pubkey,
    artist: &Pubkey,
    args: ArtistProfileArgs,
) -> Instruction {
    build(
        accounts::UpdateArtist {
            authority: *authority,
            artist: *artist,
        },
        instruction::UpdateArtist { args },
        vec![],
    )
}

pub fn ix_opt_out_artist(authority: &Pubkey, artist: &Pubkey) -> Instruction {
    build(
        accounts::OptOutArtist {
            authority: *authority,
            artist: *artist,
        },
        instruction::OptOutArtist {},
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

pub fn ix_add_stake(authority: &Pubkey, worker: &Pubkey, amount: u64) -> Instruction {
    build(
        accounts::AddStake {
            authority: *authority,
            config: config_pda(),
            worker: *worker,
            system_program: system_program::ID,
        },
        instruction::AddStake { amount },
        vec![],
    )
}

pub fn ix_request_unstake(authority: &Pubkey, worker: &Pubkey) -> Instruction {
    build(
        accounts::RequestUnstake {
            authority: *authority,
            config: config_pda(),
            worker: *worker,
        },
        instruction::RequestUnstake {},
        vec![],
    )
}

pub fn ix_withdraw_stake(authority: &Pubkey, worker: &Pubkey) -> Instruction {
    build(
        accounts::WithdrawStake {
            authority: *authority,
            config: config_pda(),
            worker: *worker,
        },
        instruction::WithdrawStake {},
        vec![],
    )
}

pub fn gen_params() -> GenerationParams {
    GenerationParams {
        seed: 42,
        steps: 4,
        width: 512,
        height: 512,
        guidance_x100: 0,
    }
}

pub fn job_args(job_id: u64, payment: u64, deadline: i64) -> CreateJobArgs {
    CreateJobArgs {
        job_id,
        model_id: "sd-turbo-onnx@1".to_string(),
        prompt: PromptInput::Inline {
            text: "a lighthouse at dusk, oil on canvas".to_string(),
        },
        params: gen_params(),
        payment,
        deadline,
    }
}

pub fn ix_create_job(client: &Pubkey, args: CreateJobArgs) -> Instruction {
    build(
        accounts::CreateJob {
            client: *client,
            config: config_pda(),
            job: job_pda(client, args.job_id),
            system_program: system_program::ID,
        },
        instruction::CreateJob { args },
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

/// `submit_result`'s arguments with the artists they name (passed as remaining accounts).
pub struct ResultArgs {
    pub args: SubmitResultArgs,
    pub artists: Vec<Pubkey>,
}

impl std::ops::Deref for ResultArgs {
    type Target = SubmitResultArgs;
    fn deref(&self) -> &SubmitResultArgs {
        &self.args
    }
}

impl std::ops::DerefMut for ResultArgs {
    fn deref_mut(&mut self) -> &mut SubmitResultArgs {
        &mut self.args
    }
}

/// The size of the provenance record of a test job (`job_args`) and result (`result_args`)
/// naming `influences` artists.
pub fn provenance_space(influences: usize) -> usize {
    let r = result_args([1; 32], 0, vec![]);
    Provenance::space(
        "sd-turbo-onnx@1".len(),
        influences,
        r.storage_id.len(),
        r.metadata_uri.len(),
    )
}

pub fn result_args(
    content_hash: [u8; 32],
    clip_score: u16,
    influences: Vec<InfluenceWeight>,
) -> ResultArgs {
    ResultArgs {
        args: SubmitResultArgs {
            content_hash,
            storage_id: "bNbA3TEQVL60xlgCcqdz4ZPHFZ711cZ3hmkpGttDt_U".to_string(),
            metadata_uri: "https://gateway.irys.xyz/meta".to_string(),
            clip_score,
            influence_bps: influences.iter().map(|w| w.bps).collect(),
        },
        artists: influences.iter().map(|w| w.artist).collect(),
    }
}

pub fn ix_submit_result(authority: &Pubkey, job: &Pubkey, args: ResultArgs) -> Instruction {
    let remaining = args
        .artists
        .iter()
        .map(|a| AccountMeta::new_readonly(*a, false))
        .collect();
    ix_submit_result_with(authority, job, args.args, remaining)
}

pub fn ix_submit_result_with(
    authority: &Pubkey,
    job: &Pubkey,
    args: SubmitResultArgs,
    remaining: Vec<AccountMeta>,
) -> Instruction {
    build(
        accounts::SubmitResult {
            authority: *authority,
            config: config_pda(),
            worker: worker_pda(authority),
            job: *job,
            provenance: provenance_pda(&args.content_hash),
            system_program: system_program::ID,
        },
        instruction::SubmitResult { args },
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

/// The hash the harness records for `slot` in SlotHashes.
pub fn slot_hash_of(slot: u64) -> [u8; 32] {
    anchor_lang::solana_program::hash::hashv(&[b"test-slot", &slot.to_le_bytes()]).to_bytes()
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

pub fn ix_release_claim(
    authority: &Pubkey,
    job: &Pubkey,
    client: &Pubkey,
    treasury: &Pubkey,
) -> Instruction {
    build(
        accounts::ReleaseClaim {
            authority: *authority,
            config: config_pda(),
            worker: worker_pda(authority),
            job: *job,
            client: *client,
            treasury: *treasury,
        },
        instruction::ReleaseClaim {},
        vec![],
    )
}

pub fn ix_refund_expired_job(cranker: &Pubkey, job: &Pubkey, client: &Pubkey) -> Instruction {
    build(
        accounts::RefundExpiredJob {
            cranker: *cranker,
            job: *job,
            client: *client,
        },
        instruction::RefundExpiredJob {},
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

pub fn ix_claim_royalties(splitter: &Pubkey, artist: &Pubkey, payout: &Pubkey) -> Instruction {
    build(
        accounts::ClaimRoyalties {
            splitter: *splitter,
            artist: *artist,
            payout: *payout,
        },
        instruction::ClaimRoyalties {},
        vec![],
    )
}

pub fn ix_list_asset(seller: &Pubkey, asset: &Pubkey, price: u64) -> Instruction {
    build(
        accounts::ListAsset {
            seller: *seller,
            config: config_pda(),
            asset: *asset,
            collection: collection_pda(),
            listing: listing_pda(asset),
            core_program: mpl_core::ID,
            system_program: system_program::ID,
        },
        instruction::ListAsset { price },
        vec![],
    )
}

pub fn ix_delist_asset(seller: &Pubkey, asset: &Pubkey) -> Instruction {
    build(
        accounts::DelistAsset {
            seller: *seller,
            config: config_pda(),
            listing: listing_pda(asset),
            asset: *asset,
            collection: collection_pda(),
            core_program: mpl_core::ID,
            system_program: system_program::ID,
        },
        instruction::DelistAsset {},
        vec![],
    )
}

pub struct BuyKeys {
    pub buyer: Pubkey,
    pub seller: Pubkey,
    pub asset: Pubkey,
    pub royalty_recipient: Pubkey,
    pub price: u64,
}

pub fn ix_buy_asset(k: &BuyKeys) -> Instruction {
    build(
        accounts::BuyAsset {
            buyer: k.buyer,
            seller: k.seller,
            config: config_pda(),
            listing: listing_pda(&k.asset),
            asset: k.asset,
            collection: collection_pda(),
            royalty_recipient: k.royalty_recipient,
            core_program: mpl_core::ID,
            system_program: system_program::ID,
        },
        instruction::BuyAsset { price: k.price },
        vec![],
    )
}
