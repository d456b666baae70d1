//! What each simulated actor does as a worker, as a verifier and as a client.

use std::fmt;

/// One actor's behaviour. Every staked actor both works (claims jobs) and verifies (when the
/// program's draw selects it); a strategy says how it does each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strategy {
    /// Generates faithfully, claims its true score; verifies by recomputing the score.
    Honest,
    /// Submits noise images with an honest-looking claimed score; verifies honestly.
    Noise,
    /// Works honestly; as a verifier reveals a copy of the worker's claimed score, agreeing,
    /// without checking the image.
    Lazy,
    /// Works honestly; as a verifier commits (honestly) and never reveals.
    Silent,
    /// One operator's group: submits cheap results with an honest-looking claimed score; as a
    /// verifier agrees with the group's results (revealing their claimed score) and votes every
    /// other worker down.
    Collude,
    /// Works honestly but first tries to name an artist of its own (refused: `SelfInfluence`),
    /// then submits naming another artist.
    SelfAttr,
    /// A client that also runs a staked worker: tries to vote its own jobs down (refused:
    /// `ClientAttestation`, or `VerifierNotDrawn` when the draw did not pick it); otherwise an
    /// honest verifier that claims no jobs.
    ClientAttest,
}

impl Strategy {
    /// The worker strategies a mix gives percentages for (the client strategy is separate).
    pub const WORKER: [Strategy; 6] = [
        Strategy::Honest,
        Strategy::Noise,
        Strategy::Lazy,
        Strategy::Silent,
        Strategy::Collude,
        Strategy::SelfAttr,
    ];
    pub const ALL: [Strategy; 7] = [
        Strategy::Honest,
        Strategy::Noise,
        Strategy::Lazy,
        Strategy::Silent,
        Strategy::Collude,
        Strategy::SelfAttr,
        Strategy::ClientAttest,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Strategy::Honest => "honest",
            Strategy::Noise => "noise",
            Strategy::Lazy => "lazy",
            Strategy::Silent => "silent",
            Strategy::Collude => "collude",
            Strategy::SelfAttr => "self-attr",
            Strategy::ClientAttest => "client-attest",
        }
    }

    pub fn parse(name: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Does this actor claim jobs?
    pub fn works(self) -> bool {
        self != Strategy::ClientAttest
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
