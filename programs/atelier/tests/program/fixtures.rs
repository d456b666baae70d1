//! Higher-level steps built on the harness: actors that register, jobs at each stage.
#![allow(dead_code)]

use super::harness::*;
use anchor_lang::prelude::Pubkey;
use atelier::{constants::ASSIGNMENT_DELAY_SLOTS, state::*};
use solana_sdk::signature::{Keypair, Signer};

/// A fresh, unique 32-byte content hash.
pub fn unique_hash() -> [u8; 32] {
    Pubkey::new_unique().to_bytes()
}

pub struct Artist {
    pub authority: Keypair,
    pub account: Pubkey,
}

/// A job carried to some stage, with everyone involved.
pub struct Scenario {
    pub client: Keypair,
    pub worker: Keypair,
    pub verifiers: Vec<Keypair>,
    pub job: Pubkey,
    pub job_id: u64,
    pub payment: u64,
    pub content_hash: [u8; 32],
}

impl Scenario {
    pub fn finalize_keys(&self, env: &Env, cranker: &Pubkey, payees: Vec<Pubkey>) -> FinalizeKeys {
        FinalizeKeys {
            cranker: *cranker,
            job: self.job,
            content_hash: self.content_hash,
            worker_authority: self.worker.pubkey(),
            client: self.client.pubkey(),
            treasury: env.treasury.pubkey(),
            payees,
        }
    }

    /// Every account whose lamports a job's life can touch (for conservation checks).
    pub fn ledger_keys(&self, env: &Env) -> Vec<Pubkey> {
        let mut keys = vec![
            self.client.pubkey(),
            self.worker.pubkey(),
            worker_pda(&self.worker.pubkey()),
            self.job,
            provenance_pda(&self.content_hash),
            env.treasury.pubkey(),
        ];
        for v in &self.verifiers {
            keys.push(v.pubkey());
            keys.push(worker_pda(&v.pubkey()));
        }
        keys.push(self.asset());
        keys.push(self.splitter());
        keys.push(mint_payer_pda());
        keys
    }

    /// The Core asset address of this scenario's image.
    pub fn asset(&self) -> Pubkey {
        asset_pda(&self.content_hash)
    }

    /// The royalty splitter address of this scenario's asset.
    pub fn splitter(&self) -> Pubkey {
        splitter_pda(&self.asset())
    }

    /// The agreeing verifiers' wallets, for `finalize`.
    pub fn payees(&self, idx: &[usize]) -> Vec<Pubkey> {
        idx.iter().map(|i| self.verifiers[*i].pubkey()).collect()
    }
}

/// An accepted, minted job with the artists it named.
pub struct Minted {
    pub s: Scenario,
    pub artists: Vec<Artist>,
    pub influences: Vec<InfluenceWeight>,
    /// Logs of the settling `finalize_job`.
    pub logs: Vec<String>,
}

impl Env {
    pub async fn register_worker(&mut self, stake: u64) -> Keypair {
        let kp = self.wallet(stake + 10 * SOL).await;
        self.send(&[ix_register_worker(&kp.pubkey(), stake)], &[&kp])
            .await
            .expect("register_worker");
        kp
    }

    pub async fn register_artist(&mut self, name: &str) -> Artist {
        let authority = self.wallet(SOL).await;
        self.send(
            &[ix_register_artist(&authority.pubkey(), profile(name))],
            &[&authority],
        )
        .await
        .expect("register_artist");
        let account = artist_pda(&authority.pubkey());
        Artist { authority, account }
    }

    /// An open job paid by a new client, deadline one day out.
    pub async fn open_job(&mut self, payment: u64) -> Scenario {
        let client = self.wallet(payment + 10 * SOL).await;
        let worker = self.register_worker(2 * SOL).await;
        let mut verifiers = Vec::new();
        for _ in 0..3 {
            verifiers.push(self.register_worker(2 * SOL).await);
        }
        let job_id = 1;
        let deadline = self.now().await + 86_400;
        self.send(
            &[ix_create_job(
                &client.pubkey(),
                job_args(job_id, payment, deadline),
            )],
            &[&client],
        )
        .await
        .expect("create_job");
        let job = job_pda(&client.pubkey(), job_id);
        Scenario {
            client,
            worker,
            verifiers,
            job,
            job_id,
            payment,
            content_hash: unique_hash(),
        }
    }

