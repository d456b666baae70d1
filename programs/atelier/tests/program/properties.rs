//! Property tests (proptest) of the pure money and weight functions.

use anchor_lang::{error::Error, prelude::Pubkey};
use atelier::{
    constants::{BPS_DENOMINATOR, MAX_CLIP_SCORE, MAX_INFLUENCES},
    error::AtelierError,
    math::{accumulate_score, bps_of, split_payment},
    state::{validate_influences, InfluenceWeight, ScoreStats},
};
use proptest::prelude::*;

/// The Atelier error code of a failed result (panics on success or on a non-Anchor error).
fn code_of<T: std::fmt::Debug>(r: anchor_lang::Result<T>) -> u32 {
    match r {
        Err(Error::AnchorError(e)) => e.error_code_number,
        other => panic!("expected an Anchor error, got {other:?}"),
    }
}

fn code(e: AtelierError) -> u32 {
    e as u32 + 6000
}

const MAX: usize = MAX_INFLUENCES as usize;

// ---------------------------------------------------------------- split_payment

/// Protocol and verifier fee bps whose sum is at most 10000.
fn fee_pair() -> impl Strategy<Value = (u16, u16)> {
    (0..=BPS_DENOMINATOR).prop_flat_map(|p| (Just(p), 0..=BPS_DENOMINATOR - p))
}

fn payment() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        Just(1),
        Just(u64::MAX),
        0..1_000u64,
        any::<u64>()
    ]
}

proptest! {
    #[test]
    fn split_payment_parts_sum_exactly_to_the_payment(
        payment in payment(),
        (protocol, verifier) in fee_pair(),
        verifiers in prop_oneof![0..=8u64, any::<u64>()],
    ) {
        let split = split_payment(payment, protocol, verifier, verifiers).unwrap();
        let paid_verifiers = split.verifier_each as u128 * split.verifiers as u128;
        prop_assert_eq!(
            split.worker as u128 + paid_verifiers + split.treasury as u128,
            payment as u128
        );
        prop_assert_eq!(split.verifiers, verifiers);
    }

    #[test]
    fn split_payment_worker_share_never_exceeds_the_payment_and_is_exact(
        payment in payment(),
        (protocol, verifier) in fee_pair(),
        verifiers in 0..=8u64,
    ) {
        let split = split_payment(payment, protocol, verifier, verifiers).unwrap();
        prop_assert!(split.worker <= payment);
        let fee = (payment as u128 * protocol as u128 / 10_000) as u64;
        let pool = (payment as u128 * verifier as u128 / 10_000) as u64;
        prop_assert_eq!(split.worker, payment - fee - pool);
        // Verifiers share the pool equally; the treasury gets the fee and less than one share of dust.
        match pool.checked_div(verifiers) {
            None => {
                prop_assert_eq!(split.verifier_each, 0);
                prop_assert_eq!(split.treasury, fee + pool);
            }
            Some(each) => {
                prop_assert_eq!(split.verifier_each, each);
                let dust = split.treasury - fee;
                prop_assert!(dust < verifiers);
                prop_assert_eq!(dust, pool % verifiers);
            }
        }
    }

    #[test]
    fn split_payment_fails_cleanly_when_fees_exceed_10000_bps(
        payment in payment(),
        protocol in any::<u16>(),
        verifier in any::<u16>(),
        verifiers in 0..=8u64,
    ) {
        prop_assume!(protocol as u32 + verifier as u32 > BPS_DENOMINATOR as u32);
        let result = split_payment(payment, protocol, verifier, verifiers);
        prop_assert_eq!(code_of(result), code(AtelierError::InvalidFeeBps));
    }

    #[test]
    fn bps_of_never_exceeds_the_amount_and_refuses_more_than_10000_bps(
        amount in any::<u64>(),
        bps in any::<u16>(),
    ) {
        if bps <= BPS_DENOMINATOR {
            let part = bps_of(amount, bps).unwrap();
            prop_assert!(part <= amount);
            prop_assert_eq!(part as u128, amount as u128 * bps as u128 / 10_000);
        } else {
            prop_assert_eq!(code_of(bps_of(amount, bps)), code(AtelierError::MathOverflow));
        }
    }
}

#[test]
fn split_payment_refuses_fee_bps_whose_u16_sum_overflows() {
    // 65535 + 1 wraps to 0 in u16: it must not be taken for a zero fee.
    let result = split_payment(1_000, u16::MAX, 1, 2);
    assert_eq!(code_of(result), code(AtelierError::InvalidFeeBps));
}

#[test]
fn split_payment_accepts_fees_of_exactly_10000_bps_and_leaves_the_worker_only_rounding_dust() {
    let even = split_payment(1_000_000, 9_700, 300, 3).unwrap();
    assert_eq!(
        (even.worker, even.verifier_each, even.treasury),
        (0, 10_000, 970_000)
    );
    // Both fees round down, so the worker keeps the rounding remainder (less than 2 lamports).
    let odd = split_payment(1_000_003, 9_700, 300, 3).unwrap();
    assert_eq!(odd.worker, 1);
    assert_eq!(odd.worker + odd.verifier_each * 3 + odd.treasury, 1_000_003);
    assert_eq!(
        code_of(split_payment(1_000_003, 9_700, 301, 3)),
        code(AtelierError::InvalidFeeBps)
    );
}

