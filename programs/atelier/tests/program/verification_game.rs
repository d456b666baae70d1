//! The verification game end to end: who is paid, who is slashed and who is refused, for the
//! attacks of the verification-protocol issue, to the lamport.

use super::{fixtures::*, harness::*};
use anchor_lang::prelude::Pubkey;
use atelier::{
    error::AtelierError,
    events::{JobFinalized, SlashReason, WorkerSlashed},
    state::*,
};
use solana_sdk::signature::Signer;

const VERIFIER_SLASH: u64 = 2 * SOL / 10;

/// Majority committee: quorum 2 of 3.
fn majority() -> ProtocolParams {
    params_with(|p| p.verifier_committee = 3)
}

/// Finalizes with the whole committee and checks conservation over the scenario's ledger
/// (the cranker is outside it). Returns the settlement event and the logs.
async fn settle(env: &mut Env, s: &Scenario, committee: &[usize]) -> (JobFinalized, Vec<String>) {
    env.reveal_pending(&s.job).await;
    env.pending.retain(|p| p.job != s.job);
    let keys = s.ledger_keys(env);
    let before = env.total(&keys).await;
    let logs = env.finalize(s, s.payees(committee)).await.unwrap();
    assert_eq!(
        env.total(&keys).await,
        before,
        "settlement creates or loses lamports"
    );
    (events::<JobFinalized>(&logs).remove(0), logs)
}

async fn stake_of(env: &mut Env, wallet: &Pubkey) -> Worker {
    env.fetch(&worker_pda(wallet)).await
}

#[tokio::test]
async fn a_sybil_verifier_voting_an_honest_result_down_is_outvoted_and_slashed() {
    let mut env = setup_with(majority()).await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_100, true).await.unwrap();
    env.attest(&s, 1, 3_080, true).await.unwrap();
    env.attest(&s, 2, 0, false).await.unwrap();
    let treasury_before = env.balance(&env.treasury.pubkey()).await;
    let sybil_wallet_before = env.balance(&s.verifiers[2].pubkey()).await;

    let (e, logs) = settle(&mut env, &s, &[0, 1, 2]).await;

    assert!(e.accepted);
    assert_eq!(e.verified_score, Some(3_090));
    assert_eq!((e.verifiers_paid, e.verifiers_slashed), (2, 1));
    let slashes = events::<WorkerSlashed>(&logs);
    assert_eq!(slashes.len(), 1);
    assert_eq!(slashes[0].worker, worker_pda(&s.verifiers[2].pubkey()));
    assert_eq!(slashes[0].reason, SlashReason::VerifierDeviation);
    assert_eq!(slashes[0].amount, VERIFIER_SLASH);
    let sybil = stake_of(&mut env, &s.verifiers[2].pubkey()).await;
    assert_eq!(
        (sybil.stake, sybil.total_slashed),
        (2 * SOL - VERIFIER_SLASH, VERIFIER_SLASH)
    );
    assert_eq!(sybil.verifications_in_flight, 0);
    assert_eq!(
        env.balance(&s.verifiers[2].pubkey()).await,
        sybil_wallet_before
    );
    // The treasury gets the protocol fee, the verifier-pool dust and the Sybil's slash.
    let fee = SOL * 500 / 10_000;
    let pool = SOL * 300 / 10_000;
    assert_eq!(
        env.balance(&env.treasury.pubkey()).await - treasury_before,
        fee + pool % 2 + VERIFIER_SLASH
    );
    // Verifier fees are counted in the verifiers' earnings.
    let honest = stake_of(&mut env, &s.verifiers[0].pubkey()).await;
    assert_eq!((honest.total_earned, honest.stake), (pool / 2, 2 * SOL));
    assert_eq!(honest.verifications_in_flight, 0);
    // The worker's statistics see only the deciding side.
    let worker = stake_of(&mut env, &s.worker.pubkey()).await;
    assert_eq!((worker.scores.count, worker.scores.sum), (1, 3_090));
}

