//! Checked arithmetic and the protocol's money splits as pure functions.
use crate::{constants::BPS_DENOMINATOR, error::AtelierError};
use anchor_lang::prelude::*;

/// `amount × bps / 10000`, rounded down, in u128 so no intermediate can overflow.
pub fn bps_of(amount: u64, bps: u16) -> Result<u64> {
    require!(bps <= BPS_DENOMINATOR, AtelierError::MathOverflow);
    let part = (amount as u128) * (bps as u128) / (BPS_DENOMINATOR as u128);
    u64::try_from(part).map_err(|_| error!(AtelierError::MathOverflow))
}

/// Scales non-zero weights summing to 1..=10000 up to exactly 10000 by largest remainder (ties to
/// the earlier weight), so each part keeps its proportion within one bps and none becomes 0.
pub fn normalize_bps(weights: &[u16]) -> Vec<u16> {
    let total: u32 = weights.iter().map(|w| *w as u32).sum();
    if total == 0 {
        return weights.to_vec();
    }
    let denom = BPS_DENOMINATOR as u32;
    let mut parts: Vec<u32> = weights.iter().map(|w| *w as u32 * denom / total).collect();
    let mut left = denom - parts.iter().sum::<u32>();
    // Remainders, largest first; bounded by the 16 weights an image may name.
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(weights[*i] as u32 * denom % total));
    for i in order {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts.into_iter().map(|p| p as u16).collect()
}

pub fn add(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b)
        .ok_or_else(|| error!(AtelierError::MathOverflow))
}

pub fn sub(a: u64, b: u64) -> Result<u64> {
    a.checked_sub(b)
        .ok_or_else(|| error!(AtelierError::MathOverflow))
}

/// Where an accepted job's payment goes. `worker + verifier_each × verifiers + treasury == payment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentSplit {
    /// Paid to the worker operator: payment − protocol fee − verifier pool.
    pub worker: u64,
    /// Paid to each agreeing verifier: the verifier pool divided equally.
    pub verifier_each: u64,
    /// How many verifiers are paid `verifier_each`.
    pub verifiers: u64,
    /// Protocol fee, plus the verifier pool's rounding dust (or all of it when no verifier agreed).
    pub treasury: u64,
}

/// Splits a job payment between worker, agreeing verifiers and treasury.
pub fn split_payment(
    payment: u64,
    protocol_fee_bps: u16,
    verifier_fee_bps: u16,
    agreeing_verifiers: u64,
) -> Result<PaymentSplit> {
    let fee_bps = protocol_fee_bps
        .checked_add(verifier_fee_bps)
        .ok_or_else(|| error!(AtelierError::InvalidFeeBps))?;
    require!(fee_bps <= BPS_DENOMINATOR, AtelierError::InvalidFeeBps);
    let protocol_fee = bps_of(payment, protocol_fee_bps)?;
    let verifier_pool = bps_of(payment, verifier_fee_bps)?;
    // No agreeing verifier: nobody is paid from the pool and all of it goes to the treasury.
    let verifier_each = verifier_pool.checked_div(agreeing_verifiers).unwrap_or(0);
    let verifiers_total = verifier_each
        .checked_mul(agreeing_verifiers)
        .ok_or_else(|| error!(AtelierError::MathOverflow))?;
    let treasury = add(protocol_fee, sub(verifier_pool, verifiers_total)?)?;
    let worker = sub(sub(payment, protocol_fee)?, verifier_pool)?;
    let split = PaymentSplit {
        worker,
        verifier_each,
        verifiers: agreeing_verifiers,
        treasury,
    };
    require!(
        add(add(split.worker, verifiers_total)?, split.treasury)? == payment,
        AtelierError::InvariantViolated
    );
    Ok(split)
}

/// Running sums of CLIP scores, enough for a mean and a variance.
pub fn accumulate_score(
    count: u64,
    sum: u64,
    sum_sq: u128,
    score: u16,
) -> Result<(u64, u64, u128)> {
    let s = score as u64;
    let count = add(count, 1)?;
    let sum = add(sum, s)?;
    let sum_sq = sum_sq
        .checked_add((s as u128) * (s as u128))
        .ok_or_else(|| error!(AtelierError::MathOverflow))?;
    Ok((count, sum, sum_sq))
}

/// What an artist with `bps` of a splitter is still owed: `⌊total_received × bps / 10000⌋`
/// minus what they already claimed. Because each entitlement is rounded down and the bps sum to
/// 10000, the entitlements never sum to more than what was received; rounding dust stays in
/// the splitter and is paid once later deposits lift an entitlement past the next lamport.
pub fn royalty_owed(total_received: u64, bps: u16, claimed: u64) -> Result<u64> {
    let entitled = bps_of(total_received, bps)?;
    // `claimed` never exceeds the entitlement: total_received only grows.
    sub(entitled, claimed)
}

/// Largest integer whose square is at most `n`.
pub fn isqrt(n: u128) -> u128 {
    if n < 2 {
        return n;
    }
    // Newton's method from a power of two above the root; decreases monotonically to the floor.
    let mut x = 1u128 << ((128 - n.leading_zeros()).div_ceil(2));
    loop {
        let y = (x + n / x) / 2;
        if y >= x {
            return x;
        }
        x = y;
    }
}

