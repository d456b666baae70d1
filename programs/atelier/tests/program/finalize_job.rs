//! Tests of `finalize_job`: verdict rules, payouts to the lamport, and forged accounts.

use super::{fixtures::*, harness::*};
use anchor_lang::{error::ErrorCode, prelude::Pubkey};
use atelier::{
    error::AtelierError,
    events::{JobFinalized, SlashReason, WorkerSlashed},
    state::*,
};
use solana_sdk::{
    instruction::AccountMeta,
    signature::{Keypair, Signer},
};

const WINDOW: i64 = 3_600;
const COMMIT_WINDOW: i64 = 1_200;

/// Balance changes of a scenario's ledger accounts (see `Scenario::ledger_keys`).
struct Deltas(Vec<i128>);

impl Deltas {
    fn client(&self) -> i128 {
        self.0[0]
    }
    fn worker_wallet(&self) -> i128 {
        self.0[1]
    }
    fn stake_account(&self) -> i128 {
        self.0[2]
    }
    fn job(&self) -> i128 {
        self.0[3]
    }
    fn provenance(&self) -> i128 {
        self.0[4]
    }
    fn treasury(&self) -> i128 {
        self.0[5]
    }
    fn verifier(&self, i: usize) -> i128 {
        self.0[6 + 2 * i]
    }
    fn verifier_stake(&self, i: usize) -> i128 {
        self.0[7 + 2 * i]
    }
    fn sum(&self) -> i128 {
        self.0.iter().sum()
    }
}

async fn balances(env: &mut Env, keys: &[Pubkey]) -> Vec<i128> {
    let mut out = Vec::new();
    for k in keys {
        out.push(env.balance(k).await as i128);
    }
    out
}

/// Finalizes with a fresh cranker (outside the ledger) and returns the logs and balance changes.
async fn settle(env: &mut Env, s: &Scenario, payees: Vec<Pubkey>) -> (Vec<String>, Deltas) {
    // Reveal what can be revealed first (the verifiers pay those fees); what cannot is dropped.
    env.reveal_pending(&s.job).await;
    env.pending.retain(|p| p.job != s.job);
    let keys = s.ledger_keys(env);
    let before = balances(env, &keys).await;
    let logs = env.finalize(s, payees).await.unwrap();
    let after = balances(env, &keys).await;
    let deltas = Deltas(after.iter().zip(&before).map(|(a, b)| a - b).collect());
    // Nothing is created or lost: the cranker pays the only fee.
    assert_eq!(deltas.sum(), 0);
    (logs, deltas)
}

fn wallets(s: &Scenario, idx: &[usize]) -> Vec<Pubkey> {
    idx.iter().map(|i| s.verifiers[*i].pubkey()).collect()
}

/// Ends the commit phase, lets the committed verifiers reveal, then closes the window.
async fn close_window(env: &mut Env, s: &Scenario) {
    let submitted_at = env.fetch::<Job>(&s.job).await.submitted_at;
    env.set_time(submitted_at + COMMIT_WINDOW).await;
    env.reveal_pending(&s.job).await;
    env.set_time(submitted_at + WINDOW).await;
}

/// Majority committee: quorum 2 of 3.
fn majority() -> ProtocolParams {
    params_with(|p| p.verifier_committee = 3)
}

/// A committee member's remaining accounts: its stake account and its wallet.
fn member(wallet: &Pubkey) -> [AccountMeta; 2] {
    [
        AccountMeta::new(worker_pda(wallet), false),
        AccountMeta::new(*wallet, false),
    ]
}

fn fee_of(payment: u64) -> u64 {
    payment * 500 / 10_000
}

fn pool_of(payment: u64) -> u64 {
    payment * 300 / 10_000
}

async fn job_rent(env: &mut Env) -> i128 {
    env.rent(Job::SPACE).await as i128
}

// ---------------------------------------------------------------- verdicts

