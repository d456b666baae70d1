use crate::{error::AtelierError, math, state::ScoreStats};
use anchor_lang::prelude::*;

/// Lifecycle of a worker's stake.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum WorkerStatus {
    /// May claim jobs and attest results.
    Active,
    /// Requested unstake: claims and attestations are refused, the stake is still slashable.
    Unbonding,
    /// Deactivated by a statistical audit: may only unstake what is left.
    Deactivated,
}

/// A worker operator's stake account, `["worker", authority]`. Holds the stake as lamports
/// above its rent-exempt minimum.
#[account]
#[derive(InitSpace, Debug)]
pub struct Worker {
    /// Account layout version.
    pub version: u8,
    /// PDA bump.
    pub bump: u8,
    /// The operator's wallet: signs claims, results and attestations, and receives payouts.
    pub authority: Pubkey,
    /// Lamports staked (slashable until withdrawn).
    pub stake: u64,
    /// Current lifecycle state.
    pub status: WorkerStatus,
    /// Unix time from which the stake may be withdrawn, fixed when unbonding starts
    /// (`request_unstake` or deactivation) so a later config change cannot move it; `None` while active.
    pub withdrawable_at: Option<i64>,
    /// Jobs claimed and not yet settled or expired.
    pub jobs_in_flight: u32,
    /// Jobs this worker committed an attestation to that are not settled yet (its stake
    /// answers for its reveal until then).
    pub verifications_in_flight: u32,
    /// Slot of the last stake increase (registration, `add_stake`): a verifier is drawn only
    /// for results submitted in or after that slot, before the seeding slot's hash exists, so
    /// stake cannot be added once a draw is known.
    pub stake_raised_slot: u64,
    /// Jobs accepted.
    pub jobs_completed: u64,
    /// Jobs rejected or let expire.
    pub jobs_failed: u64,
    /// Attestations revealed as a verifier.
    pub attestations: u64,
    /// Lamports earned, as the generating worker of accepted jobs and as a paid verifier (both
    /// are paid to the authority wallet).
    pub total_earned: u64,
    /// Lamports slashed, all causes.
    pub total_slashed: u64,
    /// Statistics of this worker's verified CLIP scores.
    pub scores: ScoreStats,
    /// Unix time of registration.
    pub registered_at: i64,
    /// `scores.count` at the last statistical audit (0 before any): the next audit needs
    /// `audit_min_jobs` more verified jobs, which bounds how often one worker is tested.
    pub audited_at_count: u64,
    /// As a verifier: the distance of each revealed score from its committee's median (0 inside
    /// the two middle values), over settled jobs the committee judged.
    pub verifier_deviations: ScoreStats,
    /// `verifier_deviations.count` at the last verifier audit (0 before any).
    pub verifier_audited_at_count: u64,
    /// Reserved for later versions.
    pub reserved: [u8; 56],
}

impl Worker {
    pub const SPACE: usize = 8 + Self::INIT_SPACE;

    /// May this worker claim or attest right now?
    pub fn require_active(&self, min_stake: u64) -> Result<()> {
        require!(
            self.status == WorkerStatus::Active,
            AtelierError::WorkerNotActive
        );
        require!(self.stake >= min_stake, AtelierError::StakeBelowMinimum);
        Ok(())
    }

    /// The stake counted in `Config::active_stake`: all of it while active, none otherwise.
    pub fn active_stake(&self) -> u64 {
        if self.status == WorkerStatus::Active {
            self.stake
        } else {
            0
        }
    }

    /// Starts unbonding; returns the time from which the stake may be withdrawn.
    pub fn start_unbonding(&mut self, now: i64, unbonding_period: i64) -> Result<i64> {
        require!(
            self.status == WorkerStatus::Active,
            AtelierError::WorkerNotActive
        );
        let withdrawable_at = now
            .checked_add(unbonding_period)
            .ok_or_else(|| error!(AtelierError::MathOverflow))?;
        self.status = WorkerStatus::Unbonding;
        self.withdrawable_at = Some(withdrawable_at);
        Ok(withdrawable_at)
    }

