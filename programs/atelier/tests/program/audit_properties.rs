//! Property tests of the statistical audit's integer z test (`math::audit_stats`) against an
//! f64 reference, and of `math::isqrt`.

use atelier::{
    math::{audit_stats, isqrt},
    state::ScoreStats,
};
use proptest::prelude::*;

fn stats(scores: &[u16]) -> ScoreStats {
    let mut s = ScoreStats::default();
    for &x in scores {
        s.record(x).unwrap();
    }
    s
}

fn merged(a: &ScoreStats, b: &ScoreStats) -> ScoreStats {
    ScoreStats {
        count: a.count + b.count,
        sum: a.sum + b.sum,
        sum_sq: a.sum_sq + b.sum_sq,
    }
}

/// The textbook computation in f64: (mean_o − mean_w) / (s_o / √n_w), s_o the sample sd taken
/// no lower than the program's variance floor (100 score units).
fn reference_z(worker: &[u16], others: &[u16]) -> (f64, f64, f64, f64) {
    let mean = |v: &[u16]| v.iter().map(|&x| x as f64).sum::<f64>() / v.len() as f64;
    let (mw, mo) = (mean(worker), mean(others));
    let var =
        others.iter().map(|&x| (x as f64 - mo).powi(2)).sum::<f64>() / (others.len() - 1) as f64;
    let sd = var.sqrt().max(100.0);
    ((mo - mw) / (sd / (worker.len() as f64).sqrt()), mw, mo, sd)
}

/// Scores like CLIP's: a centre, a spread, and clamping to [0, 10000].
fn scores(len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<u16>> {
    (0u16..=10_000, 0u16..=3_000).prop_flat_map(move |(centre, spread)| {
        proptest::collection::vec(
            (0..=2 * spread as u32).prop_map(move |d| {
                (centre as i64 + d as i64 - spread as i64).clamp(0, 10_000) as u16
            }),
            len.clone(),
        )
    })
}

proptest! {
    #[test]
    fn audit_z_matches_the_f64_reference(
        worker in scores(2..120),
        others in scores(2..400),
    ) {
        let w = stats(&worker);
        let population = merged(&w, &stats(&others));
        let got = audit_stats(&w, &population).unwrap().unwrap();
        let (z, mw, mo, sd) = reference_z(&worker, &others);
        prop_assert_eq!(got.worker_count, worker.len() as u64);
        prop_assert_eq!(got.others_count, others.len() as u64);
        prop_assert!((got.worker_mean_e6 as f64 - mw * 1e6).abs() <= 1.0);
        prop_assert!((got.others_mean_e6 as f64 - mo * 1e6).abs() <= 1.0);
        prop_assert!((got.others_sd_e6 as f64 - sd * 1e6).abs() <= 2.0 + sd * 1e-3);
        // Fixed point (10^-6 score units) against f64: within 1 + 0.01 % of z × 100.
        let want = z * 100.0;
        prop_assert!(
            (got.z_x100 as f64 - want).abs() <= 1.0 + want.abs() * 1e-4,
            "z_x100 {} vs reference {}", got.z_x100, want
        );
    }

    #[test]
    fn audit_needs_two_scores_on_each_side(
        worker in scores(0..3),
        others in scores(0..3),
    ) {
        let w = stats(&worker);
        let got = audit_stats(&w, &merged(&w, &stats(&others))).unwrap();
        prop_assert_eq!(got.is_some(), worker.len() >= 2 && others.len() >= 2);
    }

    #[test]
    fn isqrt_is_the_floor_of_the_square_root(n in any::<u128>()) {
        let r = isqrt(n);
        prop_assert!(r * r <= n);
        prop_assert!((r + 1).checked_mul(r + 1).is_none_or(|sq| sq > n));
    }
}

#[test]
fn audit_is_exact_on_a_worked_example() {
    // Others: 3000 ± 100 (sample sd 100 exactly for {2900, 3000, 3100}); worker: 2900 twice.
    let others = [2_900, 3_000, 3_100];
    let worker = [2_900, 2_900];
    let w = stats(&worker);
    let s = audit_stats(&w, &merged(&w, &stats(&others)))
        .unwrap()
        .unwrap();
    assert_eq!(s.others_mean_e6, 3_000_000_000);
    assert_eq!(s.worker_mean_e6, 2_900_000_000);
    assert_eq!(s.others_sd_e6, 100_000_000);
    // z = 100 / (100 / √2) = √2 = 1.414...
    assert_eq!(s.z_x100, 141);
}

#[test]
fn a_zero_variance_population_cannot_frame_a_one_point_gap() {
    // 29 × 3000 and 1 × 2999 against a population of identical 3000s: before the variance
    // floor the z was infinite and the worker was slashed 50 % at default parameters.
    let mut worker: Vec<u16> = vec![3_000; 29];
    worker.push(2_999);
    let others = vec![3_000u16; 500];
    let w = stats(&worker);
    let s = audit_stats(&w, &merged(&w, &stats(&others)))
        .unwrap()
        .unwrap();
    assert_eq!(s.others_sd_e6, 100_000_000);
    // z = (1/30) × √30 / 100 ≈ 0.0018: far inside any threshold.
    assert!(s.z_x100 >= 0 && s.z_x100 < 1, "{s:?}");
    // A real gap still shows: a worker 100 units below over 30 jobs is at z ≈ 5.48.
    let low = stats(&[2_900u16; 30]);
    let s = audit_stats(&low, &merged(&low, &stats(&others)))
        .unwrap()
        .unwrap();
    assert!(s.z_x100 > 540 && s.z_x100 < 550, "{s:?}");
}

#[test]
fn audit_survives_huge_populations_without_overflow() {
    let n = 1_000_000_000_000u64;
    let population = ScoreStats {
        count: n,
        sum: n * 3_000,
        sum_sq: n as u128 * 9_010_000,
    };
    let worker = ScoreStats {
        count: 1_000_000,
        sum: 1_000_000 * 2_990,
        sum_sq: 1_000_000u128 * 8_950_100,
    };
    let s = audit_stats(&worker, &population).unwrap().unwrap();
    assert!(
        s.others_sd_e6 > 99_000_000 && s.others_sd_e6 < 101_000_000,
        "{s:?}"
    );
    assert!(s.z_x100 > 9_900 && s.z_x100 < 10_100, "{s:?}");
}
