//! One event per state transition; workers, verifiers and the web app consume them.
use crate::state::{GenerationParams, InfluenceWeight, ProtocolParams, RoyaltyEnforcement};
use anchor_lang::prelude::*;

#[event]
pub struct ConfigInitialized {
    pub admin: Pubkey,
    pub treasury: Pubkey,
    pub params: ProtocolParams,
}

#[event]
pub struct ConfigUpdated {
    pub admin: Pubkey,
    /// The proposed next admin, until it accepts.
    pub pending_admin: Option<Pubkey>,
    pub treasury: Pubkey,
    pub params: ProtocolParams,
}

#[event]
pub struct AdminAccepted {
    pub previous: Pubkey,
    pub admin: Pubkey,
}

#[event]
pub struct PauseSet {
    pub paused: bool,
}

#[event]
pub struct ArtistRegistered {
    pub artist: Pubkey,
    pub authority: Pubkey,
    pub payout: Pubkey,
    pub display_name: String,
    pub catalog_uri: String,
    pub catalog_hash: [u8; 32],
}

#[event]
pub struct ArtistUpdated {
    pub artist: Pubkey,
    pub payout: Pubkey,
    pub display_name: String,
    pub catalog_uri: String,
    pub catalog_hash: [u8; 32],
}

#[event]
pub struct ArtistOptedOut {
    pub artist: Pubkey,
}

#[event]
pub struct WorkerRegistered {
    pub worker: Pubkey,
    pub authority: Pubkey,
    pub stake: u64,
}

#[event]
pub struct StakeAdded {
    pub worker: Pubkey,
    pub amount: u64,
    pub stake: u64,
}

#[event]
pub struct UnstakeRequested {
    pub worker: Pubkey,
    pub withdrawable_at: i64,
}

#[event]
pub struct StakeWithdrawn {
    pub worker: Pubkey,
    pub authority: Pubkey,
    /// Stake plus the account's rent, returned to the authority.
    pub lamports: u64,
}