#[tokio::test]
async fn finalize_job_at_agree_quorum_pays_worker_verifiers_and_treasury() {
    let mut env = setup().await;
    let payment = 2 * SOL;
    let s = env.submitted_job(payment).await;
    env.attest(&s, 0, 3_100, true).await.unwrap();
    env.attest(&s, 1, 3_001, true).await.unwrap();
    env.set_time(T0 + 50).await;
    let rent = job_rent(&mut env).await;

    let (logs, d) = settle(&mut env, &s, wallets(&s, &[0, 1])).await;

    let (fee, pool) = (fee_of(payment), pool_of(payment));
    let worker_paid = payment - fee - pool;
    assert_eq!(d.worker_wallet(), worker_paid as i128);
    assert_eq!(d.verifier(0), (pool / 2) as i128);
    assert_eq!(d.verifier(1), (pool / 2) as i128);
    assert_eq!(d.verifier(2), 0);
    assert_eq!(d.treasury(), (fee + pool % 2) as i128);
    assert_eq!(d.client(), rent + DEPOSIT as i128 - mint_cost(&logs));
    assert_eq!(d.job(), -(payment as i128) - rent - DEPOSIT as i128);
    assert_eq!((d.stake_account(), d.provenance()), (0, 0));
    assert!(!env.exists(&s.job).await);

    let e = &events::<JobFinalized>(&logs)[0];
    assert_eq!(e.job, s.job);
    assert_eq!(e.provenance, provenance_pda(&s.content_hash));
    assert_eq!(e.worker, worker_pda(&s.worker.pubkey()));
    assert!(e.accepted);
    // (3100 + 3001) / 2, rounded down.
    assert_eq!(e.verified_score, Some(3_050));
    assert_eq!(e.worker_paid, worker_paid);
    assert_eq!((e.verifier_paid_each, e.verifiers_paid), (pool / 2, 2));
    assert_eq!(e.treasury_paid, fee + pool % 2);
    assert_eq!((e.client_refunded, e.slashed), (0, 0));
    assert!(events::<WorkerSlashed>(&logs).is_empty());

    let record: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(record.status, ProvenanceStatus::Accepted);
    assert_eq!(record.verified_score, Some(3_050));
    assert_eq!(record.settled_at, Some(T0 + 50));
    let config = env.config().await;
    assert_eq!(config.jobs_settled, 1);
    assert_eq!(
        config.population_scores,
        ScoreStats {
            count: 1,
            sum: 3_050,
            sum_sq: 3_050 * 3_050
        }
    );
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(worker.scores, config.population_scores);
    assert_eq!((worker.jobs_completed, worker.jobs_in_flight), (1, 0));
    assert_eq!(worker.total_earned, worker_paid);
}

#[tokio::test]
async fn finalize_job_at_disagree_quorum_refunds_the_client_and_slashes_the_worker() {
    let mut env = setup().await;
    let payment = 2 * SOL;
    let s = env.submitted_job(payment).await;
    env.attest(&s, 0, 2_900, false).await.unwrap();
    env.attest(&s, 2, 2_500, false).await.unwrap();
    let rent = job_rent(&mut env).await;

    let provenance_rent = env.balance(&provenance_pda(&s.content_hash)).await as i128;

    let (logs, d) = settle(&mut env, &s, wallets(&s, &[0, 2])).await;

    // 10 % of the 2 SOL stake; the rejected provenance record's rent goes to the treasury too.
    let slash = 2 * SOL / 10;
    assert_eq!(d.client(), payment as i128 + rent + DEPOSIT as i128);
    assert_eq!(d.stake_account(), -(slash as i128));
    assert_eq!(d.provenance(), -provenance_rent);
    assert_eq!(d.treasury(), slash as i128 + provenance_rent);
    assert_eq!((d.worker_wallet(), d.verifier(0), d.verifier(2)), (0, 0, 0));
    assert!(!env.exists(&s.job).await);

    let e = &events::<JobFinalized>(&logs)[0];
    assert!(!e.accepted);
    assert_eq!(e.verified_score, Some(2_700));
    assert_eq!(
        (e.worker_paid, e.verifier_paid_each, e.verifiers_paid),
        (0, 0, 0)
    );
    assert_eq!(e.treasury_paid, 0);
    assert_eq!((e.client_refunded, e.slashed), (payment, slash));
    let slashed = &events::<WorkerSlashed>(&logs)[0];
    assert_eq!(slashed.amount, slash);
    assert_eq!(slashed.remaining_stake, 2 * SOL - slash);
    assert_eq!(slashed.reason, SlashReason::RejectedResult);

    // The hash is free again: a rejected record does not block the image's real author.
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(
        (
            worker.jobs_failed,
            worker.jobs_completed,
            worker.jobs_in_flight
        ),
        (1, 0, 0)
    );
    assert_eq!(
        (worker.stake, worker.total_slashed),
        (2 * SOL - slash, slash)
    );
    // The deciding (disagreeing) side's scores enter the statistics.
    assert_eq!(worker.scores.count, 1);
    assert_eq!(env.config().await.jobs_settled, 1);
}

