//! Atelier: paid, verifiable, artist-fair AI image generation.
//!
//! Clients escrow SOL for a prompt, staked workers generate and submit the image with its
//! provenance, other staked workers attest the CLIP score, and settlement pays everyone or
//! refunds the client and slashes the worker. This file only dispatches; each instruction lives
//! in `instructions/<domain>/<verb_noun>.rs`.
#![allow(unexpected_cfgs)]
// `#[program]` and `#[derive(Accounts)]` expand to calls of `AccountInfo::realloc`, deprecated
// in the solana crates anchor-lang 0.31 builds against.
#![allow(deprecated)]

use anchor_lang::prelude::*;

pub mod constants;
pub mod core_mint;
pub mod error;
pub mod events;
pub mod instructions;
pub mod math;
pub mod sortition;
pub mod state;
pub mod utils;

use instructions::*;
use state::ProtocolParams;

declare_id!("GZXGLP9XL6x5DufMNGM5urLggmbMT4R6M9PACNorUHE5");

#[cfg(not(feature = "no-entrypoint"))]
solana_security_txt::security_txt! {
    name: "Atelier",
    project_url: "https://atelier.art",
    contacts: "email:security@atelier.art",
    policy: "https://atelier.art/security",
    preferred_languages: "en",
    source_code: "https://github.com/atelier-art/atelier"
}

#[program]
pub mod atelier {
    use super::*;

    // ---- admin ----

    /// Creates the protocol config; the signer (the program's upgrade authority) becomes admin.
    pub fn initialize_config(ctx: Context<InitializeConfig>, params: ProtocolParams) -> Result<()> {
        admin::initialize_config::handler(ctx, params)
    }

    /// Replaces treasury and parameters; proposes a new admin.
    pub fn update_config(ctx: Context<UpdateConfig>, args: UpdateConfigArgs) -> Result<()> {
        admin::update_config::handler(ctx, args)
    }

    /// The proposed admin accepts the handover.
    pub fn accept_admin(ctx: Context<AcceptAdmin>) -> Result<()> {
        admin::accept_admin::handler(ctx)
    }

    /// Creates the Metaplex Core collection of every Atelier asset (once).
    pub fn initialize_collection(
        ctx: Context<InitializeCollection>,
        args: InitializeCollectionArgs,
    ) -> Result<()> {
        admin::initialize_collection::handler(ctx, args)
    }

    /// Pauses or resumes new activity (funds can always leave).
    pub fn set_paused(ctx: Context<SetPaused>, paused: bool) -> Result<()> {
        admin::set_paused::handler(ctx, paused)
    }

    // ---- artist ----

    /// Registers an artist who opts in to influence-weighted royalties.
    pub fn register_artist(ctx: Context<RegisterArtist>, args: ArtistProfileArgs) -> Result<()> {
        artist::register_artist::handler(ctx, args)
    }

    /// Updates an artist's payout wallet, name or catalog.
    pub fn update_artist(ctx: Context<UpdateArtist>, args: ArtistProfileArgs) -> Result<()> {
        artist::update_artist::handler(ctx, args)
    }

    /// Stops new influence on this artist; earned royalties keep flowing.
    pub fn opt_out_artist(ctx: Context<OptOutArtist>) -> Result<()> {
        artist::opt_out_artist::handler(ctx)
    }

    // ---- worker operator ----

    /// Registers a worker with a stake of at least the protocol minimum.
    pub fn register_worker(ctx: Context<RegisterWorker>, stake: u64) -> Result<()> {
        worker::register_worker::handler(ctx, stake)
    }

    /// Adds lamports to an active worker's stake.
    pub fn add_stake(ctx: Context<AddStake>, amount: u64) -> Result<()> {
        worker::add_stake::handler(ctx, amount)
    }

    /// Stops claiming and starts the unbonding period.
    pub fn request_unstake(ctx: Context<RequestUnstake>) -> Result<()> {
        worker::request_unstake::handler(ctx)
    }

