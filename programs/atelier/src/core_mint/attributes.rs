//! The provenance written into every minted asset's Attributes plugin.
use crate::{constants::MAX_ATTRIBUTE_ARTISTS, state::Provenance};
use anchor_lang::prelude::*;
use mpl_core::types::{Attribute, Attributes};

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// A CLIP score (cosine × 10000) as the usual "CLIP score", e.g. `3112` → `"31.12"`.
pub fn format_score(score: u16) -> String {
    format!("{}.{:02}", score / 100, score % 100)
}

/// The heaviest artists as `"<artist account>:<bps>"`, comma-separated (at most 3).
pub fn top_artists(provenance: &Provenance) -> String {
    let mut weights = provenance.influences.clone();
    weights.sort_by_key(|w| std::cmp::Reverse(w.bps));
    weights
        .iter()
        .take(MAX_ATTRIBUTE_ARTISTS as usize)
        .map(|w| format!("{}:{}", w.artist, w.bps))
        .collect::<Vec<_>>()
        .join(",")
}

/// job, provenance, model, prompt and content hashes (hex), CLIP score (the verified score when
/// verifiers attested, else the worker's), storage id and top artists.
pub fn provenance_attributes(provenance: &Provenance, provenance_key: &Pubkey) -> Attributes {
    let score = provenance.verified_score.unwrap_or(provenance.clip_score);
    let pairs = [
        ("job", provenance.job.to_string()),
        ("provenance", provenance_key.to_string()),
        ("model", provenance.model_id.clone()),
        ("prompt_hash", hex(&provenance.prompt_hash)),
        ("content_hash", hex(&provenance.content_hash)),
        ("clip_score", format_score(score)),
        ("storage_id", provenance.storage_id.clone()),
        ("artists", top_artists(provenance)),
    ];
    Attributes {
        attribute_list: pairs
            .into_iter()
            .map(|(key, value)| Attribute {
                key: key.to_string(),
                value,
            })
            .collect(),
    }
}

/// The asset name: "Atelier #" and the first 4 bytes of the content hash in hex.
pub fn asset_name(content_hash: &[u8; 32]) -> String {
    format!("Atelier #{}", hex(&content_hash[..4]))
}