#[tokio::test]
async fn finalize_job_rejects_at_once_when_the_workers_own_score_is_below_the_floor() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    env.submit(&s, 1_999, vec![]).await.unwrap();
    let rent = job_rent(&mut env).await;

    let (logs, d) = settle(&mut env, &s, vec![]).await;

    assert_eq!(d.client(), SOL as i128 + rent + DEPOSIT as i128);
    let e = &events::<JobFinalized>(&logs)[0];
    assert!(!e.accepted && !e.unverified);
    assert_eq!(e.verified_score, None);
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
    // No verified score, nothing recorded in the statistics; the settlement is counted.
    let config = env.config().await;
    assert_eq!(
        (config.population_scores.count, config.jobs_settled),
        (0, 1)
    );
}

#[tokio::test]
async fn an_agreeing_commitment_below_the_floor_cannot_be_revealed_and_costs_a_slice() {
    // Agreeing while scoring below the floor would pass a result and drag the worker's audit
    // statistics down at once: the reveal is refused, so the commitment stays closed and the
    // verifier pays for it like any non-reveal.
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 2_000, true).await.unwrap();
    env.attest(&s, 1, 1_999, true).await.unwrap();
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(
        job.attestations
            .iter()
            .map(|a| a.revealed)
            .collect::<Vec<_>>(),
        vec![true, false]
    );
    close_window(&mut env, &s).await;
    let (logs, d) = settle(&mut env, &s, wallets(&s, &[0, 1])).await;
    let e = &events::<JobFinalized>(&logs)[0];
    assert!(e.unverified);
    assert_eq!(e.verifiers_slashed, 1);
    assert_eq!(d.verifier_stake(1), -((2 * SOL / 10) as i128));
    assert_eq!(d.verifier_stake(0), 0);
}

#[tokio::test]
async fn finalize_job_accepts_a_verifiers_mean_exactly_at_the_floor() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 2_000, true).await.unwrap();
    env.attest(&s, 1, 2_001, true).await.unwrap();
    let (logs, _) = settle(&mut env, &s, wallets(&s, &[0, 1])).await;
    let e = &events::<JobFinalized>(&logs)[0];
    assert!(e.accepted);
    assert_eq!(e.verified_score, Some(2_000));
}

#[tokio::test]
async fn finalize_job_accepts_a_worker_score_exactly_at_the_floor() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    env.submit(&s, 2_000, vec![]).await.unwrap();
    env.attest(&s, 0, 2_000, true).await.unwrap();
    env.attest(&s, 1, 2_000, true).await.unwrap();
    let (logs, _) = settle(&mut env, &s, wallets(&s, &[0, 1])).await;
    assert!(events::<JobFinalized>(&logs)[0].accepted);
}

#[tokio::test]
async fn finalize_job_with_no_attestations_after_the_window_is_unverified_and_refunds_the_client() {
    let mut env = setup().await;
    let payment = 3 * SOL;
    let s = env.submitted_job(payment).await;
    close_window(&mut env, &s).await;
    let rent = job_rent(&mut env).await;
    let provenance_rent = env.balance(&provenance_pda(&s.content_hash)).await as i128;

    let (logs, d) = settle(&mut env, &s, vec![]).await;

    // Never accepted unverified: one party as client and worker cannot mint "accepted" art
    // with a self-reported score. The client gets payment, deposit and rent back; the worker
    // keeps its stake and gets its provenance rent back; nobody else moves.
    assert_eq!(d.client(), payment as i128 + rent + DEPOSIT as i128);
    assert_eq!(d.worker_wallet(), provenance_rent);
    assert_eq!(d.provenance(), -provenance_rent);
    assert_eq!((d.stake_account(), d.treasury()), (0, 0));
    assert!(!env.exists(&s.asset()).await);
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
    let e = &events::<JobFinalized>(&logs)[0];
    assert!(!e.accepted && e.unverified);
    assert_eq!(e.verified_score, None);
    assert_eq!(
        (e.client_refunded, e.slashed, e.worker_paid),
        (payment, 0, 0)
    );
    assert!(events::<WorkerSlashed>(&logs).is_empty());
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(
        (
            worker.jobs_completed,
            worker.jobs_failed,
            worker.jobs_in_flight
        ),
        (0, 0, 0)
    );
    assert_eq!(worker.scores.count, 0);
    let config = env.config().await;
    assert_eq!(
        (
            config.population_scores.count,
            config.jobs_settled,
            config.assets_minted
        ),
        (0, 1, 0)
    );
}