// ---------------------------------------------------------------- validate_influences

/// The first rule a weight list breaks, in the documented order, or None when it is valid.
fn first_violation(weights: &[InfluenceWeight]) -> Option<AtelierError> {
    if weights.is_empty() {
        return None;
    }
    if weights.len() > MAX {
        return Some(AtelierError::TooManyInfluences);
    }
    for (i, w) in weights.iter().enumerate() {
        if w.bps == 0 {
            return Some(AtelierError::InfluenceZeroWeight);
        }
        if weights[..i].iter().any(|e| e.artist == w.artist) {
            return Some(AtelierError::DuplicateInfluenceArtist);
        }
    }
    let sum: u32 = weights.iter().map(|w| w.bps as u32).sum();
    (sum > 10_000).then_some(AtelierError::InfluenceSumInvalid)
}

/// The set-level definition of a valid list, independent of order and of error precedence.
fn is_valid_set(weights: &[InfluenceWeight]) -> bool {
    let distinct = weights
        .iter()
        .enumerate()
        .all(|(i, w)| weights[i + 1..].iter().all(|o| o.artist != w.artist));
    let sum: u64 = weights.iter().map(|w| w.bps as u64).sum();
    weights.is_empty()
        || (weights.len() <= MAX && distinct && weights.iter().all(|w| w.bps > 0) && sum <= 10_000)
}

fn artist(i: u8) -> Pubkey {
    Pubkey::new_from_array([i; 32])
}

/// A valid list: 1..=16 distinct artists with positive bps summing to exactly 10000.
fn valid_weights() -> impl Strategy<Value = Vec<InfluenceWeight>> {
    (1..=MAX)
        .prop_flat_map(|n| {
            (
                Just(n),
                proptest::collection::btree_set(1..10_000u16, n - 1),
                proptest::collection::btree_set(any::<u8>(), n),
            )
        })
        .prop_map(|(_, cuts, artists)| {
            // n − 1 distinct cut points in (0, 10000) give n positive parts.
            let mut bounds: Vec<u16> = vec![0];
            bounds.extend(cuts);
            bounds.push(10_000);
            bounds
                .windows(2)
                .zip(artists)
                .map(|(w, a)| InfluenceWeight {
                    artist: artist(a),
                    bps: w[1] - w[0],
                })
                .collect()
        })
        .prop_shuffle()
}

/// Any list: few artists (so duplicates happen), bps from zero to u16::MAX.
fn any_weights() -> impl Strategy<Value = Vec<InfluenceWeight>> {
    let bps = prop_oneof![
        Just(0u16),
        Just(10_000),
        Just(u16::MAX),
        1..=10_000u16,
        any::<u16>(),
    ];
    proptest::collection::vec(
        (0..20u8, bps).prop_map(|(a, bps)| InfluenceWeight {
            artist: artist(a),
            bps,
        }),
        0..=20,
    )
}

proptest! {
    #[test]
    fn validate_influences_accepts_every_valid_set(weights in valid_weights()) {
        prop_assert!(is_valid_set(&weights));
        prop_assert!(validate_influences(&weights).is_ok());
    }

    #[test]
    fn validate_influences_accepts_exactly_the_valid_sets_and_names_the_first_broken_rule(
        weights in prop_oneof![valid_weights(), any_weights()],
    ) {
        let result = validate_influences(&weights);
        prop_assert_eq!(result.is_ok(), is_valid_set(&weights));
        match first_violation(&weights) {
            None => prop_assert!(result.is_ok()),
            Some(e) => prop_assert_eq!(code_of(result), code(e)),
        }
    }

    #[test]
    fn validate_influences_accepts_an_unattributed_share_and_rejects_any_excess(
        weights in valid_weights(),
        index in any::<prop::sample::Index>(),
        delta in prop_oneof![-3i32..=3, -10_000i32..=65_535],
    ) {
        // Lowering a weight leaves an unattributed share (valid); raising one above the whole
        // (sum > 10000) is refused.
        let mut weights = weights;
        let i = index.index(weights.len());
        let nudged = weights[i].bps as i32 + delta;
        prop_assume!(delta != 0 && nudged > 0 && nudged <= u16::MAX as i32);
        weights[i].bps = nudged as u16;
        let result = validate_influences(&weights);
        if delta < 0 {
            prop_assert!(result.is_ok());
        } else {
            prop_assert_eq!(code_of(result), code(AtelierError::InfluenceSumInvalid));
        }
    }

    #[test]
    fn normalized_splitter_shares_sum_to_10000_and_keep_each_proportion_within_one_bps(
        whole in valid_weights(),
        percent in 1u32..=100,
    ) {
        // A valid set with every weight scaled to `percent` of itself: 1..=10000 attributed.
        let weights: Vec<u16> = whole
            .iter()
            .map(|w| ((w.bps as u32 * percent / 100).max(1)) as u16)
            .collect();
        let total: u32 = weights.iter().map(|w| *w as u32).sum();
        let shares = atelier::math::normalize_bps(&weights);
        prop_assert_eq!(shares.iter().map(|s| *s as u32).sum::<u32>(), 10_000);
        for (w, s) in weights.iter().zip(&shares) {
            let exact = *w as f64 * 10_000.0 / total as f64;
            prop_assert!((*s as f64 - exact).abs() < 1.0, "{} vs {}", s, exact);
            prop_assert!(*s >= *w, "scaling up never lowers a share");
        }
    }

    #[test]
    fn validate_influences_rejects_more_than_16_entries_whatever_they_hold(
        extra in proptest::collection::vec((any::<u8>(), any::<u16>()), 17..=40),
    ) {
        let weights: Vec<_> = extra
            .into_iter()
            .map(|(a, bps)| InfluenceWeight { artist: artist(a), bps })
            .collect();
        prop_assert_eq!(
            code_of(validate_influences(&weights)),
            code(AtelierError::TooManyInfluences)
        );
    }

    #[test]
    fn validate_influences_rejects_weights_that_sum_to_10000_only_modulo_u16(
        weights in valid_weights(),
        index in any::<prop::sample::Index>(),
    ) {
        // One more artist at 65535 (≡ −1 mod 65536) and one weight raised by 1: the u16-wrapped
        // sum stays 10000, the true sum is 75536.
        let mut weights = weights;
        prop_assume!(weights.len() < MAX);
        let i = index.index(weights.len());
        weights[i].bps += 1;
        weights.push(InfluenceWeight { artist: Pubkey::new_unique(), bps: u16::MAX });
        let wrapped = weights.iter().fold(0u16, |acc, w| acc.wrapping_add(w.bps));
        prop_assert_eq!(wrapped, 10_000);
        prop_assert_eq!(
            code_of(validate_influences(&weights)),
            code(AtelierError::InfluenceSumInvalid)
        );
    }
}

