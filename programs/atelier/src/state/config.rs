use crate::{constants::*, error::AtelierError};
use anchor_lang::prelude::*;

/// Tunable protocol parameters, set by the admin.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct ProtocolParams {
    /// Share of each accepted job's payment kept by the treasury, in bps.
    pub protocol_fee_bps: u16,
    /// Share of each accepted job's payment split equally among agreeing verifiers, in bps.
    pub verifier_fee_bps: u16,
    /// Lamports a worker must keep staked to claim jobs or attest results.
    pub min_worker_stake: u64,
    /// Seconds between `request_unstake` and the earliest `withdraw_stake`.
    pub unbonding_period: i64,
    /// Seconds a worker has, after claiming, to submit a result.
    pub claim_timeout: i64,
    /// Seconds after submission during which verifiers may attest.
    pub verification_window: i64,
    /// Agreeing (or disagreeing) attestations that settle a job before the window closes.
    pub verifier_quorum: u8,
    /// Lowest acceptable CLIP score (cosine × 10000); results below it are rejected.
    pub clip_score_floor: u16,
    /// Share of a worker's stake slashed when its result is rejected, in bps.
    pub slash_bps: u16,
    /// Share of a worker's stake slashed when it lets a claim expire, in bps.
    pub late_penalty_bps: u16,
}

impl ProtocolParams {
    pub fn validate(&self) -> Result<()> {
        let fees = (self.protocol_fee_bps as u32) + (self.verifier_fee_bps as u32);
        require!(fees <= BPS_DENOMINATOR as u32, AtelierError::InvalidFeeBps);
        require!(self.min_worker_stake > 0, AtelierError::InvalidMinimumStake);
        for d in [
            self.unbonding_period,
            self.claim_timeout,
            self.verification_window,
        ] {
            require!(
                d > 0 && d <= MAX_DURATION_SECS,
                AtelierError::InvalidDuration
            );
        }
        require!(
            self.verifier_quorum >= 1 && self.verifier_quorum as usize <= MAX_ATTESTATIONS as usize,
            AtelierError::InvalidQuorum
        );
        require!(
            self.clip_score_floor <= MAX_CLIP_SCORE,
            AtelierError::InvalidScoreFloor
        );
        require!(
            self.slash_bps <= BPS_DENOMINATOR && self.late_penalty_bps <= BPS_DENOMINATOR,
            AtelierError::InvalidSlashBps
        );
        Ok(())
    }
}

/// Running sums of verified CLIP scores (cosine × 10000).
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct ScoreStats {
    /// Number of verified scores.
    pub count: u64,
    /// Sum of verified scores.
    pub sum: u64,
    /// Sum of squared verified scores.
    pub sum_sq: u128,
}

impl ScoreStats {
    pub fn record(&mut self, score: u16) -> Result<()> {
        let (count, sum, sum_sq) =
            crate::math::accumulate_score(self.count, self.sum, self.sum_sq, score)?;
        *self = Self { count, sum, sum_sq };
        Ok(())
    }
}

/// The protocol's single configuration account, `["config"]`.
#[account]
#[derive(InitSpace, Debug)]
pub struct Config {
    /// Account layout version.
    pub version: u8,
    /// PDA bump.
    pub bump: u8,
    /// May update the config and pause the protocol.
    pub admin: Pubkey,
    /// Receives protocol fees and slashed stake.
    pub treasury: Pubkey,
    /// While true, new jobs, claims and registrations are refused. Work under way (results,
    /// attestations, settlements, expiries) and every way money leaves keep working.
    pub paused: bool,
    /// Tunable parameters.
    pub params: ProtocolParams,
    /// Population statistics of every verified CLIP score (for the statistical audit).
    pub population_scores: ScoreStats,
    /// Jobs settled (accepted or rejected).
    pub jobs_settled: u64,
    /// Reserved for later versions (Core collection, audit parameters).
    pub reserved: [u8; 128],
}

impl Config {
    pub const SPACE: usize = 8 + Self::INIT_SPACE;

    pub fn invariant(&self) -> Result<()> {
        self.params.validate()
    }
}
