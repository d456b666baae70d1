//! Tests of `commit_attestation` and `reveal_attestation`: who may commit (the draw), when, and
//! what a reveal must match.

use super::{fixtures::*, harness::*};
use anchor_lang::{error::ErrorCode, prelude::Pubkey};
use atelier::{
    constants::ASSIGNMENT_DELAY_SLOTS,
    error::AtelierError,
    events::{AttestationCommitted, AttestationRevealed},
    sortition,
    state::*,
};
use solana_sdk::{hash::Hash, signature::Signer};

/// Majority committee: quorum 2 of 3.
fn majority() -> ProtocolParams {
    params_with(|p| p.verifier_committee = 3)
}

/// Ends slots until the job's seed slot has a hash.
async fn seed_ready(env: &mut Env, s: &Scenario) {
    let job: Job = env.fetch(&s.job).await;
    while env.slot().await <= job.submitted_slot + ASSIGNMENT_DELAY_SLOTS {
        env.next_slot().await;
    }
}

async fn commit_raw(env: &mut Env, s: &Scenario, i: usize, commitment: [u8; 32]) -> TxResult {
    let v = s.verifiers[i].insecure_clone();
    env.send(&[ix_commit(&v.pubkey(), &s.job, commitment)], &[&v])
        .await
}

async fn reveal_raw(
    env: &mut Env,
    s: &Scenario,
    i: usize,
    score: u16,
    agree: bool,
    salt: [u8; 32],
) -> TxResult {
    let v = s.verifiers[i].insecure_clone();
    env.send(&[ix_reveal(&v.pubkey(), &s.job, score, agree, salt)], &[&v])
        .await
}

fn commitment_of(s: &Scenario, i: usize, score: u16, agree: bool, salt: &[u8; 32]) -> [u8; 32] {
    attestation_commitment(
        &s.job,
        &worker_pda(&s.verifiers[i].pubkey()),
        score,
        agree,
        salt,
    )
}

// ---- commit ----

#[tokio::test]
async fn commit_records_a_hidden_attestation_fixes_the_seed_and_holds_the_verifier() {
    let mut env = setup_with(majority()).await;
    let s = env.submitted_job(SOL).await;
    let keys = s.ledger_keys(&env);
    let total = env.total(&keys).await;
    seed_ready(&mut env, &s).await;
    let salt = [7u8; 32];
    let commitment = commitment_of(&s, 0, 3_050, true, &salt);

    let logs = commit_raw(&mut env, &s, 0, commitment).await.unwrap();

    let job: Job = env.fetch(&s.job).await;
    let verifier = worker_pda(&s.verifiers[0].pubkey());
    assert_eq!(
        job.attestations,
        vec![Attestation {
            verifier,
            authority: s.verifiers[0].pubkey(),
            commitment,
            revealed: false,
            score: 0,
            agree: false,
        }]
    );
    let seed_slot_hash = slot_hash_of(job.submitted_slot + ASSIGNMENT_DELAY_SLOTS);
    assert_eq!(job.seed, Some(sortition::job_seed(&seed_slot_hash, &s.job)));
    let w: Worker = env.fetch(&verifier).await;
    assert_eq!((w.verifications_in_flight, w.attestations), (1, 0));
    assert_eq!(env.total(&keys).await, total - fees(1));
    let e = &events::<AttestationCommitted>(&logs)[0];
    assert_eq!(
        (e.job, e.verifier, e.commits, e.committee_full),
        (s.job, verifier, 1, false)
    );
}

#[tokio::test]
async fn the_seed_is_the_hash_of_the_slot_after_submission_however_late_the_first_commit() {
    // A verifier that waits for a more favourable slot hash gains nothing: the seed is fixed by
    // the slot after submission, whenever the first commit comes.
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    for _ in 0..20 {
        env.next_slot().await;
    }
    env.attest(&s, 0, 3_000, true).await.unwrap();
    let job: Job = env.fetch(&s.job).await;
    let seed_slot_hash = slot_hash_of(job.submitted_slot + ASSIGNMENT_DELAY_SLOTS);
    assert_eq!(job.seed, Some(sortition::job_seed(&seed_slot_hash, &s.job)));
}

