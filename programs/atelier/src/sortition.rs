//! Verifier assignment by stake-weighted sortition, seeded by a slot hash the worker could not
//! know when it submitted. Pure functions; the handlers read the accounts.
//!
//! A verifier with stake `s` is drawn for a job when `draw(seed, verifier) < threshold`, with
//! `threshold / 2^64 = min(1, expected · s / eligible_stake)`: each verifier checks itself in
//! O(1), so the verifier set needs no on-chain list and scales to any number of verifiers.
//! `expected` is the committee size times the oversampling factor.
use crate::error::AtelierError;
use anchor_lang::{prelude::*, solana_program::hash::hashv};

/// Domain separator of the job seed.
const SEED_DOMAIN: &[u8] = b"atelier/verifier-draw/v1";
/// Bytes of one SlotHashes entry: slot (u64 LE) and bank hash.
const SLOT_HASH_ENTRY_LEN: usize = 8 + 32;

/// The hash of `target` from the SlotHashes sysvar's data, or of the first slot after it when
/// `target` was skipped. `SeedPending` while `target` has no hash yet (too recent),
/// `SeedUnavailable` once it has aged out of the sysvar (512 slots): the job can then only end
/// unverified, so nobody gains by delaying the draw to pick a more favourable hash.
pub fn slot_hash_at_or_after(data: &[u8], target: u64) -> Result<[u8; 32]> {
    let len = data
        .get(..8)
        .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
        .ok_or_else(|| error!(AtelierError::InvalidSlotHashes))? as usize;
    let entries = data
        .get(8..)
        .ok_or_else(|| error!(AtelierError::InvalidSlotHashes))?;
    require!(
        entries.len() >= len.saturating_mul(SLOT_HASH_ENTRY_LEN),
        AtelierError::InvalidSlotHashes
    );
    // Entries are newest first. Walk until the first slot below `target`; the last entry seen
    // at or above it is the answer. Bounded by the sysvar's 512 entries.
    let mut found: Option<[u8; 32]> = None;
    for i in 0..len {
        let entry = &entries[i * SLOT_HASH_ENTRY_LEN..(i + 1) * SLOT_HASH_ENTRY_LEN];
        let slot = u64::from_le_bytes(entry[..8].try_into().unwrap_or_default());
        if slot < target {
            return found.ok_or_else(|| error!(AtelierError::SeedPending));
        }
        let mut hash = [0u8; 32];
        hash.copy_from_slice(&entry[8..]);
        found = Some(hash);
    }
    // Every entry is at or above `target` (or there are none): the target's neighbourhood has
    // aged out unless the oldest entry is the target itself.
    match (found, len) {
        (_, 0) => err!(AtelierError::SeedPending),
        (Some(hash), _) if oldest_slot(entries, len) == target => Ok(hash),
        _ => err!(AtelierError::SeedUnavailable),
    }
}

fn oldest_slot(entries: &[u8], len: usize) -> u64 {
    let at = (len - 1) * SLOT_HASH_ENTRY_LEN;
    u64::from_le_bytes(entries[at..at + 8].try_into().unwrap_or_default())
}

/// The job's draw seed: the slot hash bound to the job, so one slot seeds different draws for
/// different jobs.
pub fn job_seed(slot_hash: &[u8; 32], job: &Pubkey) -> [u8; 32] {
    hashv(&[SEED_DOMAIN, slot_hash, job.as_ref()]).to_bytes()
}

/// A verifier's draw for a job, uniform over u64.
pub fn draw(seed: &[u8; 32], verifier: &Pubkey) -> u64 {
    let h = hashv(&[seed, verifier.as_ref()]).to_bytes();
    u64::from_le_bytes(h[..8].try_into().unwrap_or_default())
}