#[tokio::test]
async fn finalize_job_after_the_window_with_one_disagreement_is_unverified_not_a_slash() {
    // One verifier (one Sybil) cannot reject alone: without a quorum the job is unverified.
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 2_500, false).await.unwrap();
    close_window(&mut env, &s).await;
    let (logs, d) = settle(&mut env, &s, wallets(&s, &[0])).await;
    let e = &events::<JobFinalized>(&logs)[0];
    assert!(!e.accepted && e.unverified);
    assert_eq!((d.stake_account(), d.treasury()), (0, 0));
}

#[tokio::test]
async fn finalize_job_after_the_window_with_a_split_vote_is_unverified_and_pays_no_verifier() {
    let mut env = setup().await;
    let payment = 2 * SOL;
    let s = env.submitted_job(payment).await;
    env.attest(&s, 0, 3_000, false).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    // Both revealed (the committee of two is full): 1–1 is decided at once, unverified. The
    // committee is passed on every verdict; the program decides nobody is paid.
    let (logs, d) = settle(&mut env, &s, wallets(&s, &[0, 1])).await;
    assert_eq!((d.verifier(0), d.verifier(1), d.treasury()), (0, 0, 0));
    assert!(events::<JobFinalized>(&logs)[0].unverified);
}

#[tokio::test]
async fn finalize_job_before_quorum_and_window_is_pending() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    let submitted_at = env.fetch::<Job>(&s.job).await.submitted_at;
    env.set_time(submitted_at + COMMIT_WINDOW - 1).await;
    assert_err(
        env.finalize(&s, wallets(&s, &[0])).await,
        AtelierError::VerificationPending,
    );
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Submitted);
    // Once the commit phase ends and the one commitment is revealed, the set is complete:
    // unverified, one agreement is no quorum.
    env.set_time(submitted_at + COMMIT_WINDOW).await;
    let (logs, _) = settle(&mut env, &s, wallets(&s, &[0])).await;
    let e = &events::<JobFinalized>(&logs)[0];
    assert!(!e.accepted && e.unverified);
}

#[tokio::test]
async fn finalize_job_with_no_attestations_inside_the_window_is_pending() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    assert_err(
        env.finalize(&s, vec![]).await,
        AtelierError::VerificationPending,
    );
}

#[tokio::test]
async fn attest_result_closes_once_a_side_holds_its_quorum() {
    let mut env = setup_with(ProtocolParams {
        verifier_quorum: 1,
        verifier_committee: 1,
        ..default_params()
    })
    .await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    // A late vote cannot flip a decided job (front-running the crank's finalize).
    assert_err(
        env.attest(&s, 1, 3_000, false).await,
        AtelierError::CommitClosed,
    );
    let (logs, _) = settle(&mut env, &s, wallets(&s, &[0])).await;
    assert!(events::<JobFinalized>(&logs)[0].accepted);
}

#[tokio::test]
async fn finalize_job_splits_the_pool_equally_among_three_agreeing_verifiers_with_dust_to_the_treasury(
) {
    let mut env = setup_with(ProtocolParams {
        verifier_quorum: 3,
        verifier_committee: 3,
        ..default_params()
    })
    .await;
    let payment = 1_234_567_891;
    let s = env.submitted_job(payment).await;
    for i in 0..3 {
        env.attest(&s, i, 3_000, true).await.unwrap();
    }
    let (logs, d) = settle(&mut env, &s, wallets(&s, &[0, 1, 2])).await;
    let (fee, pool) = (fee_of(payment), pool_of(payment));
    assert_eq!(pool % 3, 2);
    for i in 0..3 {
        assert_eq!(d.verifier(i), (pool / 3) as i128);
        assert_eq!(d.verifier_stake(i), 0);
    }
    assert_eq!(d.treasury(), (fee + 2) as i128);
    assert_eq!(d.worker_wallet(), (payment - fee - pool) as i128);
    let e = &events::<JobFinalized>(&logs)[0];
    assert_eq!((e.verifier_paid_each, e.verifiers_paid), (pool / 3, 3));
    assert_eq!(e.treasury_paid, fee + 2);
}

