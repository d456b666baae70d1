use crate::{constants::*, error::AtelierError};
use anchor_lang::prelude::*;

/// Which Core Royalties rule set minted assets carry.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum RoyaltyEnforcement {
    /// `RuleSet::None`: royalties are advisory; the asset moves freely between any accounts.
    None,
    /// `RuleSet::ProgramAllowList([System, Atelier])`: the transfer's authority and the new owner
    /// must be owned by the System program (wallets) or by Atelier (its market escrow). Escrows
    /// and delegates of other programs (markets that skip royalties) are refused. Wallet-to-wallet
    /// transfers stay possible: Core checks account owners, and every wallet is System-owned.
    ProgramAllowList,
}

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
    /// Seconds after submission until which drawn verifiers may reveal their attestations
    /// (the whole verification window; the commit phase is its first part).
    pub verification_window: i64,
    /// Seconds after submission during which drawn verifiers may commit (shorter than the
    /// verification window). The commit phase also ends once the committee is full.
    pub commit_window: i64,
    /// Revealed attestations on one side that decide a job.
    pub verifier_quorum: u8,
    /// Verifiers that may commit on one job, first come among those drawn (from `quorum` to
    /// `2 · quorum − 1`, so at most one side can reach its quorum).
    pub verifier_committee: u8,
    /// Verifiers drawn per committee seat, in expectation, during the first half of the commit
    /// phase (four times as many in the second half): drawn verifiers may be offline, and the
    /// committee is the first `verifier_committee` of them to commit. At least 1.
    pub verifier_oversample: u8,
    /// Largest distance (cosine × 10000) of a verifier's revealed score from the committee's
    /// median before the verifier is slashed `verifier_slash_bps`.
    pub verifier_tolerance: u16,
    /// Share of a verifier's stake slashed when it commits and does not reveal, or reveals a
    /// score beyond the tolerance, in bps.
    pub verifier_slash_bps: u16,
    /// Lowest acceptable CLIP score (cosine × 10000); results below it are rejected.
    pub clip_score_floor: u16,
    /// Share of a worker's stake slashed when its result is rejected, in bps.
    pub slash_bps: u16,
    /// Share of a worker's stake slashed when it lets a claim expire, in bps.
    pub late_penalty_bps: u16,
    /// Royalty on resales written into every minted asset's Royalties plugin, in bps.
    pub royalty_bps: u16,
    /// Rule set of the Royalties plugin of newly minted assets.
    pub royalty_enforcement: RoyaltyEnforcement,
    /// Lamports each new job escrows on top of its payment to pay the minted asset's and
    /// splitter's rent on acceptance; what is not spent (and all of it otherwise) returns to the
    /// client. At least `MIN_MINT_DEPOSIT`.
    pub mint_deposit: u64,
    /// Verified jobs a worker (and the rest of the population) needs before an audit, and
    /// between two audits of the same worker.
    pub audit_min_jobs: u32,
    /// A worker is slashed when its mean verified score is below the rest of the population's
    /// mean by more than this many standard errors, × 100 (300 = 3.00).
    pub audit_threshold_x100: u16,
    /// Share of the stake slashed by a failed audit, in bps (the worker is also deactivated).
    pub audit_slash_bps: u16,
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
            self.commit_window > 0 && self.commit_window < self.verification_window,
            AtelierError::InvalidCommitWindow
        );
        let (quorum, committee) = (self.verifier_quorum as u32, self.verifier_committee as u32);
        require!(
            quorum >= 1
                && committee >= quorum
                && committee < 2 * quorum
                && committee <= MAX_ATTESTATIONS,
            AtelierError::InvalidQuorum
        );
        require!(self.verifier_oversample >= 1, AtelierError::InvalidQuorum);
        require!(
            self.verifier_tolerance <= MAX_CLIP_SCORE,
            AtelierError::InvalidScoreFloor
        );
        require!(
            self.clip_score_floor <= MAX_CLIP_SCORE,
            AtelierError::InvalidScoreFloor
        );
        require!(
            self.slash_bps <= BPS_DENOMINATOR
                && self.late_penalty_bps <= BPS_DENOMINATOR
                && self.verifier_slash_bps <= BPS_DENOMINATOR,
            AtelierError::InvalidSlashBps
        );
        crate::core_mint::validate_royalty_bps(self.royalty_bps)?;
        require!(
            self.mint_deposit >= MIN_MINT_DEPOSIT,
            AtelierError::InvalidMintDeposit
        );
        require!(
            self.audit_min_jobs >= MIN_AUDIT_JOBS
                && (MIN_AUDIT_THRESHOLD_X100..=MAX_AUDIT_THRESHOLD_X100)
                    .contains(&self.audit_threshold_x100)
                && self.audit_slash_bps <= BPS_DENOMINATOR,
            AtelierError::InvalidAuditParams
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
    /// Adds one verified score.
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
    /// Proposed by the admin (`update_config` with another admin); becomes admin only when it
    /// signs `accept_admin`, so a mistyped key cannot take the protocol out of reach.
    pub pending_admin: Option<Pubkey>,
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
    /// The Metaplex Core collection of every Atelier asset, once `initialize_collection` ran.
    pub collection: Option<Pubkey>,
    /// Bump of the collection PDA `["collection"]`.
    pub collection_bump: u8,
    /// Bump of the collection's update authority PDA `["collection_authority"]`.
    pub collection_authority_bump: u8,
    /// Bump of the mint payer PDA `["mint_payer"]`.
    pub mint_payer_bump: u8,
    /// Core assets minted.
    pub assets_minted: u64,
    /// Stake of every active worker: the denominator of the verifier draw.
    pub active_stake: u64,
    /// Reserved for later versions.
    pub reserved: [u8; 64],
}

impl Config {
    pub const SPACE: usize = 8 + Self::INIT_SPACE;

    pub fn invariant(&self) -> Result<()> {
        self.params.validate()
    }

    /// Keeps `active_stake` in step with one worker's stake counted as active before and after
    /// a change (`Worker::active_stake`).
    pub fn track_stake(&mut self, before: u64, after: u64) -> Result<()> {
        self.active_stake = crate::math::add(crate::math::sub(self.active_stake, before)?, after)?;
        Ok(())
    }

    /// The Core collection, or `CollectionNotInitialized`.
    pub fn require_collection(&self) -> Result<Pubkey> {
        self.collection
            .ok_or_else(|| error!(AtelierError::CollectionNotInitialized))
    }
}
