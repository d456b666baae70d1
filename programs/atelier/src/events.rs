//! One event per state transition; workers, verifiers and the web app consume them.
use crate::state::{GenerationParams, InfluenceWeight, ProtocolParams};
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
    pub treasury: Pubkey,
    pub params: ProtocolParams,
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
    pub deadline: i64,
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
pub struct ResultAttested {
    pub job: Pubkey,
    pub verifier: Pubkey,
    pub score: u16,
    pub agree: bool,
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
}
