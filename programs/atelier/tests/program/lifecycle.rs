//! Whole job lives, with every lamport accounted for: the sum of all balances involved changes
//! by exactly the transaction fees.

use super::{fixtures::*, harness::*};
use atelier::{events::JobFinalized, state::*};
use solana_sdk::signature::Signer;

#[tokio::test]
async fn accepted_job_pays_worker_verifiers_and_treasury_to_the_lamport() {
    let mut env = setup().await;
    let payment = 3 * SOL;
    let s = env.submitted_job(payment).await;
    env.attest(&s, 0, 3_050, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();

    let keys = s.ledger_keys(&env);
    let before_total = env.total(&keys).await;
    let worker_wallet = env.balance(&s.worker.pubkey()).await;
    let client = env.balance(&s.client.pubkey()).await;
    let treasury = env.balance(&env.treasury.pubkey()).await;
    let v0 = env.balance(&s.verifiers[0].pubkey()).await;
    let job_lamports = env.balance(&s.job).await;

    let cranker = env.wallet(SOL).await;
    let payees = vec![s.verifiers[0].pubkey(), s.verifiers[1].pubkey()];
    let logs = env
        .send(
            &[ix_finalize(&s.finalize_keys(
                &env,
                &cranker.pubkey(),
                payees,
            ))],
            &[&cranker],
        )
        .await
        .unwrap();

    // 5 % protocol fee, 3 % verifier pool split between two agreeing verifiers.
    let fee = payment * 500 / 10_000;
    let pool = payment * 300 / 10_000;
    assert_eq!(
        env.balance(&s.worker.pubkey()).await - worker_wallet,
        payment - fee - pool
    );
    assert_eq!(env.balance(&s.verifiers[0].pubkey()).await - v0, pool / 2);
    assert_eq!(
        env.balance(&env.treasury.pubkey()).await - treasury,
        fee + pool % 2
    );
    // The job account closed; its rent and what the mint left of the deposit went back to the
    // client, and the minted asset holds the rest of the deposit.
    assert!(!env.exists(&s.job).await);
    let cost = mint_cost(&logs) as u64;
    assert_eq!(
        env.balance(&s.client.pubkey()).await - client,
        job_lamports - payment - cost
    );
    assert_eq!(env.balance(&s.asset()).await, cost);
    // The cranker paid only its fee; nothing else was created or lost.
    assert_eq!(env.total(&keys).await, before_total);

    let provenance: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(provenance.status, ProvenanceStatus::Accepted);
    assert_eq!(provenance.verified_score, Some(3_025));
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(
        (
            worker.jobs_completed,
            worker.jobs_failed,
            worker.jobs_in_flight
        ),
        (1, 0, 0)
    );
    assert_eq!((worker.scores.count, worker.scores.sum), (1, 3_025));
    assert_eq!(worker.total_earned, payment - fee - pool);
    let event = &events::<JobFinalized>(&logs)[0];
    assert!(event.accepted);
    assert_eq!(event.worker_paid, payment - fee - pool);
}

// ---------------------------------------------------------------- every path, from before the job exists

use anchor_lang::prelude::Pubkey;
use atelier::events::{ClaimExpired, JobCancelled};
use solana_sdk::{instruction::Instruction, signature::Keypair};

const PAYMENT: u64 = 2 * SOL + 12_345;

/// A job's whole life, with the ledger snapshotted before the job was created and every fee a
/// ledger account paid counted.
struct Life {
    s: Scenario,
    keys: Vec<Pubkey>,
    start: Vec<u64>,
    fees_paid: u64,
}

impl Life {
    /// A client, a worker and three verifiers (2 SOL stake each); then the client creates the job.
    async fn begin(env: &mut Env, payment: u64) -> Life {
        let client = env.wallet(payment + 10 * SOL).await;
        let worker = env.register_worker(2 * SOL).await;
        let mut verifiers = Vec::new();
        for _ in 0..3 {
            verifiers.push(env.register_worker(2 * SOL).await);
        }
        let s = Scenario {
            job: job_pda(&client.pubkey(), 1),
            client,
            worker,
            verifiers,
            job_id: 1,
            payment,
            content_hash: unique_hash(),
        };
        let keys = s.ledger_keys(env);
        let mut start = Vec::new();
        for k in &keys {
            start.push(env.balance(k).await);
        }
        let mut life = Life {
            s,
            keys,
            start,
            fees_paid: 0,
        };
        let deadline = env.now().await + 86_400;
        let client = life.s.client.insecure_clone();
        life.send(
            env,
            ix_create_job(&client.pubkey(), job_args(1, payment, deadline)),
            &client,
        )
        .await;
        life
    }

    /// Sends one instruction; a signer from the ledger pays its fee out of the ledger.
    async fn send(&mut self, env: &mut Env, ix: Instruction, signer: &Keypair) -> Vec<String> {
        let logs = env.send(&[ix], &[signer]).await.unwrap();
        if self.keys.contains(&signer.pubkey()) {
            self.fees_paid += FEE_PER_SIGNATURE;
        }
        logs
    }

    async fn claim(&mut self, env: &mut Env, worker: &Keypair) {
        self.send(env, ix_claim_job(&worker.pubkey(), &self.s.job), worker)
            .await;
    }

    async fn submit(&mut self, env: &mut Env, worker: &Keypair, score: u16) {
        let args = result_args(self.s.content_hash, score, vec![]);
        self.send(
            env,
            ix_submit_result(&worker.pubkey(), &self.s.job, args),
            worker,
        )
        .await;
    }

    /// Verifier `i` commits; once the committee is full every commitment is revealed (each
    /// verifier pays two fees).
    async fn attest(&mut self, env: &mut Env, i: usize, score: u16, agree: bool) {
        let v = self.s.verifiers[i].insecure_clone();
        let job = self.s.job;
        let before = env.balance(&v.pubkey()).await;
        env.commit_as(&job, &v, score, agree).await.unwrap();
        assert_eq!(env.balance(&v.pubkey()).await, before - FEE_PER_SIGNATURE);
        self.fees_paid += FEE_PER_SIGNATURE;
        let account: Job = env.fetch(&job).await;
        if account.attestations.len() >= env.config().await.params.verifier_committee as usize {
            let n = env.reveal_pending(&job).await as u64;
            self.fees_paid += n * FEE_PER_SIGNATURE;
        }
    }

    /// Finalizes through a cranker outside the ledger.
    async fn finalize(
        &mut self,
        env: &mut Env,
        worker: &Keypair,
        payees: Vec<Pubkey>,
    ) -> Vec<String> {
        let cranker = env.wallet(SOL).await;
        let mut keys = self.s.finalize_keys(env, &cranker.pubkey(), payees);
        keys.worker_authority = worker.pubkey();
        self.send(env, ix_finalize(&keys), &cranker).await
    }

    /// Expires the claim through a cranker outside the ledger.
    async fn expire(&mut self, env: &mut Env, worker: &Keypair) -> Vec<String> {
        let cranker = env.wallet(SOL).await;
        let ix = ix_expire(
            &cranker.pubkey(),
            &self.s.job,
            &worker.pubkey(),
            &self.s.client.pubkey(),
            &env.treasury.pubkey(),
        );
        self.send(env, ix, &cranker).await
    }

    /// Balance change of `key` since before the job was created.
    async fn delta(&self, env: &mut Env, key: &Pubkey) -> i128 {
        let i = self.keys.iter().position(|k| k == key).expect("ledger key");
        env.balance(key).await as i128 - self.start[i] as i128
    }

    async fn treasury_delta(&self, env: &mut Env) -> i128 {
        let treasury = env.treasury.pubkey();
        self.delta(env, &treasury).await
    }

    /// The ledger as a whole changed by exactly the fees its accounts paid.
    async fn assert_conserved(&self, env: &mut Env) {
        let start: u64 = self.start.iter().sum();
        assert_eq!(env.total(&self.keys).await, start - self.fees_paid);
    }
}

async fn settle_window(env: &mut Env, life: &Life) {
    let submitted_at = env.fetch::<Job>(&life.s.job).await.submitted_at;
    env.set_time(submitted_at + 3_600).await;
}

#[tokio::test]
async fn accepted_life_leaves_every_lamport_where_it_belongs_from_creation_to_settlement() {
    let mut env = setup().await;
    let mut life = Life::begin(&mut env, PAYMENT).await;
    let worker = life.s.worker.insecure_clone();
    life.claim(&mut env, &worker).await;
    life.submit(&mut env, &worker, 3_200).await;
    life.attest(&mut env, 0, 3_101, true).await;
    life.attest(&mut env, 1, 3_000, true).await;
    let payees = vec![life.s.verifiers[0].pubkey(), life.s.verifiers[1].pubkey()];
    let logs = life.finalize(&mut env, &worker, payees).await;

    let prov_rent = env.rent(provenance_space(0)).await as i128;
    let fee = PAYMENT * 500 / 10_000;
    let pool = PAYMENT * 300 / 10_000;
    let worker_paid = (PAYMENT - fee - pool) as i128;
    let s = &life.s;
    // Client: the payment, the mint and one fee; the job's rent and the rest of the deposit
    // came back.
    assert_eq!(
        life.delta(&mut env, &s.client.pubkey()).await,
        -(PAYMENT as i128) - mint_cost(&logs) - fees(1) as i128
    );
    // Worker: paid, less the provenance rent and two fees; the stake is untouched.
    assert_eq!(
        life.delta(&mut env, &s.worker.pubkey()).await,
        worker_paid - prov_rent - fees(2) as i128
    );
    assert_eq!(
        life.delta(&mut env, &worker_pda(&s.worker.pubkey())).await,
        0
    );
    for i in 0..2 {
        assert_eq!(
            life.delta(&mut env, &s.verifiers[i].pubkey()).await,
            (pool / 2) as i128 - fees(2) as i128
        );
    }
    assert_eq!(life.delta(&mut env, &s.verifiers[2].pubkey()).await, 0);
    assert_eq!(
        life.treasury_delta(&mut env).await,
        (fee + pool % 2) as i128
    );
    // Nothing is left in the closed job; the record holds exactly its rent.
    assert!(!env.exists(&s.job).await);
    assert_eq!(
        life.delta(&mut env, &provenance_pda(&s.content_hash)).await,
        prov_rent
    );
    life.assert_conserved(&mut env).await;

    let record: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(record.status, ProvenanceStatus::Accepted);
    assert_eq!(record.verified_score, Some(3_050));
    let w: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(
        (w.jobs_completed, w.jobs_failed, w.jobs_in_flight),
        (1, 0, 0)
    );
    assert_eq!(w.total_earned, worker_paid as u64);
    assert_eq!(
        w.scores,
        ScoreStats {
            count: 1,
            sum: 3_050,
            sum_sq: 3_050 * 3_050
        }
    );
    let config = env.config().await;
    assert_eq!(config.population_scores, w.scores);
    assert_eq!(config.jobs_settled, 1);
    for i in 0..2 {
        let v: Worker = env.fetch(&worker_pda(&s.verifiers[i].pubkey())).await;
        assert_eq!(v.attestations, 1);
    }
}

#[tokio::test]
async fn life_rejected_by_a_disagreeing_quorum_refunds_the_client_in_full_and_slashes_to_the_treasury(
) {
    // A majority committee (quorum 2 of 3); the minority's score is within the tolerance of the
    // median, so only the worker is slashed.
    let mut env = setup_with(params_with(|p| p.verifier_committee = 3)).await;
    let mut life = Life::begin(&mut env, PAYMENT).await;
    let worker = life.s.worker.insecure_clone();
    life.claim(&mut env, &worker).await;
    life.submit(&mut env, &worker, 3_200).await;
    life.attest(&mut env, 0, 2_600, false).await;
    life.attest(&mut env, 1, 2_700, true).await;
    life.attest(&mut env, 2, 2_401, false).await;
    // The whole committee is passed on every verdict; the agreeing one is paid only on acceptance.
    let committee = life.s.payees(&[0, 1, 2]);
    let logs = life.finalize(&mut env, &worker, committee).await;

    let prov_rent = env.rent(provenance_space(0)).await as i128;
    let slash = (2 * SOL / 10) as i128;
    let s = &life.s;
    // The client is out only its fee: payment and rent are back.
    assert_eq!(
        life.delta(&mut env, &s.client.pubkey()).await,
        -(fees(1) as i128)
    );
    assert_eq!(
        life.delta(&mut env, &s.worker.pubkey()).await,
        -prov_rent - fees(2) as i128
    );
    assert_eq!(
        life.delta(&mut env, &worker_pda(&s.worker.pubkey())).await,
        -slash
    );
    // The slash and the rejected provenance record's rent.
    assert_eq!(life.treasury_delta(&mut env).await, slash + prov_rent);
    // Each verifier paid its commit and its reveal, and no more.
    for i in 0..3 {
        assert_eq!(
            life.delta(&mut env, &s.verifiers[i].pubkey()).await,
            -(fees(2) as i128)
        );
        assert_eq!(
            life.delta(&mut env, &worker_pda(&s.verifiers[i].pubkey()))
                .await,
            0
        );
    }
    assert!(!env.exists(&s.job).await);
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
    life.assert_conserved(&mut env).await;

    let e = &events::<JobFinalized>(&logs)[0];
    assert!(!e.accepted);
    // The deciding side only: (2600 + 2401) / 2 = 2500.
    assert_eq!(e.verified_score, Some(2_500));
    let w: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(
        (w.jobs_completed, w.jobs_failed, w.jobs_in_flight),
        (0, 1, 0)
    );
    assert_eq!(
        (w.stake, w.total_slashed),
        (2 * SOL - slash as u64, slash as u64)
    );
    assert_eq!(
        w.scores,
        ScoreStats {
            count: 1,
            sum: 2_500,
            sum_sq: 2_500 * 2_500
        }
    );
    let config = env.config().await;
    assert_eq!(config.population_scores, w.scores);
    assert_eq!(config.jobs_settled, 1);
}

#[tokio::test]
async fn life_rejected_below_the_score_floor_refunds_the_client_in_full_and_slashes_to_the_treasury(
) {
    let mut env = setup().await;
    let mut life = Life::begin(&mut env, PAYMENT).await;
    let worker = life.s.worker.insecure_clone();
    life.claim(&mut env, &worker).await;
    life.submit(&mut env, &worker, 1_500).await;
    life.finalize(&mut env, &worker, vec![]).await;

    let prov_rent = env.rent(provenance_space(0)).await as i128;
    let slash = (2 * SOL / 10) as i128;
    let s = &life.s;
    assert_eq!(
        life.delta(&mut env, &s.client.pubkey()).await,
        -(fees(1) as i128)
    );
    assert_eq!(
        life.delta(&mut env, &s.worker.pubkey()).await,
        -prov_rent - fees(2) as i128
    );
    assert_eq!(
        life.delta(&mut env, &worker_pda(&s.worker.pubkey())).await,
        -slash
    );
    let prov_rent = env.rent(provenance_space(0)).await as i128;
    assert_eq!(life.treasury_delta(&mut env).await, slash + prov_rent);
    assert!(!env.exists(&s.job).await);
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
    life.assert_conserved(&mut env).await;
    let w: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!((w.jobs_failed, w.scores.count), (1, 0));
    let config = env.config().await;
    assert_eq!(
        (config.jobs_settled, config.population_scores.count),
        (1, 0)
    );
}

#[tokio::test]
async fn cancelled_life_returns_everything_to_the_client_but_the_fees() {
    let mut env = setup().await;
    let mut life = Life::begin(&mut env, PAYMENT).await;
    let client = life.s.client.insecure_clone();
    let logs = life
        .send(
            &mut env,
            ix_cancel_job(&client.pubkey(), &life.s.job),
            &client,
        )
        .await;
    let rent = env.rent(Job::SPACE).await;
    assert_eq!(
        events::<JobCancelled>(&logs)[0].refunded,
        PAYMENT + rent + DEPOSIT
    );
    assert_eq!(
        life.delta(&mut env, &client.pubkey()).await,
        -(fees(2) as i128)
    );
    assert!(!env.exists(&life.s.job).await);
    assert_eq!(life.treasury_delta(&mut env).await, 0);
    life.assert_conserved(&mut env).await;
}

#[tokio::test]
async fn expired_claim_reopened_and_accepted_for_another_worker_pays_the_second_and_penalises_the_first(
) {
    let mut env = setup().await;
    let mut life = Life::begin(&mut env, PAYMENT).await;
    let late = life.s.worker.insecure_clone();
    // The second worker is verifier 2; verifiers 0 and 1 attest.
    let second = life.s.verifiers[2].insecure_clone();
    life.claim(&mut env, &late).await;
    let claim_deadline = env.fetch::<Job>(&life.s.job).await.claim_deadline;
    env.set_time(claim_deadline + 1).await;
    let logs = life.expire(&mut env, &late).await;
    assert!(events::<ClaimExpired>(&logs)[0].reopened);
    life.claim(&mut env, &second).await;
    life.submit(&mut env, &second, 3_500).await;
    life.attest(&mut env, 0, 3_400, true).await;
    life.attest(&mut env, 1, 3_600, true).await;
    let payees = vec![life.s.verifiers[0].pubkey(), life.s.verifiers[1].pubkey()];
    let logs = life.finalize(&mut env, &second, payees).await;

    let prov_rent = env.rent(provenance_space(0)).await as i128;
    let fee = PAYMENT * 500 / 10_000;
    let pool = PAYMENT * 300 / 10_000;
    let worker_paid = (PAYMENT - fee - pool) as i128;
    let penalty = (2 * SOL / 100) as i128;
    let s = &life.s;
    assert_eq!(
        life.delta(&mut env, &s.client.pubkey()).await,
        -(PAYMENT as i128) - mint_cost(&logs) - fees(1) as i128
    );
    // The late worker paid its claim fee and the penalty, and earned nothing.
    assert_eq!(
        life.delta(&mut env, &late.pubkey()).await,
        -(fees(1) as i128)
    );
    assert_eq!(
        life.delta(&mut env, &worker_pda(&late.pubkey())).await,
        -penalty
    );
    assert_eq!(
        life.delta(&mut env, &second.pubkey()).await,
        worker_paid - prov_rent - fees(2) as i128
    );
    assert_eq!(life.delta(&mut env, &worker_pda(&second.pubkey())).await, 0);
    assert_eq!(
        life.treasury_delta(&mut env).await,
        penalty + (fee + pool % 2) as i128
    );
    assert!(!env.exists(&s.job).await);
    life.assert_conserved(&mut env).await;

    let record: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(record.status, ProvenanceStatus::Accepted);
    assert_eq!(record.worker, worker_pda(&second.pubkey()));
    let l: Worker = env.fetch(&worker_pda(&late.pubkey())).await;
    assert_eq!(
        (l.jobs_completed, l.jobs_failed, l.jobs_in_flight),
        (0, 1, 0)
    );
    assert_eq!(
        (l.stake, l.total_slashed),
        (2 * SOL - penalty as u64, penalty as u64)
    );
    let w: Worker = env.fetch(&worker_pda(&second.pubkey())).await;
    assert_eq!(
        (w.jobs_completed, w.jobs_failed, w.jobs_in_flight),
        (1, 0, 0)
    );
    assert_eq!(
        w.scores,
        ScoreStats {
            count: 1,
            sum: 3_500,
            sum_sq: 3_500 * 3_500
        }
    );
    assert_eq!(env.config().await.population_scores, w.scores);
}

#[tokio::test]
async fn expired_claim_past_the_client_deadline_refunds_the_client_exactly_and_penalises_the_worker(
) {
    let mut env = setup().await;
    let mut life = Life::begin(&mut env, PAYMENT).await;
    let worker = life.s.worker.insecure_clone();
    life.claim(&mut env, &worker).await;
    let deadline = env.fetch::<Job>(&life.s.job).await.deadline;
    env.set_time(deadline + 1).await;
    let logs = life.expire(&mut env, &worker).await;
    assert!(!events::<ClaimExpired>(&logs)[0].reopened);

    let penalty = (2 * SOL / 100) as i128;
    let s = &life.s;
    // Payment and rent are back: the client is out only the creation fee.
    assert_eq!(
        life.delta(&mut env, &s.client.pubkey()).await,
        -(fees(1) as i128)
    );
    assert_eq!(
        life.delta(&mut env, &s.worker.pubkey()).await,
        -(fees(1) as i128)
    );
    assert_eq!(
        life.delta(&mut env, &worker_pda(&s.worker.pubkey())).await,
        -penalty
    );
    assert_eq!(life.treasury_delta(&mut env).await, penalty);
    assert!(!env.exists(&s.job).await);
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
    life.assert_conserved(&mut env).await;
    let w: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!((w.jobs_failed, w.jobs_in_flight), (1, 0));
    assert_eq!(env.config().await.jobs_settled, 0);
}

#[tokio::test]
async fn a_silent_window_settles_unverified_refunding_the_client_and_the_workers_provenance_rent() {
    let mut env = setup().await;
    let mut life = Life::begin(&mut env, PAYMENT).await;
    let worker = life.s.worker.insecure_clone();
    life.claim(&mut env, &worker).await;
    life.submit(&mut env, &worker, 3_200).await;
    settle_window(&mut env, &life).await;
    life.finalize(&mut env, &worker, vec![]).await;

    let s = &life.s;
    // Nothing accepted without verifiers: the client is out only its fee, the worker only its
    // fees (provenance rent returned), the treasury gets nothing.
    assert_eq!(
        life.delta(&mut env, &s.client.pubkey()).await,
        -(fees(1) as i128)
    );
    assert_eq!(
        life.delta(&mut env, &s.worker.pubkey()).await,
        -(fees(2) as i128)
    );
    assert_eq!(life.treasury_delta(&mut env).await, 0);
    assert!(!env.exists(&s.asset()).await);
    life.assert_conserved(&mut env).await;
}

#[tokio::test]
async fn two_settled_jobs_accumulate_worker_and_population_score_statistics() {
    let mut env = setup().await;
    let mut first = Life::begin(&mut env, PAYMENT).await;
    let worker = first.s.worker.insecure_clone();
    first.claim(&mut env, &worker).await;
    first.submit(&mut env, &worker, 3_200).await;
    first.attest(&mut env, 0, 3_000, true).await;
    first.attest(&mut env, 1, 3_000, true).await;
    let payees = vec![first.s.verifiers[0].pubkey(), first.s.verifiers[1].pubkey()];
    first.finalize(&mut env, &worker, payees).await;

    // A second job for the same worker, rejected by the verifiers.
    let client = env.wallet(10 * SOL).await;
    let job = job_pda(&client.pubkey(), 9);
    let deadline = env.now().await + 86_400;
    env.send(
        &[ix_create_job(&client.pubkey(), job_args(9, SOL, deadline))],
        &[&client],
    )
    .await
    .unwrap();
    env.send(&[ix_claim_job(&worker.pubkey(), &job)], &[&worker])
        .await
        .unwrap();
    let hash = unique_hash();
    env.send(
        &[ix_submit_result(
            &worker.pubkey(),
            &job,
            result_args(hash, 3_200, vec![]),
        )],
        &[&worker],
    )
    .await
    .unwrap();
    for i in 0..2 {
        let v = first.s.verifiers[i].insecure_clone();
        env.commit_as(&job, &v, 2_500, false).await.unwrap();
    }
    env.reveal_pending(&job).await;
    let cranker = env.wallet(SOL).await;
    let keys = FinalizeKeys {
        cranker: cranker.pubkey(),
        job,
        content_hash: hash,
        worker_authority: worker.pubkey(),
        client: client.pubkey(),
        treasury: env.treasury.pubkey(),
        payees: first.s.payees(&[0, 1]),
    };
    env.send(&[ix_finalize(&keys)], &[&cranker]).await.unwrap();

    let expected = ScoreStats {
        count: 2,
        sum: 3_000 + 2_500,
        sum_sq: 3_000 * 3_000 + 2_500 * 2_500,
    };
    let w: Worker = env.fetch(&worker_pda(&worker.pubkey())).await;
    assert_eq!(w.scores, expected);
    assert_eq!(
        (w.jobs_completed, w.jobs_failed, w.jobs_in_flight),
        (1, 1, 0)
    );
    let config = env.config().await;
    assert_eq!(config.population_scores, expected);
    assert_eq!(config.jobs_settled, 2);
}