#[tokio::test]
async fn two_sybils_of_a_majority_committee_reject_and_a_lone_honest_voter_within_tolerance_is_not_slashed(
) {
    // What a group holding a committee majority can do (why the draw weighs stake): reject. The
    // honest minority's score is consistent with the median, so it loses its fee, not its stake.
    let mut env = setup_with(majority()).await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 2_990, false).await.unwrap();
    env.attest(&s, 1, 3_100, true).await.unwrap();
    env.attest(&s, 2, 2_980, false).await.unwrap();
    let (e, _) = settle(&mut env, &s, &[0, 1, 2]).await;
    assert!(!e.accepted && !e.unverified);
    assert_eq!(e.verifiers_slashed, 0);
    assert_eq!(
        stake_of(&mut env, &s.verifiers[1].pubkey()).await.stake,
        2 * SOL
    );
}

#[tokio::test]
async fn a_verifier_that_commits_and_never_reveals_is_slashed_and_the_job_refunded() {
    let mut env = setup().await;
    let payment = SOL;
    let s = env.submitted_job(payment).await;
    // Verifier 1 commits, then withholds its reveal (to stall the job or to see others first).
    let v0 = s.verifiers[0].insecure_clone();
    let v1 = s.verifiers[1].insecure_clone();
    env.commit_as(&s.job, &v0, 3_100, true).await.unwrap();
    env.commit_as(&s.job, &v1, 3_100, true).await.unwrap();
    env.forget_reveal(&s.job, &v1.pubkey());
    assert_eq!(env.reveal_pending(&s.job).await, 1);
    // Until the window closes the job waits for the missing reveal.
    assert_err(
        env.finalize(&s, s.payees(&[0, 1])).await,
        AtelierError::VerificationPending,
    );
    env.advance(3_600).await;
    let client_before = env.balance(&s.client.pubkey()).await;
    let job_lamports = env.balance(&s.job).await;

    let (e, logs) = settle(&mut env, &s, &[0, 1]).await;

    assert!(e.unverified);
    assert_eq!(
        (e.verifiers_paid, e.verifiers_slashed, e.slashed),
        (0, 1, 0)
    );
    let slash = &events::<WorkerSlashed>(&logs)[0];
    assert_eq!(
        (slash.reason, slash.amount),
        (SlashReason::VerifierNoReveal, VERIFIER_SLASH)
    );
    assert_eq!(
        env.balance(&s.client.pubkey()).await,
        client_before + job_lamports
    );
    assert_eq!(
        stake_of(&mut env, &v1.pubkey()).await.stake,
        2 * SOL - VERIFIER_SLASH
    );
    assert_eq!(stake_of(&mut env, &v0.pubkey()).await.stake, 2 * SOL);
    assert_eq!(stake_of(&mut env, &s.worker.pubkey()).await.stake, 2 * SOL);
}

#[tokio::test]
async fn with_two_reveals_far_apart_nobody_is_called_a_deviant() {
    // Two reveals give no majority to say who is wrong: neither is slashed.
    let mut env = setup_with(majority()).await;
    let s = env.submitted_job(SOL).await;
    let (v0, v1) = (
        s.verifiers[0].insecure_clone(),
        s.verifiers[1].insecure_clone(),
    );
    env.commit_as(&s.job, &v0, 3_000, true).await.unwrap();
    env.commit_as(&s.job, &v1, 9_000, true).await.unwrap();
    env.advance(1_200).await;
    let (e, _) = settle(&mut env, &s, &[0, 1]).await;
    assert!(e.accepted);
    assert_eq!((e.verifiers_slashed, e.verifiers_paid), (0, 2));
    assert_eq!(e.verified_score, Some(6_000));
}

#[tokio::test]
async fn a_result_the_worker_scored_below_the_floor_is_rejected_without_judging_its_verifiers() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    env.submit(&s, 1_999, vec![]).await.unwrap();
    let v0 = s.verifiers[0].insecure_clone();
    env.commit_as(&s.job, &v0, 1_999, false).await.unwrap();
    let (e, _) = settle(&mut env, &s, &[0]).await;
    assert!(!e.accepted && !e.unverified);
    assert_eq!(e.verifiers_slashed, 0);
    let v = stake_of(&mut env, &v0.pubkey()).await;
    assert_eq!((v.stake, v.verifications_in_flight), (2 * SOL, 0));
}

