//! Test harness: the stand-in at `mpl_core::ID`, a small caller program that reaches it by CPI
//! with PDA signers, funded wallets, transaction helpers and plugin builders.
#![allow(dead_code)]

use mpl_core::{
    errors::MplCoreError,
    instructions::{CreateCollectionV2Builder, CreateV2Builder, TransferV1Builder},
    types::{
        Attribute, Attributes, Creator, Plugin, PluginAuthority, PluginAuthorityPair, Royalties,
        RuleSet,
    },
};
use solana_program_test::{processor, BanksClientError, ProgramTest, ProgramTestContext};
use solana_sdk::{
    account::Account,
    compute_budget::ComputeBudgetInstruction,
    instruction::{Instruction, InstructionError},
    pubkey::Pubkey,
    rent::Rent,
    signature::{Keypair, Signer},
    transaction::{Transaction, TransactionError},
};

use solana_system_interface::{instruction as system_instruction, program as system_program};

use crate::caller;

pub const SOL: u64 = 1_000_000_000;
/// Core's create fee at the default rent: rent of 87 bytes + 3600 lamports.
pub const CREATE_FEE: u64 = 1_500_000;

/// How a transaction failed.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// A custom program error (Core's `MplCoreError` codes).
    Code(u32),
    /// A built-in instruction error.
    Ix(InstructionError),
    Other(String),
}

/// The custom code of a Core error.
pub fn code(e: MplCoreError) -> Failure {
    Failure::Code(e as u32)
}

pub struct Env {
    pub ctx: ProgramTestContext,
    /// Pays Core's rent and fees (not transaction fees), so balances can be checked exactly.
    pub payer: Keypair,
    /// Transactions sent so far (makes each transaction distinct, see `send`).
    nonce: u32,
}

impl Env {
    pub async fn start() -> Env {
        let mut test = ProgramTest::default();
        test.prefer_bpf(false);
        test.add_program(
            "mpl_core",
            mpl_core::ID,
            processor!(core_standin::process_instruction),
        );
        test.add_program("caller", caller::ID, processor!(caller::process));
        // The caller's authority PDA holds data, so it is owned by the caller program (rule
        // sets check account owners; an unfunded PDA would read as system-owned).
        test.add_account(
            caller::authority().0,
            Account {
                lamports: SOL,
                data: vec![0; 8],
                owner: caller::ID,
                ..Account::default()
            },
        );
        let ctx = test.start_with_context().await;
        let mut env = Env {
            ctx,
            payer: Keypair::new(),
            nonce: 0,
        };
        let payer = env.payer.pubkey();
        env.fund(&payer, 10 * SOL).await;
        env
    }

    /// Sends `ixs` with the context payer paying transaction fees and signing, plus `signers`.
    /// Each transaction carries a distinct compute-unit limit, so resending the same instructions
    /// within one blockhash (a transfer retried after a thaw) really runs them again instead of
    /// returning the bank's cached result for an identical signature.
    pub async fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<(), Failure> {
        self.nonce += 1;
        let mut all_ixs = vec![ComputeBudgetInstruction::set_compute_unit_limit(
            1_400_000 - self.nonce,
        )];
        all_ixs.extend_from_slice(ixs);
        let blockhash = self.ctx.banks_client.get_latest_blockhash().await.unwrap();
        let mut all: Vec<&Keypair> = vec![&self.ctx.payer];
        all.extend_from_slice(signers);
        let tx = Transaction::new_signed_with_payer(
            &all_ixs,
            Some(&self.ctx.payer.pubkey()),
            &all,
            blockhash,
        );
        self.ctx
            .banks_client
            .process_transaction(tx)
            .await
            .map_err(failure)
    }

    pub async fn account(&mut self, key: &Pubkey) -> Option<Account> {
        self.ctx.banks_client.get_account(*key).await.unwrap()
    }

    pub async fn data(&mut self, key: &Pubkey) -> Vec<u8> {
        self.account(key).await.expect("account exists").data
    }

    pub async fn lamports(&mut self, key: &Pubkey) -> u64 {
        self.account(key).await.map_or(0, |a| a.lamports)
    }

    pub async fn rent(&mut self) -> Rent {
        self.ctx.banks_client.get_rent().await.unwrap()
    }

    pub async fn fund(&mut self, key: &Pubkey, lamports: u64) {
        let from = self.ctx.payer.pubkey();
        self.send(&[system_instruction::transfer(&from, key, lamports)], &[])
            .await
            .unwrap();
    }

    /// A new wallet with 1 SOL.
    pub async fn wallet(&mut self) -> Keypair {
        let wallet = Keypair::new();
        self.fund(&wallet.pubkey(), SOL).await;
        wallet
    }