#[tokio::test]
async fn a_skipped_seed_slot_uses_the_next_slot_with_a_hash() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let submitted = env.fetch::<Job>(&s.job).await.submitted_slot;
    // Slot submitted+1 produced no block: SlotHashes holds submitted and submitted+2.
    env.skip_slots(5).await;
    let next = Hash::new_from_array([42; 32]);
    env.set_slot_hashes(vec![
        (submitted + 2, next),
        (submitted, Hash::new_from_array(slot_hash_of(submitted))),
    ]);
    env.attest(&s, 0, 3_000, true).await.unwrap();
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.seed, Some(sortition::job_seed(&[42; 32], &s.job)));
}

#[tokio::test]
async fn commit_before_the_seed_slot_has_a_hash_is_pending() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let v = s.verifiers[0].insecure_clone();
    assert_err(
        env.send(&[ix_commit(&v.pubkey(), &s.job, [1; 32])], &[&v])
            .await,
        AtelierError::SeedPending,
    );
    assert!(env.fetch::<Job>(&s.job).await.seed.is_none());
}

#[tokio::test]
async fn commit_once_the_seed_slot_aged_out_is_refused_and_the_job_can_only_end_unverified() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let submitted = env.fetch::<Job>(&s.job).await.submitted_slot;
    env.skip_slots(600).await;
    // Only slots long after the seed slot are left in SlotHashes.
    env.set_slot_hashes(vec![
        (submitted + 600, Hash::new_from_array([9; 32])),
        (submitted + 500, Hash::new_from_array([8; 32])),
    ]);
    assert_err(
        commit_raw(&mut env, &s, 0, [1; 32]).await,
        AtelierError::SeedUnavailable,
    );
    env.advance(1_200).await;
    let logs = env.finalize(&s, vec![]).await.unwrap();
    assert!(events::<atelier::events::JobFinalized>(&logs)[0].unverified);
}

#[tokio::test]
async fn commit_with_an_account_that_is_not_slot_hashes_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    seed_ready(&mut env, &s).await;
    let v = s.verifiers[0].insecure_clone();
    let mut ix = ix_commit(&v.pubkey(), &s.job, [1; 32]);
    ix.accounts[4].pubkey = solana_sdk::sysvar::clock::ID;
    assert_err(
        env.send(&[ix], &[&v]).await,
        AtelierError::InvalidSlotHashes,
    );
}

#[tokio::test]
async fn commit_by_the_jobs_own_worker_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    seed_ready(&mut env, &s).await;
    assert_err(
        env.send(
            &[ix_commit(&s.worker.pubkey(), &s.job, [1; 32])],
            &[&s.worker],
        )
        .await,
        AtelierError::SelfAttestation,
    );
}

#[tokio::test]
async fn the_client_cannot_commit_on_its_own_job_even_with_a_staked_worker_account() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    // The client also runs a worker, registered before the result, to vote its own job down.
    env.send(
        &[ix_register_worker(&s.client.pubkey(), 2 * SOL)],
        &[&s.client],
    )
    .await
    .unwrap();
    env.send(&[ix_claim_job(&s.worker.pubkey(), &s.job)], &[&s.worker])
        .await
        .unwrap();
    env.submit(&s, 3_100, vec![]).await.unwrap();
    seed_ready(&mut env, &s).await;
    let client = s.client.insecure_clone();
    assert_err(
        env.send(&[ix_commit(&client.pubkey(), &s.job, [1; 32])], &[&client])
            .await,
        AtelierError::ClientAttestation,
    );
    assert!(env.fetch::<Job>(&s.job).await.attestations.is_empty());
}

#[tokio::test]
async fn commit_twice_by_the_same_verifier_is_refused() {
    let mut env = setup_with(majority()).await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    assert_err(
        env.attest(&s, 0, 1_000, false).await,
        AtelierError::AlreadyAttested,
    );
    assert_eq!(env.fetch::<Job>(&s.job).await.attestations.len(), 1);
}

#[tokio::test]
async fn commits_close_once_the_committee_is_full() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let logs = env.attest(&s, 0, 3_000, true).await.unwrap();
    assert!(!events::<AttestationCommitted>(&logs)[0].committee_full);
    let logs = env.attest(&s, 1, 3_000, true).await.unwrap();
    assert!(events::<AttestationCommitted>(&logs)[0].committee_full);
    assert_err(
        env.attest(&s, 2, 0, false).await,
        AtelierError::CommitClosed,
    );
}

