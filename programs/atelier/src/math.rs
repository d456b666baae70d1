//! Checked arithmetic and the protocol's money splits as pure functions.
use crate::{constants::BPS_DENOMINATOR, error::AtelierError};
use anchor_lang::prelude::*;

/// `amount × bps / 10000`, rounded down, in u128 so no intermediate can overflow.
pub fn bps_of(amount: u64, bps: u16) -> Result<u64> {
    require!(bps <= BPS_DENOMINATOR, AtelierError::MathOverflow);
    let part = (amount as u128) * (bps as u128) / (BPS_DENOMINATOR as u128);
    u64::try_from(part).map_err(|_| error!(AtelierError::MathOverflow))
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