#[tokio::test]
async fn finalize_job_pays_only_the_agreeing_verifiers_when_one_disagreed() {
    let mut env = setup_with(majority()).await;
    let payment = 2 * SOL;
    let s = env.submitted_job(payment).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, false).await.unwrap();
    env.attest(&s, 2, 3_000, true).await.unwrap();
    let (_, d) = settle(&mut env, &s, wallets(&s, &[0, 1, 2])).await;
    let pool = pool_of(payment);
    assert_eq!(
        (d.verifier(0), d.verifier(2)),
        ((pool / 2) as i128, (pool / 2) as i128)
    );
    assert_eq!(d.verifier(1), 0);
}

#[tokio::test]
async fn finalize_job_of_a_one_lamport_job_pays_the_worker_that_lamport() {
    let mut env = setup().await;
    let s = env.submitted_job(1).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    let (logs, d) = settle(&mut env, &s, wallets(&s, &[0, 1])).await;
    assert_eq!(d.worker_wallet(), 1);
    assert_eq!((d.verifier(0), d.verifier(1), d.treasury()), (0, 0, 0));
    let e = &events::<JobFinalized>(&logs)[0];
    assert_eq!(
        (e.worker_paid, e.verifier_paid_each, e.treasury_paid),
        (1, 0, 0)
    );
}

#[tokio::test]
async fn finalize_job_of_a_huge_payment_splits_it_exactly() {
    let mut env = setup().await;
    let payment = 100_000 * SOL + 7;
    let s = env.submitted_job(payment).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    let (_, d) = settle(&mut env, &s, wallets(&s, &[0, 1])).await;
    let (fee, pool) = (fee_of(payment), pool_of(payment));
    assert_eq!(d.worker_wallet(), (payment - fee - pool) as i128);
    assert_eq!(d.verifier(0), (pool / 2) as i128);
    assert_eq!(d.treasury(), (fee + pool % 2) as i128);
    assert_eq!(
        d.worker_wallet() + d.verifier(0) + d.verifier(1) + d.treasury(),
        payment as i128
    );
}

#[tokio::test]
async fn finalize_job_rejected_with_no_slash_configured_emits_no_slash() {
    let mut env = setup_with(ProtocolParams {
        slash_bps: 0,
        ..default_params()
    })
    .await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, false).await.unwrap();
    env.attest(&s, 1, 3_000, false).await.unwrap();
    let provenance_rent = env.balance(&provenance_pda(&s.content_hash)).await as i128;
    let (logs, d) = settle(&mut env, &s, wallets(&s, &[0, 1])).await;
    assert_eq!((d.stake_account(), d.treasury()), (0, provenance_rent));
    assert!(events::<WorkerSlashed>(&logs).is_empty());
    assert_eq!(events::<JobFinalized>(&logs)[0].slashed, 0);
}

#[tokio::test]
async fn finalize_job_works_while_paused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    env.pause_protocol().await;
    let (logs, _) = settle(&mut env, &s, wallets(&s, &[0, 1])).await;
    assert!(events::<JobFinalized>(&logs)[0].accepted);
}

// ---------------------------------------------------------------- replay and state

#[tokio::test]
async fn finalize_job_twice_fails_the_second_time_and_pays_nothing_more() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    env.finalize(&s, wallets(&s, &[0, 1])).await.unwrap();
    let keys = s.ledger_keys(&env);
    let total = env.total(&keys).await;
    let worker_wallet = env.balance(&s.worker.pubkey()).await;
    assert_anchor_err(
        env.finalize(&s, wallets(&s, &[0, 1])).await,
        ErrorCode::AccountNotInitialized,
    );
    assert_eq!(env.total(&keys).await, total);
    assert_eq!(env.balance(&s.worker.pubkey()).await, worker_wallet);
    assert_eq!(env.config().await.jobs_settled, 1);
}