/// The draw below which a verifier of `stake` is selected when `expected` verifiers are wanted
/// out of `eligible_stake`: `min(1, expected · stake / eligible_stake) · 2^64`, saturating.
pub fn threshold(expected: u64, stake: u64, eligible_stake: u64) -> u64 {
    let want = (expected as u128) * (stake as u128);
    if eligible_stake == 0 || want >= eligible_stake as u128 {
        return u64::MAX;
    }
    // want < eligible_stake <= 2^64, so the shift stays below 2^128.
    ((want << 64) / eligible_stake as u128) as u64
}

/// Is this verifier drawn?
pub fn is_drawn(
    seed: &[u8; 32],
    verifier: &Pubkey,
    expected: u64,
    stake: u64,
    eligible: u64,
) -> bool {
    let t = threshold(expected, stake, eligible);
    t == u64::MAX || draw(seed, verifier) < t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sysvar(entries: &[(u64, u8)]) -> Vec<u8> {
        let mut data = (entries.len() as u64).to_le_bytes().to_vec();
        for (slot, fill) in entries {
            data.extend_from_slice(&slot.to_le_bytes());
            data.extend_from_slice(&[*fill; 32]);
        }
        data
    }

    #[test]
    fn finds_the_target_slot_or_the_next_one_after_a_skip() {
        let data = sysvar(&[(10, 10), (9, 9), (7, 7), (6, 6)]);
        assert_eq!(slot_hash_at_or_after(&data, 9).unwrap(), [9; 32]);
        assert_eq!(
            slot_hash_at_or_after(&data, 8).unwrap(),
            [9; 32],
            "8 skipped: 9 seeds"
        );
        assert_eq!(
            slot_hash_at_or_after(&data, 6).unwrap(),
            [6; 32],
            "oldest entry is the target"
        );
    }

    #[test]
    fn too_recent_is_pending_and_aged_out_is_unavailable() {
        let data = sysvar(&[(10, 10), (9, 9)]);
        assert!(slot_hash_at_or_after(&data, 11).is_err());
        assert_eq!(
            slot_hash_at_or_after(&data, 11).unwrap_err(),
            error!(AtelierError::SeedPending)
        );
        assert_eq!(
            slot_hash_at_or_after(&data, 5).unwrap_err(),
            error!(AtelierError::SeedUnavailable)
        );
        assert_eq!(
            slot_hash_at_or_after(&sysvar(&[]), 5).unwrap_err(),
            error!(AtelierError::SeedPending)
        );
        assert_eq!(
            slot_hash_at_or_after(&[1, 0, 0, 0, 0, 0, 0, 0], 5).unwrap_err(),
            error!(AtelierError::InvalidSlotHashes)
        );
    }

    #[test]
    fn threshold_is_proportional_to_stake_and_saturates() {
        assert_eq!(threshold(4, 1, 4), u64::MAX);
        assert_eq!(threshold(1, 1, 0), u64::MAX);
        assert_eq!(threshold(1, 1, 2), 1u64 << 63);
        assert_eq!(threshold(1, u64::MAX, u64::MAX), u64::MAX);
        assert_eq!(threshold(2, 1, 8), 1u64 << 62);
    }

    #[test]
    fn splitting_stake_across_accounts_adds_no_expected_seats_below_saturation() {
        // One account of 30 vs. three of 10 out of 1,000 eligible, 6 expected seats: the
        // thresholds (selection probabilities) add up to within rounding.
        let whole = threshold(6, 30, 1_000) as u128;
        let parts = 3 * threshold(6, 10, 1_000) as u128;
        assert!(whole.abs_diff(parts) <= 3, "{whole} vs {parts}");
    }

    #[test]
    fn selection_rate_follows_stake_share() {
        // 10,000 verifiers' draws against one seed: the share drawn at expected/eligible = 1/10
        // is within 3 standard deviations of 10 %.
        let seed = job_seed(&[7; 32], &Pubkey::new_unique());
        let drawn = (0..10_000)
            .filter(|_| is_drawn(&seed, &Pubkey::new_unique(), 10, 1, 100))
            .count() as f64;
        assert!((drawn - 1000.0).abs() < 3.0 * 30.0, "drawn {drawn}");
    }
}