    pub async fn claimed_job(&mut self, payment: u64) -> Scenario {
        let s = self.open_job(payment).await;
        self.send(&[ix_claim_job(&s.worker.pubkey(), &s.job)], &[&s.worker])
            .await
            .expect("claim_job");
        s
    }

    pub async fn submit(
        &mut self,
        s: &Scenario,
        clip_score: u16,
        influences: Vec<InfluenceWeight>,
    ) -> TxResult {
        let ix = ix_submit_result(
            &s.worker.pubkey(),
            &s.job,
            result_args(s.content_hash, clip_score, influences),
        );
        self.send(&[ix], &[&s.worker]).await
    }

    pub async fn submitted_job(&mut self, payment: u64) -> Scenario {
        let s = self.claimed_job(payment).await;
        self.submit(&s, 3_100, vec![]).await.expect("submit_result");
        s
    }

    /// Verifier `verifier` commits to (score, agree); once the commit fills the committee,
    /// every pending commitment of the job is revealed (the honest path in one step).
    pub async fn attest(
        &mut self,
        s: &Scenario,
        verifier: usize,
        score: u16,
        agree: bool,
    ) -> TxResult {
        let v = s.verifiers[verifier].insecure_clone();
        let logs = self.commit_as(&s.job, &v, score, agree).await?;
        let job: Job = self.fetch(&s.job).await;
        if job.attestations.len() >= self.config().await.params.verifier_committee as usize {
            self.reveal_pending(&s.job).await;
        }
        Ok(logs)
    }

    /// `verifier` commits to (score, agree) with a fresh salt, kept for `reveal_pending`. Ends
    /// the slot the seed is read from first when the chain has not got there yet.
    pub async fn commit_as(
        &mut self,
        job: &Pubkey,
        verifier: &Keypair,
        score: u16,
        agree: bool,
    ) -> TxResult {
        let account: Job = self.fetch(job).await;
        if account.seed.is_none() {
            while self.slot().await <= account.submitted_slot + ASSIGNMENT_DELAY_SLOTS {
                self.next_slot().await;
            }
        }
        let salt = unique_hash();
        let commitment =
            attestation_commitment(job, &worker_pda(&verifier.pubkey()), score, agree, &salt);
        let logs = self
            .send(
                &[ix_commit(&verifier.pubkey(), job, commitment)],
                &[verifier],
            )
            .await?;
        self.pending.push(PendingReveal {
            job: *job,
            verifier: verifier.insecure_clone(),
            score,
            agree,
            salt,
        });
        Ok(logs)
    }

    /// Reveals every pending commitment of `job` that can be revealed now; returns how many.
    pub async fn reveal_pending(&mut self, job: &Pubkey) -> usize {
        let mine: Vec<PendingReveal> = {
            let (mine, rest) = std::mem::take(&mut self.pending)
                .into_iter()
                .partition(|p| p.job == *job);
            self.pending = rest;
            mine
        };
        let mut revealed = 0;
        for p in mine {
            let ix = ix_reveal(&p.verifier.pubkey(), job, p.score, p.agree, p.salt);
            if self.send(&[ix], &[&p.verifier]).await.is_ok() {
                revealed += 1;
            } else {
                self.pending.push(p);
            }
        }
        revealed
    }

    /// Drops the harness's pending reveal of `verifier` on `job` (a verifier that never reveals).
    pub fn forget_reveal(&mut self, job: &Pubkey, verifier: &Pubkey) {
        self.pending
            .retain(|p| !(p.job == *job && p.verifier.pubkey() == *verifier));
    }

    /// Reveals what can be revealed, then finalizes with a new cranker wallet; `payees` are the
    /// committee's wallets in commit order.
    pub async fn finalize(&mut self, s: &Scenario, payees: Vec<Pubkey>) -> TxResult {
        self.reveal_pending(&s.job).await;
        let cranker = self.wallet(SOL).await;
        let ix = ix_finalize(&s.finalize_keys(self, &cranker.pubkey(), payees));
        self.send(&[ix], &[&cranker]).await
    }

    /// Expires the scenario's claim with a new cranker wallet.
    pub async fn expire(&mut self, s: &Scenario) -> TxResult {
        let cranker = self.wallet(SOL).await;
        let ix = ix_expire(
            &cranker.pubkey(),
            &s.job,
            &s.worker.pubkey(),
            &s.client.pubkey(),
            &self.treasury.pubkey(),
        );
        self.send(&[ix], &[&cranker]).await
    }
}