#[tokio::test]
async fn commits_close_when_the_commit_window_ends() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    let submitted_at = env.fetch::<Job>(&s.job).await.submitted_at;
    env.set_time(submitted_at + 1_200 - 1).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.set_time(submitted_at + 1_200).await;
    assert_err(
        env.attest(&s, 1, 3_000, true).await,
        AtelierError::CommitClosed,
    );
}

#[tokio::test]
async fn commit_on_an_open_or_claimed_job_is_refused() {
    let mut env = setup().await;
    let open = env.open_job(SOL).await;
    assert_err(
        commit_raw(&mut env, &open, 0, [1; 32]).await,
        AtelierError::JobNotSubmitted,
    );
    let claimed = env.claimed_job(SOL).await;
    assert_err(
        commit_raw(&mut env, &claimed, 0, [1; 32]).await,
        AtelierError::JobNotSubmitted,
    );
}

#[tokio::test]
async fn commit_on_a_settled_job_fails_on_the_closed_account() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    env.finalize(&s, s.payees(&[0, 1])).await.unwrap();
    assert_anchor_err(
        commit_raw(&mut env, &s, 2, [1; 32]).await,
        ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn commit_by_an_unbonding_verifier_or_one_below_the_minimum_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    seed_ready(&mut env, &s).await;
    let v = s.verifiers[0].insecure_clone();
    env.send(
        &[ix_request_unstake(&v.pubkey(), &worker_pda(&v.pubkey()))],
        &[&v],
    )
    .await
    .unwrap();
    assert_err(
        commit_raw(&mut env, &s, 0, [1; 32]).await,
        AtelierError::WorkerNotActive,
    );
    env.change_params(|p| p.min_worker_stake = 2 * SOL + 1)
        .await;
    assert_err(
        commit_raw(&mut env, &s, 1, [1; 32]).await,
        AtelierError::StakeBelowMinimum,
    );
}

#[tokio::test]
async fn commit_by_an_unregistered_wallet_an_impostor_or_without_signature_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    seed_ready(&mut env, &s).await;
    let stranger = env.wallet(SOL).await;
    assert_anchor_err(
        env.send(
            &[ix_commit(&stranger.pubkey(), &s.job, [1; 32])],
            &[&stranger],
        )
        .await,
        ErrorCode::AccountNotInitialized,
    );
    let impostor = s.verifiers[0].insecure_clone();
    let mut ix = ix_commit(&impostor.pubkey(), &s.job, [1; 32]);
    ix.accounts[2].pubkey = worker_pda(&s.verifiers[1].pubkey());
    assert_anchor_err(
        env.send(&[ix], &[&impostor]).await,
        ErrorCode::ConstraintSeeds,
    );
    let mut ix = ix_commit(&s.verifiers[0].pubkey(), &s.job, [1; 32]);
    ix.accounts[0].is_signer = false;
    assert_anchor_err(
        env.send(&[ix], &[&stranger]).await,
        ErrorCode::AccountNotSigner,
    );
    let v = s.verifiers[0].insecure_clone();
    let provenance = provenance_pda(&s.content_hash);
    assert_anchor_err(
        env.send(&[ix_commit(&v.pubkey(), &provenance, [1; 32])], &[&v])
            .await,
        ErrorCode::AccountDiscriminatorMismatch,
    );
    assert!(env.fetch::<Job>(&s.job).await.attestations.is_empty());
}

#[tokio::test]
async fn commit_works_while_paused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.pause_protocol().await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    assert_eq!(env.fetch::<Job>(&s.job).await.attestations.len(), 1);
}

// ---- the draw ----

#[tokio::test]
async fn stake_raised_or_registered_after_the_submission_slot_is_not_drawn() {
    // A Sybil that sees the seed cannot register, or top up, its way into the committee.
    let mut env = setup().await;
    let mut s = env.submitted_job(SOL).await;
    env.next_slot().await;
    env.add_verifiers(&mut s, 1).await;
    let v = s.verifiers[0].insecure_clone();
    env.send(
        &[ix_add_stake(&v.pubkey(), &worker_pda(&v.pubkey()), SOL)],
        &[&v],
    )
    .await
    .unwrap();
    seed_ready(&mut env, &s).await;
    for i in [0, 3] {
        assert_err(
            commit_raw(&mut env, &s, i, [1; 32]).await,
            AtelierError::StakeRaisedAfterSubmission,
        );
    }
    env.attest(&s, 1, 3_000, true).await.unwrap();
}

