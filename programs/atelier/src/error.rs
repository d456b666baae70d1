//! The program's one error enum. Append only: codes are part of the client API.
use anchor_lang::prelude::*;

#[error_code]
pub enum AtelierError {
    // ---- access and config (6000..) ----
    #[msg("Signer is not the admin of the protocol config")]
    Unauthorized,
    #[msg("The protocol is paused: new jobs, claims and registrations are refused")]
    ProtocolPaused,
    #[msg("Fee basis points are invalid: protocol fee + verifier fee must be at most 10000")]
    InvalidFeeBps,
    #[msg("Verifier quorum must be at least 1 and the committee between the quorum and 2 x quorum - 1, at most 8")]
    InvalidQuorum,
    #[msg("Durations (unbonding, claim timeout, verification window) must be positive and at most one year")]
    InvalidDuration,
    #[msg("CLIP score floor must be at most 10000 (cosine x 10000)")]
    InvalidScoreFloor,
    #[msg("Slash and late-penalty basis points must be at most 10000")]
    InvalidSlashBps,
    #[msg("Minimum worker stake must be greater than zero")]
    InvalidMinimumStake,
    #[msg("Treasury account does not match the config")]
    TreasuryMismatch,
    #[msg("Treasury must hold at least the rent-exempt minimum so payouts to it cannot fail")]
    TreasuryNotRentExempt,

    // ---- artists (6010..) ----
    #[msg("Artist display name must be 1 to 32 bytes")]
    InvalidDisplayName,
    #[msg("URI must be 1 to 200 bytes")]
    InvalidUri,
    #[msg("Catalog hash must not be all zeroes")]
    InvalidCatalogHash,
    #[msg("Artist has opted out: they cannot be named as an influence on new images")]
    ArtistOptedOut,
    #[msg("Signer is not the artist's authority")]
    NotArtistAuthority,

    // ---- workers and stake (6015..) ----
    #[msg("Stake is below the protocol's minimum worker stake")]
    StakeBelowMinimum,
    #[msg("Amount must be greater than zero")]
    ZeroAmount,
    #[msg("Worker is not active (unbonding or deactivated)")]
    WorkerNotActive,
    #[msg("Worker has not requested unstake")]
    WorkerNotUnbonding,
    #[msg("Unbonding period has not finished yet")]
    UnbondingNotFinished,
    #[msg("Worker still has jobs in flight; finish or expire them before withdrawing")]
    JobsInFlight,
    #[msg("Signer is not the worker's authority")]
    NotWorkerAuthority,

    // ---- job escrow (6022..) ----
    #[msg("Prompt must not be empty")]
    EmptyPrompt,
    #[msg("Prompt is longer than 512 bytes: store it off chain and pass its hash and URI")]
    PromptTooLong,
    #[msg("Prompt hash must not be all zeroes")]
    InvalidPromptHash,
    #[msg("Model id must be 1 to 64 bytes")]
    InvalidModelId,
    #[msg("Steps must be between 1 and 150")]
    InvalidSteps,
    #[msg("Image width and height must be multiples of 8 between 64 and 2048")]
    InvalidImageSize,
    #[msg("Guidance scale x100 must be at most 3000")]
    InvalidGuidance,
    #[msg("Payment must be greater than zero")]
    ZeroPayment,
    #[msg("Job deadline must be in the future")]
    DeadlineInPast,
    #[msg("Job is not open")]
    JobNotOpen,
    #[msg("Job is not claimed")]
    JobNotClaimed,
    #[msg("Job has no submitted result")]
    JobNotSubmitted,
    #[msg("Job deadline has passed")]
    JobDeadlinePassed,
    #[msg("Only the worker that claimed the job may do this")]
    NotJobWorker,
    #[msg("Only the client that created the job may do this")]
    NotJobClient,
    #[msg("The claim deadline has passed: the result can no longer be submitted")]
    ClaimDeadlinePassed,
    #[msg("The claim deadline has not passed yet")]
    ClaimNotExpired,

    // ---- results and provenance (6039..) ----
    #[msg("Content hash must not be all zeroes")]
    InvalidContentHash,
    #[msg("Storage id must be 1 to 64 bytes")]
    InvalidStorageId,
    #[msg("CLIP score must be at most 10000 (cosine x 10000)")]
    ScoreOutOfRange,
    #[msg("At most 16 influence weights are allowed")]
    TooManyInfluences,
    #[msg("Influence weights must sum to at most 10000 bps (the rest is unattributed)")]
    InfluenceSumInvalid,
    #[msg("Every influence weight must be greater than zero")]
    InfluenceZeroWeight,
    #[msg("The same artist is named twice in the influence weights")]
    DuplicateInfluenceArtist,
    #[msg("Artist accounts must be passed in the same order as the influence weights, and nothing else")]
    ArtistAccountMismatch,
    #[msg("This image content hash is already recorded: a replayed image is refused")]
    ProvenanceAlreadyRecorded,
    #[msg("Provenance account is not the PDA of this content hash")]
    ProvenanceAddressMismatch,

    // ---- verification and settlement (6049..) ----
    #[msg("A worker cannot attest its own result")]
    SelfAttestation,
    #[msg("This verifier has already attested this job")]
    AlreadyAttested,
    #[msg("This job already has the maximum number of attestations")]
    TooManyAttestations,
    #[msg("The verification window for this job has closed")]
    VerificationWindowClosed,
    #[msg("Verification is still pending: no quorum yet and the window is open")]
    VerificationPending,
    #[msg("Verifier payout accounts must be the agreeing verifiers' authorities, in attestation order, and nothing else")]
    VerifierAccountMismatch,

