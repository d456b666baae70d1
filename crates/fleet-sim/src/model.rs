//! The score model: the distributions honest and cheating results' CLIP scores are drawn from.
//! The parameters are data (`data/score-model.json`), not code; they are hand-set placeholders
//! until calibrated on the real tiny-model pipeline (future work of issue 11).

use rand::Rng;
use serde::Deserialize;

/// A normal distribution in score units (cosine × 10000).
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Normal {
    pub mean: f64,
    pub sd: f64,
}

impl Normal {
    /// One draw (Box–Muller), clamped to the program's score range 0..=10000.
    pub fn sample(&self, rng: &mut impl Rng) -> u16 {
        (self.mean + self.sd * standard_normal(rng))
            .round()
            .clamp(0.0, 10_000.0) as u16
    }
}

/// A standard normal draw (Box–Muller; one of the pair, so the sequence is simple to reason about).
pub fn standard_normal(rng: &mut impl Rng) -> f64 {
    let u1: f64 = rng.gen::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

#[derive(Debug, Clone, Deserialize)]
pub struct ScoreModel {
    /// What the numbers are.
    pub units: String,
    /// Where the numbers come from.
    pub calibration: String,
    /// Honest generations: the true score of the image.
    pub honest: Normal,
    /// Noise images passed off as results (the worker claims an honest-looking score).
    pub noise: Normal,
    /// The colluding group's cheap results (fewer steps, a smaller model).
    pub cheap: Normal,
    /// The score a colluding verifier reveals against a worker outside its group.
    pub colluder_vote_against: Normal,
    /// Spread of an honest verifier's recomputation around the true score (CPU/GPU differences).
    pub verifier_sd: f64,
}

/// The model shipped in the crate.
pub const DEFAULT_MODEL_JSON: &str = include_str!("../data/score-model.json");

impl ScoreModel {
    pub fn default_model() -> ScoreModel {
        serde_json::from_str(DEFAULT_MODEL_JSON).expect("data/score-model.json parses")
    }

    pub fn from_path(path: &str) -> Result<ScoreModel, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))
    }
}