#[event]
pub struct WorkerSlashed {
    pub worker: Pubkey,
    /// The job that caused it; the default (all-zero) key for `FailedAudit`.
    pub job: Pubkey,
    pub amount: u64,
    pub remaining_stake: u64,
    pub reason: SlashReason,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlashReason {
    /// The result was rejected at settlement.
    RejectedResult,
    /// The worker let its claim expire.
    ExpiredClaim,
    /// A statistical audit found its verified scores significantly below everyone else's.
    FailedAudit,
    /// A verifier audit found its reveals systematically away from its committees' medians.
    FailedVerifierAudit,
    /// The worker gave its claim back (`release_claim`): the same penalty as an expiry.
    ReleasedClaim,
    /// As a verifier, it committed an attestation and did not reveal it.
    VerifierNoReveal,
    /// As a verifier, it revealed a score beyond the tolerance from the committee's median.
    VerifierDeviation,
}

#[event]
pub struct JobCreated {
    pub job: Pubkey,
    pub client: Pubkey,
    pub job_id: u64,
    pub model_id: String,
    pub prompt_hash: [u8; 32],
    pub params: GenerationParams,
    pub payment: u64,
    /// Escrowed on top of the payment for the asset's rent; unspent lamports return.
    pub mint_deposit: u64,
    pub deadline: i64,
}

#[event]
pub struct JobExpired {
    pub job: Pubkey,
    pub client: Pubkey,
    /// Payment, mint deposit and rent returned.
    pub refunded: u64,
}

#[event]
pub struct JobCancelled {
    pub job: Pubkey,
    pub client: Pubkey,
    /// Payment plus rent returned.
    pub refunded: u64,
}

#[event]
pub struct JobClaimed {
    pub job: Pubkey,
    pub worker: Pubkey,
    pub claim_deadline: i64,
}

#[event]
pub struct ResultSubmitted {
    pub job: Pubkey,
    pub worker: Pubkey,
    pub provenance: Pubkey,
    pub content_hash: [u8; 32],
    pub storage_id: String,
    pub metadata_uri: String,
    pub clip_score: u16,
    pub influences: Vec<InfluenceWeight>,
}

#[event]
pub struct AttestationCommitted {
    pub job: Pubkey,
    pub verifier: Pubkey,
    /// Commitments so far, this one included.
    pub commits: u8,
    /// The commit phase ended with this commit (committee full): reveals are open.
    pub committee_full: bool,
}

#[event]
pub struct AttestationRevealed {
    pub job: Pubkey,
    pub verifier: Pubkey,
    pub score: u16,
    pub agree: bool,
    /// Every commitment is now revealed: the job can be finalized.
    pub all_revealed: bool,
}

#[event]
pub struct ClaimReleased {
    pub job: Pubkey,
    pub worker: Pubkey,
    /// True: the job is open again. False: past the client deadline, the client was refunded.
    pub reopened: bool,
    pub penalty: u64,
}

#[event]
pub struct ClaimExpired {
    pub job: Pubkey,
    pub worker: Pubkey,
    /// True: the job is open again. False: past the client deadline, the client was refunded.
    pub reopened: bool,
    pub penalty: u64,
}

#[event]
pub struct JobFinalized {
    pub job: Pubkey,
    pub provenance: Pubkey,
    pub worker: Pubkey,
    pub accepted: bool,
    pub verified_score: Option<u16>,
    pub worker_paid: u64,
    pub verifier_paid_each: u64,
    pub verifiers_paid: u8,
    pub treasury_paid: u64,
    /// Payment returned to the client (the whole payment when rejected).
    pub client_refunded: u64,
    pub slashed: u64,
    /// The Core asset minted to the client (accepted jobs).
    pub asset: Option<Pubkey>,
    /// Neither side reached its quorum: refunded, the worker neither paid nor slashed.
    pub unverified: bool,
    /// Verifiers slashed at this settlement (no reveal or deviation; each also a `WorkerSlashed`).
    pub verifiers_slashed: u8,
}

#[event]
pub struct CollectionInitialized {
    pub collection: Pubkey,
    pub update_authority: Pubkey,
    pub name: String,
    pub uri: String,
}

#[event]
pub struct AssetMinted {
    pub asset: Pubkey,
    pub provenance: Pubkey,
    pub job: Pubkey,
    pub owner: Pubkey,
    /// The Royalties creator: the splitter, or the treasury when the image names no artist.
    pub royalty_recipient: Pubkey,
    /// The splitter account, when one was created.
    pub splitter: Option<Pubkey>,
    pub royalty_bps: u16,
    pub royalty_enforcement: RoyaltyEnforcement,
    /// Lamports the mint took from the job's mint deposit (asset rent, Core's fee, splitter rent).
    pub mint_cost: u64,
    /// The rest of the mint deposit, returned to the client with the job's rent.
    pub deposit_returned: u64,
}

#[event]
pub struct RoyaltiesClaimed {
    pub splitter: Pubkey,
    pub asset: Pubkey,
    pub artist: Pubkey,
    pub payout: Pubkey,
    pub amount: u64,
    /// The artist's cumulative claims on this splitter.
    pub artist_claimed: u64,
    /// Everything the splitter had received when the claim was made.
    pub total_received: u64,
}

#[event]
pub struct AssetListed {
    pub listing: Pubkey,
    pub asset: Pubkey,
    pub seller: Pubkey,
    pub price: u64,
}

#[event]
pub struct AssetDelisted {
    pub listing: Pubkey,
    pub asset: Pubkey,
    pub seller: Pubkey,
}

#[event]
pub struct AssetSold {
    pub listing: Pubkey,
    pub asset: Pubkey,
    pub seller: Pubkey,
    pub buyer: Pubkey,
    pub price: u64,
    /// Paid to the asset's Royalties creator (its splitter or the treasury).
    pub royalty: u64,
    pub royalty_recipient: Pubkey,
    /// Paid to the seller: price − royalty (the listing's rent is returned on top).
    pub seller_proceeds: u64,
}

#[event]
pub struct VerifierAudited {
    pub verifier: Pubkey,
    /// Revealed attestations the audit rests on, and their mean distance from their committees'
    /// medians × 100 (cosine × 10000 units).
    pub count: u64,
    pub mean_deviation_x100: u64,
    /// The bound: half the verifier tolerance, × 100.
    pub threshold_x100: u64,
    /// True when the mean exceeded it: the verifier was slashed and deactivated.
    pub failed: bool,
    pub slashed: u64,
}

#[event]
pub struct WorkerAudited {
    pub worker: Pubkey,
    /// The worker's verified scores and mean × 10^6 (scores are cosine × 10000).
    pub worker_count: u64,
    pub worker_mean_e6: u64,
    /// Every other worker's verified scores: count, mean × 10^6, sample standard deviation × 10^6.
    pub others_count: u64,
    pub others_mean_e6: u64,
    pub others_sd_e6: u64,
    /// Standard errors the worker's mean lies below the others' mean, × 100.
    pub z_x100: i64,
    /// The configured threshold, × 100.
    pub threshold_x100: u16,
    /// True when z exceeded the threshold: the worker was slashed and deactivated.
    pub failed: bool,
    /// Lamports slashed to the treasury.
    pub slashed: u64,
}