    // ---- arithmetic (6055..) ----
    #[msg("Arithmetic overflow")]
    MathOverflow,
    #[msg("An account invariant does not hold after this instruction")]
    InvariantViolated,

    // ---- config, continued (6057..) ----
    #[msg(
        "The admin cannot be the default (all-zero) public key: the config would be locked forever"
    )]
    InvalidAdmin,

    // ---- minting and royalties (6058..) ----
    #[msg("Royalty basis points must be at most 10000")]
    InvalidRoyaltyBps,
    #[msg("Royalty creator shares must be whole percents summing to exactly 100")]
    InvalidCreatorShares,
    #[msg("The same royalty creator is named twice")]
    DuplicateCreator,
    #[msg("The mint deposit must be at least 20000000 lamports (MIN_MINT_DEPOSIT)")]
    InvalidMintDeposit,
    #[msg("The Core collection is already initialized")]
    CollectionAlreadyInitialized,
    #[msg("The Core collection is not initialized yet: the admin must call initialize_collection")]
    CollectionNotInitialized,
    #[msg("Collection account is not the config's Core collection")]
    CollectionMismatch,
    #[msg("Name must be 1 to 32 bytes")]
    InvalidAssetName,
    #[msg("The job's mint deposit does not cover the asset and splitter rent")]
    MintDepositTooSmall,
    #[msg("Account is not the asset address of this image")]
    AssetAddressMismatch,
    #[msg("Splitter account is not the royalty splitter of this asset")]
    SplitterMismatch,
    #[msg("This artist has no share in this splitter")]
    ArtistNotInSplitter,
    #[msg("Payout account is not the artist's payout wallet")]
    PayoutMismatch,
    #[msg("Nothing to claim yet: the artist's share of royalties received is already paid")]
    NothingToClaim,
    #[msg(
        "The payout wallet cannot hold this amount (it would stay below its rent-exempt minimum)"
    )]
    PayoutCannotReceive,

    // ---- market (6073..) ----
    #[msg("Account is not a Metaplex Core asset of the Atelier collection")]
    NotAtelierAsset,
    #[msg("Signer does not own this asset")]
    NotAssetOwner,
    #[msg("Price must be greater than zero")]
    ZeroPrice,
    #[msg("The listing's price differs from the price the buyer agreed to")]
    PriceMismatch,
    #[msg("A seller cannot buy their own listing")]
    SelfPurchase,
    #[msg("Only the seller may do this")]
    NotListingSeller,
    #[msg("Royalty recipient is not the asset's Royalties creator")]
    RoyaltyRecipientMismatch,
    #[msg("The asset's Royalties plugin is missing or not a single 100% creator")]
    InvalidAssetRoyalties,
    #[msg("Core program account is not the Metaplex Core program")]
    InvalidCoreProgram,

    // ---- statistical audit (6082..) ----
    #[msg("Audit parameters invalid: minimum jobs >= 2, threshold between 1.00 and 10.00 standard errors, slash <= 10000 bps")]
    InvalidAuditParams,
    #[msg("Too few verified jobs for an audit (worker, rest of the population, or since the last audit)")]
    AuditTooEarly,
    #[msg("Worker is already deactivated")]
    WorkerDeactivated,

    // ---- verification game (6085..) ----
    #[msg("The job's client cannot attest its own job")]
    ClientAttestation,
    #[msg("The commit phase is over (committee full or commit window closed)")]
    CommitClosed,
    #[msg("An agreeing attestation must report a score at or above the CLIP floor")]
    AgreeBelowFloor,
    #[msg("A payout's source and destination are the same account")]
    SelfPayout,

    // ---- verifier assignment and commit-reveal (6089..) ----
    #[msg("Account is not the SlotHashes sysvar, or its data is malformed")]
    InvalidSlotHashes,
    #[msg("The slot hash that seeds this job's verifier draw does not exist yet; retry in a slot")]
    SeedPending,
    #[msg("The slot hash that seeds this job's verifier draw aged out of SlotHashes: no verifier can be drawn; the job settles unverified")]
    SeedUnavailable,
    #[msg("This verifier was not drawn for this job")]
    VerifierNotDrawn,
    #[msg(
        "The verifier's stake was raised after this result was submitted: it is not drawn for it"
    )]
    StakeRaisedAfterSubmission,
    #[msg("Reveals open once the commit phase is over")]
    RevealNotOpen,
    #[msg("This verifier has no commitment on this job")]
    NotCommitted,
    #[msg("This verifier already revealed its attestation")]
    AlreadyRevealed,
    #[msg("Score, verdict and salt do not hash to the commitment")]
    CommitmentMismatch,
    #[msg("Commit window must be positive and shorter than the verification window")]
    InvalidCommitWindow,
    #[msg("An influence names an artist whose authority or payout wallet is the worker's or the client's")]
    SelfInfluence,

    // ---- deployment and admin (6100..) ----
    #[msg("Only the program's upgrade authority may initialize the config")]
    NotUpgradeAuthority,
    #[msg("Only the pending admin may accept the handover")]
    NotPendingAdmin,
    #[msg("The handler takes no remaining accounts")]
    UnexpectedRemainingAccounts,
    #[msg("The job's deadline has not passed: it may still be claimed")]
    JobDeadlineNotPassed,
}