#[tokio::test]
async fn finalize_job_of_a_claimed_job_fails_for_lack_of_a_provenance_record() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    // The job has no content hash yet, so no provenance record exists to settle.
    let cranker = env.wallet(SOL).await;
    let mut keys = s.finalize_keys(&env, &cranker.pubkey(), vec![]);
    keys.content_hash = [0; 32];
    assert_anchor_err(
        env.send(&[ix_finalize(&keys)], &[&cranker]).await,
        ErrorCode::AccountNotInitialized,
    );
    assert_eq!(env.fetch::<Job>(&s.job).await.status, JobStatus::Claimed);
}

// ---------------------------------------------------------------- payee accounts

/// Two agreeing verifiers (0 and 1); finalize with the committee accounts `make` builds from
/// the verifier wallets must fail with VerifierAccountMismatch and move nothing.
async fn payees_refused(make: impl FnOnce(&[Pubkey]) -> Vec<AccountMeta>) {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    let payees = make(&wallets(&s, &[0, 1, 2]));
    let cranker = env.wallet(SOL).await;
    let mut ix = ix_finalize(&s.finalize_keys(&env, &cranker.pubkey(), vec![]));
    ix.accounts.extend(payees);
    let keys = s.ledger_keys(&env);
    let total = env.total(&keys).await;
    assert_err(
        env.send(&[ix], &[&cranker]).await,
        AtelierError::VerifierAccountMismatch,
    );
    assert_eq!(env.total(&keys).await, total);
    assert!(env.exists(&s.job).await);
}

#[tokio::test]
async fn finalize_job_refuses_committee_members_out_of_commit_order() {
    payees_refused(|v| [member(&v[1]), member(&v[0])].concat()).await;
}

#[tokio::test]
async fn finalize_job_refuses_a_missing_committee_member() {
    payees_refused(|v| member(&v[0]).to_vec()).await;
}

#[tokio::test]
async fn finalize_job_refuses_no_committee_accounts_when_verifiers_committed() {
    payees_refused(|_| vec![]).await;
}

#[tokio::test]
async fn finalize_job_refuses_an_extra_committee_member() {
    payees_refused(|v| [member(&v[0]), member(&v[1]), member(&v[2])].concat()).await;
}

#[tokio::test]
async fn finalize_job_refuses_a_read_only_wallet_or_stake_account() {
    payees_refused(|v| {
        let mut m = [member(&v[0]), member(&v[1])].concat();
        m[3].is_writable = false;
        m
    })
    .await;
    payees_refused(|v| {
        let mut m = [member(&v[0]), member(&v[1])].concat();
        m[2].is_writable = false;
        m
    })
    .await;
}

#[tokio::test]
async fn finalize_job_refuses_a_stranger_in_place_of_a_wallet_or_another_stake_account() {
    payees_refused(|v| {
        let mut m = [member(&v[0]), member(&v[1])].concat();
        m[3].pubkey = Pubkey::new_unique();
        m
    })
    .await;
    // Verifier 2 did not commit: its stake account cannot stand in for verifier 1's.
    payees_refused(|v| {
        let mut m = [member(&v[0]), member(&v[1])].concat();
        m[2].pubkey = worker_pda(&v[2]);
        m
    })
    .await;
}

#[tokio::test]
async fn finalize_job_refuses_a_verifiers_stake_account_in_place_of_its_wallet() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    let payees = vec![
        s.verifiers[0].pubkey(),
        worker_pda(&s.verifiers[1].pubkey()),
    ];
    assert_err(
        env.finalize(&s, payees).await,
        AtelierError::VerifierAccountMismatch,
    );
}

#[tokio::test]
async fn finalize_job_refuses_payees_on_a_rejection() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, false).await.unwrap();
    env.attest(&s, 1, 3_000, false).await.unwrap();
    assert_err(
        env.finalize(&s, wallets(&s, &[0])).await,
        AtelierError::VerifierAccountMismatch,
    );
    assert!(env.exists(&s.job).await);
}