#[tokio::test]
async fn a_committed_verifier_cannot_withdraw_its_stake_before_the_job_settles() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let v = s.verifiers[0].insecure_clone();
    env.commit_as(&s.job, &v, 3_000, true).await.unwrap();
    env.send(
        &[ix_request_unstake(&v.pubkey(), &worker_pda(&v.pubkey()))],
        &[&v],
    )
    .await
    .unwrap();
    env.advance(7 * 24 * 3_600).await;
    assert_err(
        env.send(
            &[ix_withdraw_stake(&v.pubkey(), &worker_pda(&v.pubkey()))],
            &[&v],
        )
        .await,
        AtelierError::JobsInFlight,
    );
    // The job settles (unverified, the reveal window long closed): the no-reveal is slashed
    // from the stake that was still there, and the rest can leave.
    env.pending.clear();
    let (e, _) = settle(&mut env, &s, &[0]).await;
    assert_eq!(e.verifiers_slashed, 1);
    env.send(
        &[ix_withdraw_stake(&v.pubkey(), &worker_pda(&v.pubkey()))],
        &[&v],
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn active_stake_follows_registration_top_ups_unstaking_and_slashes() {
    let mut env = setup_with(majority()).await;
    assert_eq!(env.config().await.active_stake, 0);
    let s = env.submitted_job(SOL).await;
    // Worker and three verifiers, 2 SOL each.
    assert_eq!(env.config().await.active_stake, 8 * SOL);
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.eligible_stake, 6 * SOL, "everyone but the job's worker");
    let v0 = s.verifiers[0].insecure_clone();
    env.send(
        &[ix_add_stake(&v0.pubkey(), &worker_pda(&v0.pubkey()), SOL)],
        &[&v0],
    )
    .await
    .unwrap();
    assert_eq!(env.config().await.active_stake, 9 * SOL);
    // Verifier 2 deviates and is slashed; the worker is accepted.
    env.attest(&s, 1, 3_000, true).await.unwrap();
    env.attest(&s, 2, 9_999, true).await.unwrap();
    let v3 = env.register_worker(2 * SOL).await;
    assert_eq!(env.config().await.active_stake, 11 * SOL);
    let mut s = s;
    s.verifiers.push(v3);
    // The committee needs a third member; verifier 0's stake was raised after submission, and
    // verifier 3 registered after it: neither may join, so the commit window has to end.
    env.advance(1_200).await;
    let (e, _) = settle(&mut env, &s, &[1, 2]).await;
    assert!(e.accepted);
    assert_eq!(e.verifiers_slashed, 0, "two reveals: nobody deviates");
    let v1 = s.verifiers[1].insecure_clone();
    env.send(
        &[ix_request_unstake(&v1.pubkey(), &worker_pda(&v1.pubkey()))],
        &[&v1],
    )
    .await
    .unwrap();
    assert_eq!(env.config().await.active_stake, 9 * SOL);
    // A rejected result slashes an active worker: the slash leaves the active stake.
    let r = env.submitted_job(SOL).await;
    assert_eq!(env.config().await.active_stake, 17 * SOL);
    env.attest(&r, 0, 3_000, false).await.unwrap();
    env.attest(&r, 1, 3_000, false).await.unwrap();
    env.attest(&r, 2, 3_000, false).await.unwrap();
    let (e, _) = settle(&mut env, &r, &[0, 1, 2]).await;
    assert_eq!(e.slashed, 2 * SOL / 10);
    assert_eq!(env.config().await.active_stake, 17 * SOL - 2 * SOL / 10);
}