/// Fixed-point scale of the audit's means and deviations (score units × 10^6).
pub const AUDIT_SCALE: u128 = 1_000_000;
/// Smallest standard deviation the audit assumes for the rest of the population: 100 score
/// units (cosine 0.01, about a third of CLIP's spread across seeds of one prompt), × 10^6.
pub const AUDIT_MIN_SD_E6: u128 = 100 * AUDIT_SCALE;

/// The evidence of a statistical audit, in fixed point (score units are cosine × 10000).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditStats {
    /// Verified scores of the audited worker.
    pub worker_count: u64,
    /// The worker's mean score × 10^6.
    pub worker_mean_e6: u64,
    /// Verified scores of every other worker.
    pub others_count: u64,
    /// Their mean score × 10^6.
    pub others_mean_e6: u64,
    /// Their sample standard deviation × 10^6.
    pub others_sd_e6: u64,
    /// How many standard errors the worker's mean lies below theirs, × 100 (negative: above).
    pub z_x100: i64,
}

/// One-sided z test of a worker's mean verified score against everyone else's:
/// `z = (mean_others − mean_worker) / (sd_others / √n_worker)`, with `sd_others` the sample
/// standard deviation of the other workers' scores, never taken below `AUDIT_MIN_SD_E6`. Integer math only; `None` when either side
/// has fewer than two scores.
pub fn audit_stats(
    worker: &crate::state::ScoreStats,
    population: &crate::state::ScoreStats,
) -> Result<Option<AuditStats>> {
    let overflow = || error!(AtelierError::MathOverflow);
    let n_w = worker.count as u128;
    let n_o = (population.count as u128)
        .checked_sub(n_w)
        .ok_or_else(overflow)?;
    if n_w < 2 || n_o < 2 {
        return Ok(None);
    }
    let s_w = worker.sum as u128;
    let s_o = (population.sum as u128)
        .checked_sub(s_w)
        .ok_or_else(overflow)?;
    let q_o = population
        .sum_sq
        .checked_sub(worker.sum_sq)
        .ok_or_else(overflow)?;
    let mean_w = s_w.checked_mul(AUDIT_SCALE).ok_or_else(overflow)? / n_w;
    let mean_o = s_o.checked_mul(AUDIT_SCALE).ok_or_else(overflow)? / n_o;
    // Sample variance × 10^12 = (Q − S²/n) / (n − 1), computed as (n·Q − S²)·10^12 / (n·(n − 1)).
    let n_q = n_o.checked_mul(q_o).ok_or_else(overflow)?;
    let s_sq = s_o.checked_mul(s_o).ok_or_else(overflow)?;
    let spread = n_q.checked_sub(s_sq).ok_or_else(overflow)?;
    let var_e12 = mul_div(spread, AUDIT_SCALE * AUDIT_SCALE, n_o * (n_o - 1))?;
    // A variance floor: a population with (near) zero spread — an early or Sybil-dominated
    // network — must not turn a one-point gap into an infinite z.
    let sd_o = isqrt(var_e12).max(AUDIT_MIN_SD_E6);
    // z × 100 = |diff| × √n × 100 / sd, with √n × 10^6 so the root adds no visible rounding.
    let root_n_e6 = isqrt(
        n_w.checked_mul(AUDIT_SCALE * AUDIT_SCALE)
            .ok_or_else(overflow)?,
    );
    let magnitude = |diff: u128| -> Result<i64> {
        if sd_o == 0 {
            return Ok(if diff == 0 { 0 } else { i64::MAX });
        }
        let numerator = diff
            .checked_mul(root_n_e6)
            .and_then(|v| v.checked_mul(100))
            .ok_or_else(overflow)?;
        let z = mul_div(
            numerator,
            1,
            sd_o.checked_mul(AUDIT_SCALE).ok_or_else(overflow)?,
        )?;
        Ok(i64::try_from(z).unwrap_or(i64::MAX))
    };
    let z_x100 = if mean_o >= mean_w {
        magnitude(mean_o - mean_w)?
    } else {
        -magnitude(mean_w - mean_o)?
    };
    let to_u64 = |v: u128| u64::try_from(v).map_err(|_| overflow());
    Ok(Some(AuditStats {
        worker_count: worker.count,
        worker_mean_e6: to_u64(mean_w)?,
        others_count: to_u64(n_o)?,
        others_mean_e6: to_u64(mean_o)?,
        others_sd_e6: to_u64(sd_o)?,
        z_x100,
    }))
}

/// `a × b / d` rounded down, without overflowing when `a × b` does not fit but the result does.
fn mul_div(a: u128, b: u128, d: u128) -> Result<u128> {
    require!(d > 0, AtelierError::MathOverflow);
    if let Some(p) = a.checked_mul(b) {
        return Ok(p / d);
    }
    // a·b/d = (a/d)·b + (a mod d)·b/d; the second product fits whenever d·b does.
    let whole = (a / d)
        .checked_mul(b)
        .ok_or_else(|| error!(AtelierError::MathOverflow))?;
    let rest = (a % d)
        .checked_mul(b)
        .ok_or_else(|| error!(AtelierError::MathOverflow))?
        / d;
    whole
        .checked_add(rest)
        .ok_or_else(|| error!(AtelierError::MathOverflow))
}