#[tokio::test]
async fn only_drawn_verifiers_may_commit_and_the_draw_widens_in_the_second_half() {
    // 30 equal verifiers, a committee of 8 with one verifier expected per seat: each is drawn
    // with probability 8/30 in the first half of the commit window and always in the second
    // (4 × 8 > 30). The chain's answer matches the published draw for every one of them.
    let mut env = setup_with(params_with(|p| {
        p.verifier_quorum = 5;
        p.verifier_committee = 8;
        p.verifier_oversample = 1;
    }))
    .await;
    let mut s = env.claimed_job(SOL).await;
    env.add_verifiers(&mut s, 27).await;
    env.submit(&s, 3_100, vec![]).await.unwrap();
    seed_ready(&mut env, &s).await;
    // Fix the seed with the first verifier that is drawn (one of the 30 is, overwhelmingly).
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.eligible_stake, 30 * 2 * SOL);
    let seed = sortition::job_seed(&slot_hash_of(job.submitted_slot + 1), &s.job);
    let drawn = |v: &Pubkey, expected: u64| {
        sortition::is_drawn(&seed, &worker_pda(v), expected, 2 * SOL, job.eligible_stake)
    };
    let (mut committed, mut refused) = (0, 0);
    for i in 0..30 {
        let key = s.verifiers[i].pubkey();
        let result = commit_raw(&mut env, &s, i, [i as u8; 32]).await;
        if drawn(&key, 8) && committed < 8 {
            result.unwrap();
            committed += 1;
        } else if !drawn(&key, 8) {
            assert_err(result, AtelierError::VerifierNotDrawn);
            refused += 1;
        }
    }
    assert!(refused > 0, "30 verifiers at 8/30 each: some are not drawn");
    if committed < 8 {
        // The second half draws 4 × 8 = 32 expected out of 30: everyone.
        env.advance(600).await;
        let late = (0..30)
            .find(|i| !drawn(&s.verifiers[*i].pubkey(), 8))
            .unwrap();
        commit_raw(&mut env, &s, late, [99; 32]).await.unwrap();
    }
}

// ---- reveal ----

#[tokio::test]
async fn reveal_opens_the_commitment_once_the_committee_is_full() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    seed_ready(&mut env, &s).await;
    let (a, b) = ([1u8; 32], [2u8; 32]);
    commit_raw(&mut env, &s, 0, commitment_of(&s, 0, 3_050, true, &a))
        .await
        .unwrap();
    assert_err(
        reveal_raw(&mut env, &s, 0, 3_050, true, a).await,
        AtelierError::RevealNotOpen,
    );
    commit_raw(&mut env, &s, 1, commitment_of(&s, 1, 2_900, true, &b))
        .await
        .unwrap();

    let logs = reveal_raw(&mut env, &s, 0, 3_050, true, a).await.unwrap();
    let e = &events::<AttestationRevealed>(&logs)[0];
    assert_eq!((e.score, e.agree, e.all_revealed), (3_050, true, false));
    let logs = reveal_raw(&mut env, &s, 1, 2_900, true, b).await.unwrap();
    assert!(events::<AttestationRevealed>(&logs)[0].all_revealed);
    let job: Job = env.fetch(&s.job).await;
    assert!(job.attestations.iter().all(|a| a.revealed));
    assert_eq!((job.agree_count(), job.disagree_count()), (2, 0));
    let w: Worker = env.fetch(&worker_pda(&s.verifiers[0].pubkey())).await;
    assert_eq!(w.attestations, 1);
}

