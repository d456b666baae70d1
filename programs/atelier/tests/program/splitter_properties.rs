//! Property tests of the royalty splitter's accounting (`RoyaltySplitter::claim`,
//! `math::royalty_owed`) over arbitrary interleavings of deposits and claims.

use anchor_lang::{error::Error, prelude::Pubkey};
use atelier::{
    error::AtelierError,
    math::royalty_owed,
    state::{InfluenceWeight, RoyaltySplitter},
};
use proptest::prelude::*;

const RENT: u64 = 2_000_000;

fn artist(i: usize) -> Pubkey {
    Pubkey::new_from_array([i as u8 + 1; 32])
}

/// 1 to 16 distinct artists with positive bps summing to 10000.
fn weights() -> impl Strategy<Value = Vec<InfluenceWeight>> {
    (1usize..=16)
        .prop_flat_map(|n| proptest::collection::btree_set(1u16..10_000, n - 1))
        .prop_map(|cuts| {
            let mut edges: Vec<u16> = vec![0];
            edges.extend(cuts);
            edges.push(10_000);
            edges
                .windows(2)
                .enumerate()
                .map(|(i, w)| InfluenceWeight {
                    artist: artist(i),
                    bps: w[1] - w[0],
                })
                .collect()
        })
}

#[derive(Debug, Clone)]
enum Op {
    /// Someone pays royalties into the splitter.
    Deposit(u64),
    /// Artist `i % artists` claims.
    Claim(usize),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec(
        prop_oneof![
            (prop_oneof![1u64..100, 1u64..1_000_000, 1u64..1_000_000_000_000])
                .prop_map(Op::Deposit),
            (0usize..16).prop_map(Op::Claim),
        ],
        0..80,
    )
}

fn is_nothing_to_claim(e: &Error) -> bool {
    matches!(e, Error::AnchorError(a) if a.error_code_number == AtelierError::NothingToClaim as u32 + 6000)
}

/// Exact share × 10000 (no rounding) of `received` for `bps`.
fn exact_x10000(received: u64, bps: u16) -> u128 {
    received as u128 * bps as u128
}

proptest! {
    #[test]
    fn claims_never_exceed_receipts_and_each_claim_is_within_one_lamport_of_exact(
        weights in weights(),
        ops in ops(),
    ) {
        let n = weights.len();
        let mut splitter = RoyaltySplitter::new(255, Pubkey::new_unique(), &weights);
        let mut lamports = RENT;
        let mut deposited: u64 = 0;
        for op in ops {
            match op {
                Op::Deposit(amount) => {
                    lamports += amount;
                    deposited += amount;
                }
                Op::Claim(i) => {
                    let who = artist(i % n);
                    let received = splitter.total_received(lamports, RENT).unwrap();
                    prop_assert_eq!(received, deposited);
                    match splitter.claim(&who, received) {
                        Ok(paid) => {
                            prop_assert!(paid > 0);
                            lamports -= paid;
                            let share = splitter.shares.iter().find(|s| s.artist == who).unwrap();
                            // After a claim the artist holds ⌊exact⌋: within one lamport below exact.
                            let exact = exact_x10000(received, share.bps);
                            let claimed = share.claimed as u128 * 10_000;
                            prop_assert!(claimed <= exact && exact - claimed < 10_000);
                        }
                        Err(e) => prop_assert!(is_nothing_to_claim(&e), "unexpected {e:?}"),
                    }
                }
            }
            // The splitter never pays out more than it received, so it always keeps its rent.
            prop_assert!(splitter.total_claimed <= deposited);
            prop_assert!(lamports >= RENT);
            let sum: u64 = splitter.shares.iter().map(|s| s.claimed).sum();
            prop_assert_eq!(sum, splitter.total_claimed);
        }
        // Everyone claims once more: each artist ends within one lamport of exact, and the dust
        // left behind is less than one lamport per artist.
        let received = splitter.total_received(lamports, RENT).unwrap();
        for w in &weights {
            match splitter.claim(&w.artist, received) {
                Ok(paid) => lamports -= paid,
                Err(e) => prop_assert!(is_nothing_to_claim(&e)),
            }
        }
        for s in &splitter.shares {
            let exact = exact_x10000(received, s.bps);
            let claimed = s.claimed as u128 * 10_000;
            prop_assert!(claimed <= exact && exact - claimed < 10_000);
        }
        prop_assert!(deposited - splitter.total_claimed < n as u64);
        prop_assert_eq!(lamports - RENT, deposited - splitter.total_claimed);
    }

    #[test]
    fn royalty_owed_is_the_floor_of_the_share_minus_claims(
        received in any::<u64>(),
        bps in 0u16..=10_000,
        fraction in 0u64..=100,
    ) {
        let entitled = (received as u128 * bps as u128 / 10_000) as u64;
        let claimed = (entitled as u128 * fraction as u128 / 100) as u64;
        prop_assert_eq!(royalty_owed(received, bps, claimed).unwrap(), entitled - claimed);
    }
}

#[test]
fn dust_waits_for_the_next_deposit_instead_of_vanishing() {
    let weights = vec![
        InfluenceWeight {
            artist: artist(0),
            bps: 3_333,
        },
        InfluenceWeight {
            artist: artist(1),
            bps: 3_333,
        },
        InfluenceWeight {
            artist: artist(2),
            bps: 3_334,
        },
    ];
    let mut splitter = RoyaltySplitter::new(255, Pubkey::new_unique(), &weights);
    // 1 lamport received: nobody's floor reaches a lamport yet.
    for w in &weights {
        let e = splitter.claim(&w.artist, 1).unwrap_err();
        assert!(is_nothing_to_claim(&e));
    }
    // 3 lamports received: 0.9999 + 0.9999 + 1.0002 → only the third artist is owed 1.
    assert!(is_nothing_to_claim(
        &splitter.claim(&artist(0), 3).unwrap_err()
    ));
    assert_eq!(splitter.claim(&artist(2), 3).unwrap(), 1);
    // 10000 lamports received: exact shares 3333 / 3333 / 3334.
    assert_eq!(splitter.claim(&artist(0), 10_000).unwrap(), 3_333);
    assert_eq!(splitter.claim(&artist(1), 10_000).unwrap(), 3_333);
    assert_eq!(splitter.claim(&artist(2), 10_000).unwrap(), 3_333);
    assert_eq!(splitter.total_claimed, 10_000);
}

#[test]
fn an_artist_outside_the_splitter_cannot_claim() {
    let weights = vec![InfluenceWeight {
        artist: artist(0),
        bps: 10_000,
    }];
    let mut splitter = RoyaltySplitter::new(255, Pubkey::new_unique(), &weights);
    match splitter.claim(&artist(5), 1_000) {
        Err(Error::AnchorError(a)) => assert_eq!(
            a.error_code_number,
            AtelierError::ArtistNotInSplitter as u32 + 6000
        ),
        other => panic!("expected ArtistNotInSplitter, got {other:?}"),
    }
}

#[test]
fn splitter_space_grows_by_one_share_per_artist() {
    use anchor_lang::Space;
    let one = RoyaltySplitter::space(1);
    assert_eq!(RoyaltySplitter::space(16), 8 + RoyaltySplitter::INIT_SPACE);
    assert_eq!(
        RoyaltySplitter::space(2) - one,
        atelier::state::RoyaltyShare::INIT_SPACE
    );
}