// ---------------------------------------------------------------- job-flow helpers

/// What the accepted job's mint took from its deposit (from the `AssetMinted` event).
pub fn mint_cost(logs: &[String]) -> i128 {
    events::<atelier::events::AssetMinted>(logs)[0].mint_cost as i128
}

/// Transaction fees for `signatures` signatures.
pub fn fees(signatures: u64) -> u64 {
    FEE_PER_SIGNATURE * signatures
}

/// Asserts a transaction failed with this raw custom code (e.g. a system program error:
/// 0 = account already in use, 1 = insufficient lamports).
#[track_caller]
pub fn assert_custom_code(result: TxResult, expected: u32) {
    match result {
        Err(Failure::Code(c)) => assert_eq!(c, expected, "expected code {expected}, got {c}"),
        other => panic!("expected code {expected}, got {other:?}"),
    }
}

impl Env {
    /// The admin pauses the protocol.
    pub async fn pause_protocol(&mut self) {
        let admin = self.admin.insecure_clone();
        self.send(&[ix_set_paused(&admin.pubkey(), true)], &[&admin])
            .await
            .expect("set_paused");
    }

    /// The admin changes some protocol parameters, keeping admin and treasury.
    pub async fn change_params(&mut self, change: impl FnOnce(&mut ProtocolParams)) {
        let mut params = self.config().await.params;
        change(&mut params);
        let admin = self.admin.insecure_clone();
        let treasury = self.treasury.pubkey();
        let args = atelier::instructions::UpdateConfigArgs {
            admin: admin.pubkey(),
            params,
        };
        self.send(
            &[ix_update_config(&admin.pubkey(), &treasury, args)],
            &[&admin],
        )
        .await
        .expect("update_config");
    }

    /// Registers `n` more verifiers (2 SOL stake each) on a scenario.
    pub async fn add_verifiers(&mut self, s: &mut Scenario, n: usize) {
        for _ in 0..n {
            let v = self.register_worker(2 * SOL).await;
            s.verifiers.push(v);
        }
    }
}

impl Env {
    /// Registers one artist per weight and returns them with their influence weights.
    pub async fn artists_with(&mut self, bps: &[u16]) -> (Vec<Artist>, Vec<InfluenceWeight>) {
        let mut artists = Vec::new();
        let mut weights = Vec::new();
        for (i, b) in bps.iter().enumerate() {
            let a = self.register_artist(&format!("artist-{i}")).await;
            weights.push(InfluenceWeight {
                artist: a.account,
                bps: *b,
            });
            artists.push(a);
        }
        (artists, weights)
    }

    /// A job accepted by two agreeing verifiers, its image naming artists with these weights
    /// (none for an empty slice), settled and minted.
    pub async fn minted_job(&mut self, payment: u64, bps: &[u16]) -> Minted {
        let (artists, influences) = self.artists_with(bps).await;
        let s = self.claimed_job(payment).await;
        self.submit(&s, 3_100, influences.clone())
            .await
            .expect("submit_result");
        self.attest(&s, 0, 3_100, true).await.expect("attest");
        self.attest(&s, 1, 3_000, true).await.expect("attest");
        let payees = s.payees(&[0, 1]);
        let logs = self.finalize(&s, payees).await.expect("finalize_job");
        Minted {
            s,
            artists,
            influences,
            logs,
        }
    }

    /// The raw data of a Core account (asset or collection).
    pub async fn core_data(&mut self, key: &Pubkey) -> Vec<u8> {
        let acc = self
            .account(key)
            .await
            .unwrap_or_else(|| panic!("account {key} does not exist"));
        assert_eq!(acc.owner, mpl_core::ID, "{key} is not owned by Core");
        acc.data
    }

    /// The owner recorded in a Core asset.
    pub async fn asset_owner(&mut self, asset: &Pubkey) -> Pubkey {
        let data = self.core_data(asset).await;
        mpl_core::accounts::BaseAssetV1::from_bytes(&data)
            .expect("BaseAssetV1")
            .owner
    }

    /// A wallet sends lamports to any account (royalties paid by an outside marketplace).
    pub async fn pay(&mut self, to: &Pubkey, lamports: u64) {
        let payer = self.ctx.payer.insecure_clone();
        let ix = solana_sdk::system_instruction::transfer(&payer.pubkey(), to, lamports);
        self.send(&[ix], &[&payer]).await.expect("transfer");
    }
}