    pub fn require_withdrawable(&self, now: i64) -> Result<()> {
        require!(
            matches!(
                self.status,
                WorkerStatus::Unbonding | WorkerStatus::Deactivated
            ),
            AtelierError::WorkerNotUnbonding
        );
        let ready_at = self
            .withdrawable_at
            .ok_or_else(|| error!(AtelierError::WorkerNotUnbonding))?;
        require!(now >= ready_at, AtelierError::UnbondingNotFinished);
        require!(
            self.jobs_in_flight == 0 && self.verifications_in_flight == 0,
            AtelierError::JobsInFlight
        );
        Ok(())
    }

    pub fn begin_job(&mut self) -> Result<()> {
        self.jobs_in_flight = self
            .jobs_in_flight
            .checked_add(1)
            .ok_or_else(|| error!(AtelierError::MathOverflow))?;
        Ok(())
    }

    /// A claimed job left this worker: accepted (`Some(earned)`) or failed (`None`).
    pub fn end_job(&mut self, earned: Option<u64>) -> Result<()> {
        self.release_job()?;
        match earned {
            Some(lamports) => {
                self.jobs_completed = math::add(self.jobs_completed, 1)?;
                self.total_earned = math::add(self.total_earned, lamports)?;
            }
            None => self.jobs_failed = math::add(self.jobs_failed, 1)?,
        }
        Ok(())
    }

    /// A job left this worker without a verdict on it (settled unverified): neither a completion
    /// nor a failure. `end_job` starts with this too.
    pub fn release_job(&mut self) -> Result<()> {
        self.jobs_in_flight = self
            .jobs_in_flight
            .checked_sub(1)
            .ok_or_else(|| error!(AtelierError::MathOverflow))?;
        Ok(())
    }

    /// Committed an attestation: its stake stays until the job settles.
    pub fn begin_verification(&mut self) -> Result<()> {
        self.verifications_in_flight = self
            .verifications_in_flight
            .checked_add(1)
            .ok_or_else(|| error!(AtelierError::MathOverflow))?;
        Ok(())
    }

    /// A job this worker verified settled; `earned` is its fee (0 when unpaid).
    pub fn end_verification(&mut self, earned: u64) -> Result<()> {
        self.verifications_in_flight = self
            .verifications_in_flight
            .checked_sub(1)
            .ok_or_else(|| error!(AtelierError::MathOverflow))?;
        self.total_earned = math::add(self.total_earned, earned)?;
        Ok(())
    }

    /// Removes `bps` of the stake from the books and returns the lamports to move out.
    pub fn slash(&mut self, bps: u16) -> Result<u64> {
        let amount = math::bps_of(self.stake, bps)?;
        self.stake = math::sub(self.stake, amount)?;
        self.total_slashed = math::add(self.total_slashed, amount)?;
        Ok(amount)
    }

    /// Deactivated by a failed audit: no more claims or attestations; the rest of the stake
    /// unbonds from now (an unbonding worker keeps its earlier withdrawal time).
    pub fn deactivate(&mut self, now: i64, unbonding_period: i64) -> Result<()> {
        require!(
            self.status != WorkerStatus::Deactivated,
            AtelierError::WorkerDeactivated
        );
        if self.withdrawable_at.is_none() {
            self.withdrawable_at = Some(
                now.checked_add(unbonding_period)
                    .ok_or_else(|| error!(AtelierError::MathOverflow))?,
            );
        }
        self.status = WorkerStatus::Deactivated;
        Ok(())
    }

    /// The account must always hold its rent-exempt minimum plus the recorded stake.
    pub fn invariant(&self, info: &AccountInfo) -> Result<()> {
        let rent = Rent::get()?.minimum_balance(info.data_len());
        require!(
            info.lamports() >= math::add(rent, self.stake)?,
            AtelierError::InvariantViolated
        );
        require!(
            (self.status == WorkerStatus::Active) == self.withdrawable_at.is_none(),
            AtelierError::InvariantViolated
        );
        Ok(())
    }
}