#[tokio::test]
async fn finalize_job_refuses_a_committee_without_its_disagreeing_member() {
    // The caller cannot drop a member to spare it a slash or to skew who is paid.
    let mut env = setup_with(majority()).await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, false).await.unwrap();
    env.attest(&s, 2, 3_000, true).await.unwrap();
    assert_err(
        env.finalize(&s, wallets(&s, &[0, 2])).await,
        AtelierError::VerifierAccountMismatch,
    );
}

// ---------------------------------------------------------------- forged accounts

async fn accepted_scenario(env: &mut Env) -> Scenario {
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    s
}

async fn forged(env: &mut Env, s: &Scenario, change: impl FnOnce(&mut FinalizeKeys)) -> TxResult {
    let cranker: Keypair = env.wallet(SOL).await;
    let mut keys = s.finalize_keys(env, &cranker.pubkey(), wallets(s, &[0, 1]));
    change(&mut keys);
    env.send(&[ix_finalize(&keys)], &[&cranker]).await
}

#[tokio::test]
async fn finalize_job_refuses_a_treasury_that_is_not_the_configs() {
    let mut env = setup().await;
    let s = accepted_scenario(&mut env).await;
    let fake = env.wallet(SOL).await.pubkey();
    assert_err(
        forged(&mut env, &s, |k| k.treasury = fake).await,
        AtelierError::TreasuryMismatch,
    );
    assert!(env.exists(&s.job).await);
}

#[tokio::test]
async fn finalize_job_refuses_a_client_account_that_is_not_the_jobs_client() {
    let mut env = setup().await;
    let s = accepted_scenario(&mut env).await;
    let thief = env.wallet(SOL).await.pubkey();
    assert_err(
        forged(&mut env, &s, |k| k.client = thief).await,
        AtelierError::NotJobClient,
    );
}

#[tokio::test]
async fn finalize_job_refuses_a_worker_account_that_is_not_the_jobs_worker() {
    let mut env = setup().await;
    let s = accepted_scenario(&mut env).await;
    // Verifier 2's stake account and wallet, consistent with each other, but not the job's.
    let other = s.verifiers[2].pubkey();
    assert_err(
        forged(&mut env, &s, |k| k.worker_authority = other).await,
        AtelierError::NotJobWorker,
    );
}

#[tokio::test]
async fn finalize_job_refuses_a_worker_wallet_that_is_not_the_workers_authority() {
    let mut env = setup().await;
    let s = accepted_scenario(&mut env).await;
    let thief = env.wallet(SOL).await.pubkey();
    let cranker = env.wallet(SOL).await;
    let mut ix = ix_finalize(&s.finalize_keys(&env, &cranker.pubkey(), wallets(&s, &[0, 1])));
    // Account 5 is the worker's wallet that receives the payment.
    ix.accounts[5].pubkey = thief;
    let before = env.balance(&thief).await;
    assert_err(
        env.send(&[ix], &[&cranker]).await,
        AtelierError::NotWorkerAuthority,
    );
    assert_eq!(env.balance(&thief).await, before);
}

#[tokio::test]
async fn finalize_job_refuses_the_provenance_record_of_another_image() {
    let mut env = setup().await;
    let s = accepted_scenario(&mut env).await;
    let other = env.submitted_job(SOL).await;
    assert_anchor_err(
        forged(&mut env, &s, |k| k.content_hash = other.content_hash).await,
        ErrorCode::ConstraintSeeds,
    );
}

#[tokio::test]
async fn finalize_job_refuses_an_account_that_is_not_a_job() {
    let mut env = setup().await;
    let s = accepted_scenario(&mut env).await;
    let not_a_job = worker_pda(&s.verifiers[2].pubkey());
    assert_anchor_err(
        forged(&mut env, &s, |k| k.job = not_a_job).await,
        ErrorCode::AccountDiscriminatorMismatch,
    );
}

#[tokio::test]
async fn finalize_job_refuses_another_clients_job_under_this_jobs_accounts() {
    let mut env = setup().await;
    let s = accepted_scenario(&mut env).await;
    let other = accepted_scenario(&mut env).await;
    // The other job, with this scenario's client, worker and provenance.
    assert_err(
        forged(&mut env, &s, |k| k.job = other.job).await,
        AtelierError::NotJobClient,
    );
}