#[test]
fn validate_influences_accepts_no_influences() {
    assert!(validate_influences(&[]).is_ok());
}

#[test]
fn validate_influences_accepts_16_and_refuses_17_equal_weights() {
    let sixteen: Vec<_> = (0..16)
        .map(|i| InfluenceWeight {
            artist: artist(i),
            bps: 625,
        })
        .collect();
    assert!(validate_influences(&sixteen).is_ok());
    let mut seventeen = sixteen;
    seventeen[15].bps = 313;
    seventeen.push(InfluenceWeight {
        artist: artist(16),
        bps: 312,
    });
    assert_eq!(seventeen.iter().map(|w| w.bps as u32).sum::<u32>(), 10_000);
    assert_eq!(
        code_of(validate_influences(&seventeen)),
        code(AtelierError::TooManyInfluences)
    );
}

// ---------------------------------------------------------------- ScoreStats

proptest! {
    #[test]
    fn score_stats_record_exact_count_sum_and_sum_of_squares(
        scores in proptest::collection::vec(0..=MAX_CLIP_SCORE, 0..200),
    ) {
        let mut stats = ScoreStats::default();
        for s in &scores {
            stats.record(*s).unwrap();
        }
        prop_assert_eq!(stats.count, scores.len() as u64);
        prop_assert_eq!(stats.sum, scores.iter().map(|s| *s as u64).sum::<u64>());
        prop_assert_eq!(
            stats.sum_sq,
            scores.iter().map(|s| (*s as u128) * (*s as u128)).sum::<u128>()
        );
    }

    #[test]
    fn score_stats_do_not_overflow_for_a_quadrillion_maximal_scores(
        count in 0..=1_000_000_000_000_000u64,
        score in 0..=MAX_CLIP_SCORE,
    ) {
        // Every earlier score at the maximum: the worst case for the sums.
        let max = MAX_CLIP_SCORE as u64;
        let mut stats = ScoreStats {
            count,
            sum: count * max,
            sum_sq: count as u128 * (max * max) as u128,
        };
        stats.record(score).unwrap();
        prop_assert_eq!(stats.count, count + 1);
        prop_assert_eq!(stats.sum, count * max + score as u64);
        prop_assert_eq!(
            stats.sum_sq,
            count as u128 * (max * max) as u128 + (score as u128).pow(2)
        );
    }
}

#[test]
fn score_stats_fail_with_math_overflow_instead_of_panicking_at_the_limits() {
    assert_eq!(
        code_of(accumulate_score(u64::MAX, 0, 0, 1)),
        code(AtelierError::MathOverflow)
    );
    assert_eq!(
        code_of(accumulate_score(1, u64::MAX, 0, 1)),
        code(AtelierError::MathOverflow)
    );
    assert_eq!(
        code_of(accumulate_score(1, 0, u128::MAX, 1)),
        code(AtelierError::MathOverflow)
    );
    // A failed record leaves the stats unchanged.
    let mut stats = ScoreStats {
        count: u64::MAX,
        sum: 5,
        sum_sq: 25,
    };
    assert!(stats.record(7).is_err());
    assert_eq!(
        stats,
        ScoreStats {
            count: u64::MAX,
            sum: 5,
            sum_sq: 25
        }
    );
}