    /// Returns stake and rent after unbonding, with no job in flight.
    pub fn withdraw_stake(ctx: Context<WithdrawStake>) -> Result<()> {
        worker::withdraw_stake::handler(ctx)
    }

    // ---- client ----

    /// Escrows a payment for a prompt.
    pub fn create_job(ctx: Context<CreateJob>, args: CreateJobArgs) -> Result<()> {
        job::create_job::handler(ctx, args)
    }

    /// Cancels an unclaimed job and refunds payment and rent.
    pub fn cancel_job(ctx: Context<CancelJob>) -> Result<()> {
        job::cancel_job::handler(ctx)
    }

    // ---- worker ----

    /// Claims an open job until the claim deadline.
    pub fn claim_job(ctx: Context<ClaimJob>) -> Result<()> {
        job::claim_job::handler(ctx)
    }

    /// Submits the result and creates the image's provenance record.
    pub fn submit_result<'info>(
        ctx: Context<'_, '_, '_, 'info, SubmitResult<'info>>,
        args: SubmitResultArgs,
    ) -> Result<()> {
        job::submit_result::handler(ctx, args)
    }

    // ---- anyone (crank) ----

    /// Ends an expired claim: reopens the job or refunds the client; penalises the worker.
    pub fn expire_claim(ctx: Context<ExpireClaim>) -> Result<()> {
        job::expire_claim::handler(ctx)
    }

    /// The claiming worker gives the job back (same penalty as an expired claim).
    pub fn release_claim(ctx: Context<ReleaseClaim>) -> Result<()> {
        job::release_claim::handler(ctx)
    }

    /// Refunds an open job nobody claimed before its deadline.
    pub fn refund_expired_job(ctx: Context<RefundExpiredJob>) -> Result<()> {
        job::refund_expired_job::handler(ctx)
    }

    /// Settles a submitted job once a quorum is reached or the window has closed; mints the
    /// accepted image's Core asset to the client.
    pub fn finalize_job<'info>(
        ctx: Context<'_, '_, 'info, 'info, FinalizeJob<'info>>,
    ) -> Result<()> {
        verification::finalize_job::handler(ctx)
    }

    /// Slashes and deactivates a worker whose verified scores are significantly below the rest.
    pub fn audit_worker(ctx: Context<AuditWorker>) -> Result<()> {
        verification::audit_worker::handler(ctx)
    }

    /// Slashes and deactivates a verifier whose reveals sit systematically away from its
    /// committees' medians.
    pub fn audit_verifier(ctx: Context<AuditVerifier>) -> Result<()> {
        verification::audit_verifier::handler(ctx)
    }

    /// Pays an artist their share of an asset's royalties (anyone may call it for them).
    pub fn claim_royalties(ctx: Context<ClaimRoyalties>) -> Result<()> {
        royalty::claim_royalties::handler(ctx)
    }

    // ---- asset owner / buyer (market) ----

    /// Lists an owned Atelier asset at a price; the asset moves into the listing's escrow.
    pub fn list_asset(ctx: Context<ListAsset>, price: u64) -> Result<()> {
        market::list_asset::handler(ctx, price)
    }

    /// Ends a listing; the asset returns to the seller.
    pub fn delist_asset(ctx: Context<DelistAsset>) -> Result<()> {
        market::delist_asset::handler(ctx)
    }

    /// Buys a listed asset at its price; the royalty goes to the asset's royalty recipient.
    pub fn buy_asset(ctx: Context<BuyAsset>, price: u64) -> Result<()> {
        market::buy_asset::handler(ctx, price)
    }

    // ---- verifier ----

    /// A verifier drawn for a submitted result commits to its CLIP score and verdict.
    pub fn commit_attestation(ctx: Context<CommitAttestation>, commitment: [u8; 32]) -> Result<()> {
        verification::commit_attestation::handler(ctx, commitment)
    }

    /// A committed verifier reveals its score and verdict after the commit phase.
    pub fn reveal_attestation(
        ctx: Context<RevealAttestation>,
        args: RevealAttestationArgs,
    ) -> Result<()> {
        verification::reveal_attestation::handler(ctx, args)
    }
}
