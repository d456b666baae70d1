//! PDA seeds and protocol limits. Seeds are `#[constant]` so they appear in the IDL and
//! clients derive the same addresses.
use anchor_lang::prelude::*;

/// `["config"]`: the single protocol configuration account.
#[constant]
pub const CONFIG_SEED: &[u8] = b"config";
/// `["artist", authority]`: an artist's registry entry.
#[constant]
pub const ARTIST_SEED: &[u8] = b"artist";
/// `["worker", authority]`: a worker operator's stake account.
#[constant]
pub const WORKER_SEED: &[u8] = b"worker";
/// `["job", client, job_id (u64 LE)]`: a job escrow.
#[constant]
pub const JOB_SEED: &[u8] = b"job";
/// `["provenance", content_hash]`: the permanent record of a generated image.
#[constant]
pub const PROVENANCE_SEED: &[u8] = b"provenance";

/// `["collection"]`: the Metaplex Core collection every Atelier asset belongs to.
#[constant]
pub const COLLECTION_SEED: &[u8] = b"collection";
/// `["collection_authority"]`: update authority of the collection (signs mints; holds no data).
#[constant]
pub const COLLECTION_AUTHORITY_SEED: &[u8] = b"collection_authority";
/// `["mint_payer"]`: system-owned PDA that pays Core's rent during a mint, funded from the job's
/// mint deposit and emptied in the same instruction.
#[constant]
pub const MINT_PAYER_SEED: &[u8] = b"mint_payer";
/// `["asset", content_hash]`: the Core asset minted for an accepted image.
#[constant]
pub const ASSET_SEED: &[u8] = b"asset";
/// `["splitter", asset]`: the royalty splitter of one asset.
#[constant]
pub const SPLITTER_SEED: &[u8] = b"splitter";
/// `["listing", asset]`: a market listing; owns the asset while it is listed.
#[constant]
pub const LISTING_SEED: &[u8] = b"listing";

/// Basis points in one whole (100 %).
#[constant]
pub const BPS_DENOMINATOR: u16 = 10_000;
/// CLIP scores are stored as cosine × 10 000 (the usual "CLIP score" × 100), clamped at 0.
#[constant]
pub const MAX_CLIP_SCORE: u16 = 10_000;

/// Longest prompt stored on chain, in bytes. Longer prompts go off chain as hash + URI.
#[constant]
pub const MAX_PROMPT_LEN: u32 = 512;
/// Longest URI (prompt, catalog, metadata), in bytes.
#[constant]
pub const MAX_URI_LEN: u32 = 200;
/// Longest model id (from the model manifest), in bytes.
#[constant]
pub const MAX_MODEL_ID_LEN: u32 = 64;
/// Longest storage id (an Arweave transaction id is 43 characters), in bytes.
#[constant]
pub const MAX_STORAGE_ID_LEN: u32 = 64;
/// Longest artist display name, in bytes.
#[constant]
pub const MAX_DISPLAY_NAME_LEN: u32 = 32;
/// Most (artist, bps) influence pairs on one image.
#[constant]
pub const MAX_INFLUENCES: u32 = 16;
/// Most verifier attestations one job accepts (the largest verifier committee).
#[constant]
pub const MAX_ATTESTATIONS: u32 = 8;
/// Slots between a result's submission slot and the slot whose hash seeds its verifier draw: the
/// worker submits before that hash exists, so it cannot grind the draw by choosing its content.
#[constant]
pub const ASSIGNMENT_DELAY_SLOTS: u64 = 1;
/// How many times more verifiers are drawn in the second half of the commit phase than in the
/// first (`verifier_oversample` per seat), when too few drawn verifiers came forward.
#[constant]
pub const SORTITION_FALLBACK_FACTOR: u64 = 4;

/// Diffusion steps allowed in a job.
#[constant]
pub const MAX_STEPS: u16 = 150;
/// Smallest image side in pixels.
#[constant]
pub const MIN_IMAGE_SIDE: u16 = 64;
/// Largest image side in pixels.
#[constant]
pub const MAX_IMAGE_SIDE: u16 = 2048;
/// Image sides must be multiples of this (the VAE downsamples by 8).
#[constant]
pub const IMAGE_SIDE_MULTIPLE: u16 = 8;
/// Largest classifier-free guidance scale × 100.
#[constant]
pub const MAX_GUIDANCE_X100: u16 = 3_000;

/// Longest unbonding period, claim timeout or verification window the config accepts (1 year).
#[constant]
pub const MAX_DURATION_SECS: i64 = 365 * 24 * 60 * 60;

/// Longest Core collection or asset name, in bytes (Core's own limit is 32 in marketplaces' eyes).
#[constant]
pub const MAX_ASSET_NAME_LEN: u32 = 32;
/// Smallest mint deposit a job escrows: covers the worst-case asset (Core fee included) and a
/// 16-artist splitter at today's rent with a margin.
#[constant]
pub const MIN_MINT_DEPOSIT: u64 = 20_000_000;
/// Artists named in the asset's "artists" attribute (the highest weights).
#[constant]
pub const MAX_ATTRIBUTE_ARTISTS: u32 = 3;
/// Audit threshold bounds, in hundredths of a standard error (1.00 to 10.00).
#[constant]
pub const MIN_AUDIT_THRESHOLD_X100: u16 = 100;
#[constant]
pub const MAX_AUDIT_THRESHOLD_X100: u16 = 1_000;
/// Fewest verified jobs an audit may rest on (a variance needs two).
#[constant]
pub const MIN_AUDIT_JOBS: u32 = 2;

/// Layout version written into every account this program creates.
pub const ACCOUNT_VERSION: u8 = 1;
