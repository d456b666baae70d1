//! Property tests of the verdict rules (`Job::verdict`, `Job::verifier_outcomes`) over random
//! committees: with an honest majority among the committed verifiers, an honest worker is never
//! rejected (so never slashed), a cheating result is never accepted, and no honest verifier is
//! slashed — whatever the cheaters reveal, withhold, or in which order they commit.

use anchor_lang::prelude::Pubkey;
use atelier::state::*;
use proptest::prelude::*;

const SUBMITTED_AT: i64 = 1_000;

fn rules(quorum: u8, committee: u8, floor: u16, tolerance: u16) -> VerdictRules {
    VerdictRules {
        quorum,
        committee,
        oversample: 2,
        floor,
        commit_window: 60,
        window: 120,
        tolerance,
    }
}

fn submitted_job(clip_score: u16, attestations: Vec<Attestation>) -> Job {
    Job {
        version: 1,
        bump: 255,
        job_id: 1,
        client: Pubkey::new_unique(),
        status: JobStatus::Submitted,
        model_id: "m".into(),
        prompt: String::new(),
        prompt_uri: String::new(),
        prompt_hash: [0; 32],
        params: GenerationParams {
            seed: 0,
            steps: 1,
            width: 512,
            height: 512,
            guidance_x100: 0,
        },
        payment: 1,
        mint_deposit: 0,
        created_at: 0,
        deadline: i64::MAX,
        worker: Some(Pubkey::new_unique()),
        claim_deadline: 0,
        claims: 1,
        content_hash: [1; 32],
        submitted_at: SUBMITTED_AT,
        clip_score,
        submitted_slot: 0,
        eligible_stake: 0,
        seed: Some([0; 32]),
        attestations,
        reserved: [0; 64],
    }
}

/// One committed verifier (a strict majority is made honest): honest ones score the truth within ±tolerance/2 and agree exactly
/// when their score reaches the floor; cheaters pick anything, and may withhold the reveal
/// (an agreeing reveal below the floor is refused on chain, so it counts as withheld).
#[derive(Clone, Debug)]
struct Member {
    honest: bool,
    jitter: i32,
    score: u16,
    agree: bool,
    reveals: bool,
    order: u32,
}

fn member() -> impl Strategy<Value = Member> {
    (
        any::<bool>(),
        -1_000i32..=1_000,
        0u16..=10_000,
        any::<bool>(),
        any::<bool>(),
        any::<u32>(),
    )
        .prop_map(|(honest, jitter, score, agree, reveals, order)| Member {
            honest,
            jitter,
            score,
            agree,
            reveals,
            order,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_096))]

    #[test]
    fn an_honest_committee_majority_decides_and_is_never_slashed(
        quorum in 1u8..=4,
        extra in 0u8..=3,
        floor in 1_000u16..=4_000,
        tolerance in 0u16..=600,
        truth in 0u16..=6_000,
        good_worker_claim in any::<bool>(),
        pool in prop::collection::vec(member(), 1..=8),
    ) {
        let committee = (quorum + extra).min(2 * quorum - 1).min(8);
        // Committed members: at most the committee, with a strict honest majority.
        let mut committed: Vec<Member> = pool.into_iter().take(committee as usize).collect();
        let majority = committed.len() / 2 + 1;
        for m in committed.iter_mut().take(majority) {
            m.honest = true;
        }
        committed.sort_by_key(|m| m.order);
        let half = (tolerance / 2) as i32;
        let attestations: Vec<Attestation> = committed
            .iter()
            .map(|m| {
                let (score, agree, revealed) = if m.honest {
                    let s = (truth as i32 + m.jitter.clamp(-half, half)).clamp(0, 10_000) as u16;
                    (s, s >= floor, true)
                } else {
                    (m.score, m.agree, m.reveals && (!m.agree || m.score >= floor))
                };
                Attestation {
                    verifier: Pubkey::new_unique(),
                    authority: Pubkey::new_unique(),
                    commitment: [0; 32],
                    revealed,
                    score: if revealed { score } else { 0 },
                    agree: revealed && agree,
                }
            })
            .collect();
        let honest_scores: Vec<u16> = committed
            .iter()
            .zip(&attestations)
            .filter(|(m, _)| m.honest)
            .map(|(_, a)| a.score)
            .collect();
        let good = honest_scores.iter().all(|s| *s >= floor);
        let bad = honest_scores.iter().all(|s| *s < floor);
        let r = rules(quorum, committee, floor, tolerance);
        // An honest worker reports the truth; a cheating one may claim anything at the floor.
        let claim = if good || !good_worker_claim { truth.max(floor) } else { floor };
        let job = submitted_job(claim, attestations.clone());
        let verdict = job.verdict(SUBMITTED_AT + 120, &r).unwrap();
        if good {
            prop_assert_ne!(verdict, Verdict::Rejected, "honest result rejected");
        }
        if bad {
            prop_assert_ne!(verdict, Verdict::Accepted, "cheating result accepted");
        }
        let outcomes = job.verifier_outcomes(verdict, &r);
        for (m, o) in committed.iter().zip(&outcomes) {
            if m.honest {
                prop_assert!(
                    matches!(o, VerifierOutcome::Paid | VerifierOutcome::Unpaid),
                    "honest verifier slashed: {:?}", o
                );
            }
        }
        // Only accepted jobs pay, and only agreeing reveals.
        for (a, o) in attestations.iter().zip(&outcomes) {
            if *o == VerifierOutcome::Paid {
                prop_assert!(verdict == Verdict::Accepted && a.revealed && a.agree);
            }
        }
    }

    #[test]
    fn no_verdict_on_a_partial_set_of_reveals_inside_the_window(
        committee in 1u8..=8,
        committed in 1usize..=8,
        unrevealed in 0usize..=8,
        now in SUBMITTED_AT..SUBMITTED_AT + 120,
    ) {
        let quorum = committee / 2 + 1;
        let committed = committed.min(committee as usize);
        let unrevealed = unrevealed.min(committed);
        let attestations = (0..committed)
            .map(|i| Attestation {
                verifier: Pubkey::new_unique(),
                authority: Pubkey::new_unique(),
                commitment: [0; 32],
                revealed: i >= unrevealed,
                score: 3_000,
                agree: i >= unrevealed,
            })
            .collect();
        let r = rules(quorum, committee, 2_000, 300);
        let job = submitted_job(3_000, attestations);
        let commit_open = now < SUBMITTED_AT + 60 && committed < committee as usize;
        let decided = job.verdict(now, &r).is_ok();
        prop_assert_eq!(decided, !commit_open && unrevealed == 0);
    }
}