// ---------------------------------------------------------------- payees that cannot hold a payout

/// Empties a wallet completely (it pays its own fee), leaving a 0-lamport system account.
async fn drain(env: &mut Env, wallet: &Keypair) {
    let balance = env.balance(&wallet.pubkey()).await;
    let sink = Pubkey::new_unique();
    let ix = solana_sdk::system_instruction::transfer(
        &wallet.pubkey(),
        &sink,
        balance - FEE_PER_SIGNATURE,
    );
    env.send(&[ix], &[wallet]).await.unwrap();
    assert_eq!(env.balance(&wallet.pubkey()).await, 0);
}

#[tokio::test]
async fn finalize_job_cannot_be_blocked_by_an_agreeing_verifier_that_emptied_its_wallet() {
    let mut env = setup().await;
    // 0.01 SOL: each verifier's share (150 000 lamports) is below a wallet's rent-exempt minimum.
    let payment = SOL / 100;
    let s = env.submitted_job(payment).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    let share = pool_of(payment) / 2;
    assert!(share < env.rent(0).await);
    drain(&mut env, &s.verifiers[0]).await;

    let (logs, d) = settle(&mut env, &s, wallets(&s, &[0, 1])).await;

    // The emptied wallet cannot hold 150 000 lamports: its share goes to the treasury.
    assert_eq!(d.verifier(0), 0);
    assert_eq!(d.verifier(1), share as i128);
    assert_eq!(
        d.treasury(),
        (fee_of(payment) + share + pool_of(payment) % 2) as i128
    );
    assert_eq!(
        d.worker_wallet(),
        (payment - fee_of(payment) - pool_of(payment)) as i128
    );
    let e = &events::<JobFinalized>(&logs)[0];
    assert!(e.accepted);
    assert_eq!((e.verifier_paid_each, e.verifiers_paid), (share, 1));
    assert_eq!(
        e.worker_paid + e.verifier_paid_each * e.verifiers_paid as u64 + e.treasury_paid,
        payment
    );
    assert!(!env.exists(&s.job).await);
}

#[tokio::test]
async fn finalize_job_still_pays_an_emptied_verifier_wallet_a_share_large_enough_to_hold() {
    let mut env = setup().await;
    let payment = 2 * SOL;
    let s = env.submitted_job(payment).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    drain(&mut env, &s.verifiers[0]).await;
    let share = pool_of(payment) / 2;
    assert!(share >= env.rent(0).await);
    let (logs, d) = settle(&mut env, &s, wallets(&s, &[0, 1])).await;
    assert_eq!(
        (d.verifier(0), d.verifier(1)),
        (share as i128, share as i128)
    );
    assert_eq!(d.treasury(), fee_of(payment) as i128);
    assert_eq!(events::<JobFinalized>(&logs)[0].verifiers_paid, 2);
}

#[tokio::test]
async fn finalize_job_cannot_be_blocked_by_a_worker_that_emptied_its_wallet() {
    let mut env = setup().await;
    let s = env.submitted_job(1).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    drain(&mut env, &s.worker).await;
    let (logs, d) = settle(&mut env, &s, wallets(&s, &[0, 1])).await;
    // One lamport cannot stay in an empty wallet: it goes to the treasury.
    assert_eq!(d.worker_wallet(), 0);
    assert_eq!(d.treasury(), 1);
    let e = &events::<JobFinalized>(&logs)[0];
    assert_eq!((e.worker_paid, e.treasury_paid), (0, 1));
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!((worker.jobs_completed, worker.jobs_in_flight), (1, 0));
    assert_eq!(worker.total_earned, 0);
}

#[tokio::test]
async fn finalize_job_refuses_a_read_only_treasury() {
    let mut env = setup().await;
    let s = accepted_scenario(&mut env).await;
    let cranker = env.wallet(SOL).await;
    let mut ix = ix_finalize(&s.finalize_keys(&env, &cranker.pubkey(), wallets(&s, &[0, 1])));
    // Account 7 is the treasury.
    assert_eq!(ix.accounts[7].pubkey, env.treasury.pubkey());
    ix.accounts[7].is_writable = false;
    assert_anchor_err(env.send(&[ix], &[&cranker]).await, ErrorCode::ConstraintMut);
    assert!(env.exists(&s.job).await);
}
