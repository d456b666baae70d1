use crate::{
    constants::*,
    error::AtelierError,
    state::{GenerationParams, Verdict},
};
use anchor_lang::prelude::*;

/// One artist's share of influence on an image, in basis points.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct InfluenceWeight {
    /// The artist's registry account.
    pub artist: Pubkey,
    /// Share in bps; the weights of one image sum to at most 10000 (the rest is unattributed).
    pub bps: u16,
}

/// The outcome recorded for an image.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum ProvenanceStatus {
    /// Submitted, awaiting verification.
    Pending,
    /// Verified and paid for.
    Accepted,
    /// Rejected by verifiers or the score floor; the client was refunded. (Only ever in the
    /// `JobFinalized` event: `finalize_job` closes a rejected record, freeing the hash.)
    Rejected,
}

/// The permanent record of a generated image, `["provenance", content_hash]`. Anyone can hash an
/// image and look it up. Kept after settlement only when accepted; a recorded hash cannot be
/// submitted again. Sized to what it records (`Provenance::space`): the strings and influences
/// take their own length, not their maximum. The minted asset and its splitter are the PDAs
/// `["asset", content_hash]` and `["splitter", asset]`, so the record does not repeat them.
#[account]
#[derive(InitSpace, Debug)]
pub struct Provenance {
    /// Account layout version.
    pub version: u8,
    /// PDA bump.
    pub bump: u8,
    /// sha256 of the final image bytes.
    pub content_hash: [u8; 32],
    /// The job account this image was generated for (closed after settlement).
    pub job: Pubkey,
    /// The paying client.
    pub client: Pubkey,
    /// The generating worker's stake account.
    pub worker: Pubkey,
    /// Model id from the model manifest.
    #[max_len(MAX_MODEL_ID_LEN as usize)]
    pub model_id: String,
    /// sha256 of the prompt text.
    pub prompt_hash: [u8; 32],
    /// Generation parameters.
    pub params: GenerationParams,
    /// The worker's CLIP score (cosine × 10000).
    pub clip_score: u16,
    /// The verifiers' mean CLIP score, once settled with attestations.
    pub verified_score: Option<u16>,
    /// Influence weights of opted-in artists (empty, or summing to at most 10000 bps; the rest
    /// is unattributed).
    #[max_len(MAX_INFLUENCES as usize)]
    pub influences: Vec<InfluenceWeight>,
    /// Arweave transaction id of the image.
    #[max_len(MAX_STORAGE_ID_LEN as usize)]
    pub storage_id: String,
    /// URI of the metadata JSON.
    #[max_len(MAX_URI_LEN as usize)]
    pub metadata_uri: String,
    /// Outcome.
    pub status: ProvenanceStatus,
    /// Unix time of submission.
    pub created_at: i64,
    /// Unix time of settlement, once settled.
    pub settled_at: Option<i64>,
}

impl Provenance {
    /// The largest record (every string and the influences at their maximum).
    pub const SPACE: usize = 8 + Self::INIT_SPACE;

    /// The size of a record holding strings of these lengths and `influences` weights.
    pub fn space(
        model_id: usize,
        influences: usize,
        storage_id: usize,
        metadata_uri: usize,
    ) -> usize {
        Self::SPACE
            - (MAX_MODEL_ID_LEN as usize - model_id)
            - (MAX_INFLUENCES as usize - influences) * InfluenceWeight::INIT_SPACE
            - (MAX_STORAGE_ID_LEN as usize - storage_id)
            - (MAX_URI_LEN as usize - metadata_uri)
    }

    pub fn settle(
        &mut self,
        verdict: Verdict,
        verified_score: Option<u16>,
        now: i64,
    ) -> Result<()> {
        require!(
            self.status == ProvenanceStatus::Pending,
            AtelierError::InvariantViolated
        );
        self.status = match verdict {
            Verdict::Accepted => ProvenanceStatus::Accepted,
            Verdict::Rejected | Verdict::Unverified => ProvenanceStatus::Rejected,
        };
        self.verified_score = verified_score;
        self.settled_at = Some(now);
        Ok(())
    }

    pub fn invariant(&self) -> Result<()> {
        validate_influences(&self.influences)?;
        require!(
            (self.status == ProvenanceStatus::Pending) == self.settled_at.is_none(),
            AtelierError::InvariantViolated
        );
        Ok(())
    }
}

/// Influence weights are either empty, or 1 to 16 distinct artists with non-zero bps summing to
/// at most 10000. What they leave is the image's **unattributed** share: nobody's influence, so
/// nobody's royalty (the minted asset's royalty rate is scaled to the attributed share).
pub fn validate_influences(weights: &[InfluenceWeight]) -> Result<()> {
    if weights.is_empty() {
        return Ok(());
    }
    require!(
        weights.len() <= MAX_INFLUENCES as usize,
        AtelierError::TooManyInfluences
    );
    let mut total: u32 = 0;
    for (i, w) in weights.iter().enumerate() {
        require!(w.bps > 0, AtelierError::InfluenceZeroWeight);
        require!(
            weights[..i]
                .iter()
                .all(|earlier| earlier.artist != w.artist),
            AtelierError::DuplicateInfluenceArtist
        );
        total += w.bps as u32;
    }
    require!(
        total <= BPS_DENOMINATOR as u32,
        AtelierError::InfluenceSumInvalid
    );
    Ok(())
}

/// The attributed share of validated weights, in bps (at most 10000).
pub fn attributed_bps(weights: &[InfluenceWeight]) -> u16 {
    weights
        .iter()
        .map(|w| w.bps as u32)
        .sum::<u32>()
        .min(BPS_DENOMINATOR as u32) as u16
}