#[tokio::test]
async fn a_worker_cannot_name_an_artist_of_its_own_or_of_the_client() {
    let mut env = setup().await;
    let s = env.claimed_job(SOL).await;
    // The worker registers an artist account with its own wallet as authority...
    env.send(
        &[ix_register_artist(&s.worker.pubkey(), profile("me"))],
        &[&s.worker],
    )
    .await
    .unwrap();
    // ...another with its wallet as the payout...
    let front = env.wallet(SOL).await;
    let mut p = profile("front");
    p.payout = s.worker.pubkey();
    env.send(&[ix_register_artist(&front.pubkey(), p)], &[&front])
        .await
        .unwrap();
    // ...and the client has one too.
    env.send(
        &[ix_register_artist(&s.client.pubkey(), profile("client"))],
        &[&s.client],
    )
    .await
    .unwrap();
    let honest = env.register_artist("honest").await;
    for own in [s.worker.pubkey(), front.pubkey(), s.client.pubkey()] {
        let weights = vec![
            InfluenceWeight {
                artist: artist_pda(&own),
                bps: 9_000,
            },
            InfluenceWeight {
                artist: honest.account,
                bps: 1_000,
            },
        ];
        assert_err(
            env.submit(&s, 3_100, weights).await,
            AtelierError::SelfInfluence,
        );
    }
    env.submit(
        &s,
        3_100,
        vec![InfluenceWeight {
            artist: honest.account,
            bps: 10_000,
        }],
    )
    .await
    .unwrap();
}

// ---- the verifier audit ----

/// A job judged by verifiers 0, 1 (honest, 3000) and 2 (biased by `bias`, within tolerance),
/// all the same three verifiers across jobs.
async fn judged_with_bias(env: &mut Env, verifiers: &[solana_sdk::signature::Keypair], bias: u16) {
    let mut s = env.submitted_job(SOL).await;
    s.verifiers = verifiers.iter().map(|v| v.insecure_clone()).collect();
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    env.attest(&s, 2, 3_000 + bias, true).await.unwrap();
    let (e, _) = settle(env, &s, &[0, 1, 2]).await;
    assert!(e.accepted);
    assert_eq!(e.verifiers_slashed, 0, "inside the per-job tolerance");
}

#[tokio::test]
async fn a_verifier_biased_inside_the_tolerance_fails_the_verifier_audit_and_an_honest_one_passes()
{
    let mut env = setup_with(params_with(|p| {
        p.verifier_committee = 3;
        p.audit_min_jobs = 2;
    }))
    .await;
    let verifiers = vec![
        env.register_worker(2 * SOL).await,
        env.register_worker(2 * SOL).await,
        env.register_worker(2 * SOL).await,
    ];
    let treasury = env.treasury.pubkey();
    let audit =
        |v: &solana_sdk::signature::Keypair| ix_audit_verifier(&worker_pda(&v.pubkey()), &treasury);
    judged_with_bias(&mut env, &verifiers, 200).await;
    assert_err(
        env.send(&[audit(&verifiers[2])], &[&env.ctx.payer.insecure_clone()])
            .await,
        AtelierError::AuditTooEarly,
    );
    judged_with_bias(&mut env, &verifiers, 200).await;

    let payer = env.ctx.payer.insecure_clone();
    let logs = env.send(&[audit(&verifiers[2])], &[&payer]).await.unwrap();
    let e = &events::<atelier::events::VerifierAudited>(&logs)[0];
    assert_eq!(
        (e.count, e.mean_deviation_x100, e.threshold_x100),
        (2, 20_000, 15_000)
    );
    assert!(e.failed);
    assert_eq!(e.slashed, 2 * SOL / 2);
    let biased = stake_of(&mut env, &verifiers[2].pubkey()).await;
    assert_eq!(biased.status, WorkerStatus::Deactivated);
    let slash = &events::<WorkerSlashed>(&logs)[0];
    assert_eq!(slash.reason, SlashReason::FailedVerifierAudit);

    let logs = env.send(&[audit(&verifiers[0])], &[&payer]).await.unwrap();
    let e = &events::<atelier::events::VerifierAudited>(&logs)[0];
    assert_eq!((e.count, e.mean_deviation_x100, e.failed), (2, 0, false));
    assert_eq!(
        stake_of(&mut env, &verifiers[0].pubkey()).await.stake,
        2 * SOL
    );
    // The next audit of the same verifier needs audit_min_jobs more reveals.
    assert_err(
        env.send(&[audit(&verifiers[0])], &[&payer]).await,
        AtelierError::AuditTooEarly,
    );
}