    /// The CreateCollectionV2 instruction (update authority `authority`, paid by the payer).
    pub fn create_collection_ix(
        &self,
        collection: &Pubkey,
        authority: &Pubkey,
        plugins: Vec<PluginAuthorityPair>,
    ) -> Instruction {
        CreateCollectionV2Builder::new()
            .collection(*collection)
            .update_authority(Some(*authority))
            .payer(self.payer.pubkey())
            .name("Atelier".into())
            .uri("https://atelier.test/collection.json".into())
            .plugins(plugins)
            .instruction()
    }

    /// Creates a collection with `plugins`; returns (collection, update authority).
    pub async fn create_collection(
        &mut self,
        plugins: Vec<PluginAuthorityPair>,
    ) -> (Keypair, Keypair) {
        let collection = Keypair::new();
        let authority = Keypair::new();
        let ix = self.create_collection_ix(&collection.pubkey(), &authority.pubkey(), plugins);
        let payer = self.payer.insecure_clone();
        self.send(&[ix], &[&collection, &payer]).await.unwrap();
        (collection, authority)
    }

    /// The CreateV2 instruction for an asset in `collection`, signed by `authority`.
    pub fn create_asset_ix(
        &self,
        asset: &Pubkey,
        collection: &Pubkey,
        authority: &Pubkey,
        owner: &Pubkey,
        plugins: Vec<PluginAuthorityPair>,
    ) -> Instruction {
        CreateV2Builder::new()
            .asset(*asset)
            .collection(Some(*collection))
            .authority(Some(*authority))
            .payer(self.payer.pubkey())
            .owner(Some(*owner))
            .name("Atelier #1".into())
            .uri("ar://image-manifest".into())
            .plugins(plugins)
            .instruction()
    }

    /// Creates an asset in `collection` owned by `owner`; returns the asset keypair.
    pub async fn create_asset(
        &mut self,
        collection: &Pubkey,
        authority: &Keypair,
        owner: &Pubkey,
        plugins: Vec<PluginAuthorityPair>,
    ) -> Keypair {
        let asset = Keypair::new();
        let ix = self.create_asset_ix(
            &asset.pubkey(),
            collection,
            &authority.pubkey(),
            owner,
            plugins,
        );
        let payer = self.payer.insecure_clone();
        self.send(&[ix], &[&asset, authority, &payer])
            .await
            .unwrap();
        asset
    }

    /// The TransferV1 instruction, signed by `authority`, paid by the payer.
    pub fn transfer_ix(
        &self,
        asset: &Pubkey,
        collection: Option<&Pubkey>,
        authority: &Pubkey,
        new_owner: &Pubkey,
    ) -> Instruction {
        TransferV1Builder::new()
            .asset(*asset)
            .collection(collection.copied())
            .payer(self.payer.pubkey())
            .authority(Some(*authority))
            .new_owner(*new_owner)
            .instruction()
    }

    pub async fn transfer(
        &mut self,
        asset: &Pubkey,
        collection: Option<&Pubkey>,
        authority: &Keypair,
        new_owner: &Pubkey,
    ) -> Result<(), Failure> {
        let ix = self.transfer_ix(asset, collection, &authority.pubkey(), new_owner);
        let payer = self.payer.insecure_clone();
        self.send(&[ix], &[authority, &payer]).await
    }
}

fn failure(e: BanksClientError) -> Failure {
    match e.unwrap() {
        TransactionError::InstructionError(_, InstructionError::Custom(c)) => Failure::Code(c),
        TransactionError::InstructionError(_, other) => Failure::Ix(other),
        other => Failure::Other(format!("{other:?}")),
    }
}

/// Marks `key` as not signing in `ix` (to test missing signatures).
pub fn unsigned(mut ix: Instruction, key: &Pubkey) -> Instruction {
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == *key) {
        meta.is_signer = false;
    }
    ix
}

pub fn royalties(basis_points: u16, creators: &[(Pubkey, u8)], rule_set: RuleSet) -> Royalties {
    Royalties {
        basis_points,
        creators: creators
            .iter()
            .map(|(address, percentage)| Creator {
                address: *address,
                percentage: *percentage,
            })
            .collect(),
        rule_set,
    }
}

pub fn royalties_plugin(royalties: Royalties) -> PluginAuthorityPair {
    PluginAuthorityPair {
        plugin: Plugin::Royalties(royalties),
        authority: None,
    }
}

pub fn attributes(pairs: &[(&str, &str)]) -> Attributes {
    Attributes {
        attribute_list: pairs
            .iter()
            .map(|(k, v)| Attribute {
                key: (*k).into(),
                value: (*v).into(),
            })
            .collect(),
    }
}

pub fn attributes_plugin(pairs: &[(&str, &str)]) -> PluginAuthorityPair {
    PluginAuthorityPair {
        plugin: Plugin::Attributes(attributes(pairs)),
        authority: None,
    }
}

pub fn with_authority(
    mut pair: PluginAuthorityPair,
    authority: PluginAuthority,
) -> PluginAuthorityPair {
    pair.authority = Some(authority);
    pair
}

pub fn system() -> Pubkey {
    system_program::id()
}