#[tokio::test]
async fn reveal_opens_when_the_commit_window_ends_with_the_committee_short() {
    let mut env = setup_with(majority()).await;
    let s = env.submitted_job(SOL).await;
    seed_ready(&mut env, &s).await;
    let salt = [3u8; 32];
    commit_raw(&mut env, &s, 0, commitment_of(&s, 0, 3_000, true, &salt))
        .await
        .unwrap();
    assert_err(
        reveal_raw(&mut env, &s, 0, 3_000, true, salt).await,
        AtelierError::RevealNotOpen,
    );
    env.advance(1_200).await;
    reveal_raw(&mut env, &s, 0, 3_000, true, salt)
        .await
        .unwrap();
}

#[tokio::test]
async fn reveal_must_match_the_commitment_and_cannot_repeat() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    seed_ready(&mut env, &s).await;
    let salt = [5u8; 32];
    commit_raw(&mut env, &s, 0, commitment_of(&s, 0, 3_000, true, &salt))
        .await
        .unwrap();
    commit_raw(&mut env, &s, 1, commitment_of(&s, 1, 3_000, true, &salt))
        .await
        .unwrap();
    for (score, agree, salt) in [
        (3_001, true, salt),
        (3_000, false, salt),
        (3_000, true, [6; 32]),
    ] {
        assert_err(
            reveal_raw(&mut env, &s, 0, score, agree, salt).await,
            AtelierError::CommitmentMismatch,
        );
    }
    reveal_raw(&mut env, &s, 0, 3_000, true, salt)
        .await
        .unwrap();
    assert_err(
        reveal_raw(&mut env, &s, 0, 3_000, true, salt).await,
        AtelierError::AlreadyRevealed,
    );
    assert_err(
        reveal_raw(&mut env, &s, 2, 3_000, true, salt).await,
        AtelierError::NotCommitted,
    );
}

#[tokio::test]
async fn a_copied_commitment_cannot_be_revealed_by_the_copier() {
    // A lazy verifier copies an honest verifier's commitment from the chain and, once the
    // honest one reveals, replays its score and salt: the commitment binds the committer.
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    seed_ready(&mut env, &s).await;
    let salt = [11u8; 32];
    let honest = commitment_of(&s, 0, 3_080, true, &salt);
    commit_raw(&mut env, &s, 0, honest).await.unwrap();
    commit_raw(&mut env, &s, 1, honest).await.unwrap();
    reveal_raw(&mut env, &s, 0, 3_080, true, salt)
        .await
        .unwrap();
    assert_err(
        reveal_raw(&mut env, &s, 1, 3_080, true, salt).await,
        AtelierError::CommitmentMismatch,
    );
}

#[tokio::test]
async fn an_agreeing_reveal_below_the_floor_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    seed_ready(&mut env, &s).await;
    let salt = [4u8; 32];
    commit_raw(&mut env, &s, 0, commitment_of(&s, 0, 1_999, true, &salt))
        .await
        .unwrap();
    commit_raw(&mut env, &s, 1, commitment_of(&s, 1, 3_000, true, &salt))
        .await
        .unwrap();
    assert_err(
        reveal_raw(&mut env, &s, 0, 1_999, true, salt).await,
        AtelierError::AgreeBelowFloor,
    );
}

#[tokio::test]
async fn reveal_after_the_window_closes_is_refused() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    seed_ready(&mut env, &s).await;
    let salt = [4u8; 32];
    commit_raw(&mut env, &s, 0, commitment_of(&s, 0, 3_000, true, &salt))
        .await
        .unwrap();
    env.advance(3_600).await;
    assert_err(
        reveal_raw(&mut env, &s, 0, 3_000, true, salt).await,
        AtelierError::VerificationWindowClosed,
    );
}

#[tokio::test]
async fn one_commit_bundled_with_finalize_cannot_decide_a_job() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    seed_ready(&mut env, &s).await;
    let keys = s.ledger_keys(&env);
    let total = env.total(&keys).await;
    let sybil = s.verifiers[1].insecure_clone();
    let finalize = ix_finalize(&s.finalize_keys(&env, &sybil.pubkey(), s.payees(&[1])));
    assert_err(
        env.send(
            &[ix_commit(&sybil.pubkey(), &s.job, [0; 32]), finalize],
            &[&sybil],
        )
        .await,
        AtelierError::VerificationPending,
    );
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(
        (job.status, job.attestations.len()),
        (JobStatus::Submitted, 0)
    );
    assert_eq!(env.total(&keys).await, total - FEE_PER_SIGNATURE);
}
