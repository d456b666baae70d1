use crate::{constants::*, error::AtelierError, math};
use anchor_lang::prelude::*;

/// Where a job is in its life. Settled and cancelled jobs are closed, so they have no status.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum JobStatus {
    /// Paid for and waiting for a worker.
    Open,
    /// A worker claimed it and must submit before `claim_deadline`.
    Claimed,
    /// A result is recorded; verifiers attest until quorum or the window closes.
    Submitted,
}

/// What the client asked to generate, as recorded on chain.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct GenerationParams {
    /// Seed of the initial noise.
    pub seed: u64,
    /// Diffusion steps (1 for turbo/LCM models).
    pub steps: u16,
    /// Image width in pixels (multiple of 8).
    pub width: u16,
    /// Image height in pixels (multiple of 8).
    pub height: u16,
    /// Classifier-free guidance scale × 100 (0 disables guidance).
    pub guidance_x100: u16,
}

impl GenerationParams {
    pub fn validate(&self) -> Result<()> {
        require!(
            self.steps >= 1 && self.steps <= MAX_STEPS,
            AtelierError::InvalidSteps
        );
        for side in [self.width, self.height] {
            require!(
                (MIN_IMAGE_SIDE..=MAX_IMAGE_SIDE).contains(&side)
                    && side % IMAGE_SIDE_MULTIPLE == 0,
                AtelierError::InvalidImageSize
            );
        }
        require!(
            self.guidance_x100 <= MAX_GUIDANCE_X100,
            AtelierError::InvalidGuidance
        );
        Ok(())
    }
}

/// The prompt, inline (at most 512 bytes) or off chain as hash + URI.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub enum PromptInput {
    /// The prompt text itself; the program records its sha256.
    Inline { text: String },
    /// sha256 of the prompt text and where to fetch it.
    Offchain { hash: [u8; 32], uri: String },
}

/// One drawn verifier's attestation: committed first, revealed after the commit phase.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct Attestation {
    /// The verifier's worker (stake) account.
    pub verifier: Pubkey,
    /// The verifier's wallet, paid its share of the verifier fee on acceptance.
    pub authority: Pubkey,
    /// `attestation_commitment(job, verifier, score, agree, salt)`, sent in the commit phase.
    pub commitment: [u8; 32],
    /// Whether the verifier revealed the committed score and verdict.
    pub revealed: bool,
    /// The verifier's own CLIP score of the stored image (cosine × 10000), once revealed.
    pub score: u16,
    /// Whether the verifier agrees the result is a faithful generation, once revealed.
    pub agree: bool,
}

/// What a verifier reveals: the score and verdict it committed to, and the salt.
#[derive(Clone, Copy, Debug)]
pub struct Opening {
    pub score: u16,
    pub agree: bool,
    pub salt: [u8; 32],
}

/// What one committee member's attestation earns or costs it at settlement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifierOutcome {
    /// On the accepted side and within tolerance: paid its share of the verifier fee.
    Paid,
    /// Neither paid nor slashed (rejected or unverified job, or the losing side within tolerance).
    Unpaid,
    /// Committed and never revealed: slashed `verifier_slash_bps`.
    SlashedNoReveal,
    /// Revealed a score farther than the tolerance from the committee's median: slashed.
    SlashedDeviation,
}

/// How a job's result is judged at `finalize_job`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A quorum of revealed attestations agreed: worker, paid verifiers and treasury are paid;
    /// the asset is minted.
    Accepted,
    /// A quorum of revealed attestations disagreed (or the worker's own score is below the
    /// floor): the client is refunded in full and the worker slashed.
    Rejected,
    /// Neither side reached its quorum once the reveals were in or the window closed: the client
    /// is refunded, the worker is neither paid nor slashed, nothing is minted.
    Unverified,
}

/// The config parameters a verdict depends on.
#[derive(Clone, Copy, Debug)]
pub struct VerdictRules {
    /// Revealed attestations on one side that decide the job.
    pub quorum: u8,
    /// Verifiers that may commit.
    pub committee: u8,
    /// Verifiers drawn per seat in the first half of the commit phase.
    pub oversample: u8,
    /// CLIP floor (cosine × 10000).
    pub floor: u16,
    /// Seconds after submission that commits are accepted.
    pub commit_window: i64,
    /// Seconds after submission that reveals are accepted.
    pub window: i64,
    /// Largest distance of a revealed score from the committee's median.
    pub tolerance: u16,
}

impl VerdictRules {
    pub fn of(params: &crate::state::ProtocolParams) -> Self {
        Self {
            quorum: params.verifier_quorum,
            committee: params.verifier_committee,
            oversample: params.verifier_oversample,
            floor: params.clip_score_floor,
            commit_window: params.commit_window,
            window: params.verification_window,
            tolerance: params.verifier_tolerance,
        }
    }
}

/// What a verifier commits to: sha256 over a domain tag, the job, the verifier's stake account,
/// the score (u16 LE), the verdict (one byte) and a 32-byte secret salt. Binding the verifier's
/// key means a copied commitment cannot be revealed by anyone else.
pub fn attestation_commitment(
    job: &Pubkey,
    verifier: &Pubkey,
    score: u16,
    agree: bool,
    salt: &[u8; 32],
) -> [u8; 32] {
    anchor_lang::solana_program::hash::hashv(&[
        b"atelier/attestation/v1",
        job.as_ref(),
        verifier.as_ref(),
        &score.to_le_bytes(),
        &[agree as u8],
        salt,
    ])
    .to_bytes()
}

/// The middle value(s) of some scores: `(lo, hi)`, equal for an odd count; `None` when empty.
/// At most `MAX_ATTESTATIONS` scores, sorted on the stack.
fn median_interval(scores: impl Iterator<Item = u16>) -> Option<(u16, u16)> {
    let mut buf = [0u16; MAX_ATTESTATIONS as usize];
    let mut n = 0;
    for s in scores.take(MAX_ATTESTATIONS as usize) {
        buf[n] = s;
        n += 1;
    }
    if n == 0 {
        return None;
    }
    let sorted = &mut buf[..n];
    sorted.sort_unstable();
    Some((sorted[(n - 1) / 2], sorted[n / 2]))
}

/// A paid job escrow, `["job", client, job_id]`. Holds the payment as lamports above rent.
#[account]
#[derive(InitSpace, Debug)]
pub struct Job {
    /// Account layout version.
    pub version: u8,
    /// PDA bump.
    pub bump: u8,
    /// Client-chosen id, unique per client.
    pub job_id: u64,
    /// Wallet that paid; refunds and the job account's rent go back here.
    pub client: Pubkey,
    /// Where the job is in its life.
    pub status: JobStatus,
    /// Model id from the model manifest the client asked for.
    #[max_len(MAX_MODEL_ID_LEN as usize)]
    pub model_id: String,
    /// The prompt text when stored inline, else empty.
    #[max_len(MAX_PROMPT_LEN as usize)]
    pub prompt: String,
    /// Where an off-chain prompt lives, else empty.
    #[max_len(MAX_URI_LEN as usize)]
    pub prompt_uri: String,
    /// sha256 of the prompt text.
    pub prompt_hash: [u8; 32],
    /// Generation parameters.
    pub params: GenerationParams,
    /// Lamports escrowed for the work.
    pub payment: u64,
    /// Lamports escrowed for the minted asset's and splitter's rent (`params.mint_deposit` at
    /// creation); unspent lamports return to the client.
    pub mint_deposit: u64,
    /// Unix time of creation.
    pub created_at: i64,
    /// Client deadline: no claims after it; an expired claim past it refunds the client.
    pub deadline: i64,
    /// The claiming worker's stake account, while claimed or submitted.
    pub worker: Option<Pubkey>,
    /// Unix time the current claim ends.
    pub claim_deadline: i64,
    /// Times this job has been claimed (expired claims reopen it).
    pub claims: u16,
    /// The submitted image's content hash (sha256 of the final image bytes).
    pub content_hash: [u8; 32],
    /// Unix time of submission.
    pub submitted_at: i64,
    /// The worker's self-reported CLIP score (cosine × 10000).
    pub clip_score: u16,
    /// Slot of submission: the hash of slot `submitted_slot + ASSIGNMENT_DELAY_SLOTS` seeds
    /// the verifier draw.
    pub submitted_slot: u64,
    /// Active stake other than the worker's at submission: the draw's denominator.
    pub eligible_stake: u64,
    /// The draw seed, fixed by the first commit (`sortition::job_seed`).
    pub seed: Option<[u8; 32]>,
    /// The committee's attestations, in commit order.
    #[max_len(MAX_ATTESTATIONS as usize)]
    pub attestations: Vec<Attestation>,
    /// Reserved for later versions.
    pub reserved: [u8; 64],
}

impl Job {
    pub const SPACE: usize = 8 + Self::INIT_SPACE;

    pub fn claim(&mut self, worker: Pubkey, now: i64, claim_timeout: i64) -> Result<()> {
        require!(self.status == JobStatus::Open, AtelierError::JobNotOpen);
        require!(now < self.deadline, AtelierError::JobDeadlinePassed);
        self.status = JobStatus::Claimed;
        self.worker = Some(worker);
        self.claim_deadline = now
            .checked_add(claim_timeout)
            .ok_or_else(|| error!(AtelierError::MathOverflow))?;
        self.claims = self
            .claims
            .checked_add(1)
            .ok_or_else(|| error!(AtelierError::MathOverflow))?;
        Ok(())
    }

    pub fn require_worker(&self, worker: &Pubkey) -> Result<()> {
        require!(
            self.worker.as_ref() == Some(worker),
            AtelierError::NotJobWorker
        );
        Ok(())
    }

    pub fn submit(
        &mut self,
        worker: &Pubkey,
        content_hash: [u8; 32],
        clip_score: u16,
        now: i64,
        slot: u64,
        eligible_stake: u64,
    ) -> Result<()> {
        require!(
            self.status == JobStatus::Claimed,
            AtelierError::JobNotClaimed
        );
        self.require_worker(worker)?;
        require!(
            now <= self.claim_deadline,
            AtelierError::ClaimDeadlinePassed
        );
        self.status = JobStatus::Submitted;
        self.content_hash = content_hash;
        self.clip_score = clip_score;
        self.submitted_at = now;
        self.submitted_slot = slot;
        self.eligible_stake = eligible_stake;
        Ok(())
    }

    /// Ends an expired claim. Returns true when the job reopens, false when it must be refunded.
    pub fn expire_claim(&mut self, now: i64) -> Result<bool> {
        require!(
            self.status == JobStatus::Claimed,
            AtelierError::JobNotClaimed
        );
        require!(now > self.claim_deadline, AtelierError::ClaimNotExpired);
        self.end_claim(now)
    }

    /// The claiming worker gives the job back before its claim ends (it cannot serve it, e.g. its
    /// own score is below the floor). Returns true when the job reopens, false when refunded.
    pub fn release_claim(&mut self, worker: &Pubkey, now: i64) -> Result<bool> {
        require!(
            self.status == JobStatus::Claimed,
            AtelierError::JobNotClaimed
        );
        self.require_worker(worker)?;
        self.end_claim(now)
    }

    fn end_claim(&mut self, now: i64) -> Result<bool> {
        self.status = JobStatus::Open;
        self.worker = None;
        self.claim_deadline = 0;
        Ok(now < self.deadline)
    }

    pub fn verification_closes_at(&self, window: i64) -> Result<i64> {
        self.submitted_at
            .checked_add(window)
            .ok_or_else(|| error!(AtelierError::MathOverflow))
    }

    /// Commits are taken until the commit window closes or the committee is full.
    pub fn commit_open(&self, now: i64, rules: &VerdictRules) -> Result<bool> {
        Ok(now < self.verification_closes_at(rules.commit_window)?
            && self.attestations.len() < rules.committee as usize)
    }

    /// Verifiers expected per draw right now: oversampled in the first half of the commit
    /// phase, more widely once it is half over (drawn verifiers may be offline).
    pub fn draw_expectation(&self, now: i64, rules: &VerdictRules) -> Result<u64> {
        let half = self.verification_closes_at(rules.commit_window / 2)?;
        let factor = if now < half {
            1
        } else {
            SORTITION_FALLBACK_FACTOR
        };
        Ok((rules.committee as u64) * (rules.oversample as u64) * factor)
    }

    /// Records a drawn verifier's commitment. Refused for the job's worker and client, after the
    /// commit phase, and twice by one verifier. The draw itself is checked by the caller.
    pub fn commit(
        &mut self,
        verifier: Pubkey,
        authority: Pubkey,
        commitment: [u8; 32],
        now: i64,
        rules: &VerdictRules,
    ) -> Result<()> {
        require!(
            self.status == JobStatus::Submitted,
            AtelierError::JobNotSubmitted
        );
        require!(self.worker != Some(verifier), AtelierError::SelfAttestation);
        require!(authority != self.client, AtelierError::ClientAttestation);
        require!(self.commit_open(now, rules)?, AtelierError::CommitClosed);
        require!(
            self.attestations.iter().all(|a| a.verifier != verifier),
            AtelierError::AlreadyAttested
        );
        self.attestations.push(Attestation {
            verifier,
            authority,
            commitment,
            revealed: false,
            score: 0,
            agree: false,
        });
        Ok(())
    }

    /// Opens a committed attestation. Only after the commit phase (so nobody reveals into a
    /// phase where others could still copy it) and before the window closes; the score and
    /// verdict must hash to the commitment, and an agreeing reveal needs a score at the floor.
    pub fn reveal(
        &mut self,
        job: &Pubkey,
        verifier: &Pubkey,
        opening: Opening,
        now: i64,
        rules: &VerdictRules,
    ) -> Result<()> {
        let Opening { score, agree, salt } = opening;
        require!(
            self.status == JobStatus::Submitted,
            AtelierError::JobNotSubmitted
        );
        require!(!self.commit_open(now, rules)?, AtelierError::RevealNotOpen);
        require!(
            now < self.verification_closes_at(rules.window)?,
            AtelierError::VerificationWindowClosed
        );
        require!(score <= MAX_CLIP_SCORE, AtelierError::ScoreOutOfRange);
        require!(
            !agree || score >= rules.floor,
            AtelierError::AgreeBelowFloor
        );
        let attestation = self
            .attestations
            .iter_mut()
            .find(|a| a.verifier == *verifier)
            .ok_or_else(|| error!(AtelierError::NotCommitted))?;
        require!(!attestation.revealed, AtelierError::AlreadyRevealed);
        require!(
            attestation.commitment == attestation_commitment(job, verifier, score, agree, &salt),
            AtelierError::CommitmentMismatch
        );
        attestation.revealed = true;
        attestation.score = score;
        attestation.agree = agree;
        Ok(())
    }

    pub fn agree_count(&self) -> u8 {
        self.attestations
            .iter()
            .filter(|a| a.revealed && a.agree)
            .count() as u8
    }

    pub fn disagree_count(&self) -> u8 {
        self.attestations
            .iter()
            .filter(|a| a.revealed && !a.agree)
            .count() as u8
    }

    /// Whether every committed attestation is revealed.
    pub fn all_revealed(&self) -> bool {
        self.attestations.iter().all(|a| a.revealed)
    }

    /// Did the verifiers judge this job? Not when the worker's own score was below the floor:
    /// that result is rejected on the worker's word, and no verifier is paid or slashed for it.
    pub fn judged_by_verifiers(&self, rules: &VerdictRules) -> bool {
        self.clip_score >= rules.floor
    }

    /// The median of revealed scores on the deciding side (agreeing ones for an accepted job,
    /// disagreeing ones for a rejected one; the mean of the two middle scores for an even count);
    /// `None` for any other verdict. Losing votes and outliers never move it much.
    pub fn verified_score(&self, verdict: Verdict) -> Option<u16> {
        let side = match verdict {
            Verdict::Accepted => true,
            Verdict::Rejected => false,
            Verdict::Unverified => return None,
        };
        let (lo, hi) = median_interval(
            self.attestations
                .iter()
                .filter(|a| a.revealed && a.agree == side)
                .map(|a| a.score),
        )?;
        Some(((lo as u32 + hi as u32) / 2) as u16)
    }

    /// What each attestation (in commit order) earns or costs its verifier under `verdict`.
    /// A revealed score is compared with the median of all revealed scores: farther than the
    /// tolerance from both middle values is a deviation. With two reveals or fewer nobody
    /// deviates (no majority says who is wrong).
    pub fn verifier_outcomes(
        &self,
        verdict: Verdict,
        rules: &VerdictRules,
    ) -> Vec<VerifierOutcome> {
        let judged = self.judged_by_verifiers(rules);
        self.attestations
            .iter()
            .zip(self.reveal_deviations())
            .map(|(a, deviation)| {
                if !judged {
                    return VerifierOutcome::Unpaid;
                }
                match deviation {
                    None => return VerifierOutcome::SlashedNoReveal,
                    Some(d) if d > rules.tolerance => return VerifierOutcome::SlashedDeviation,
                    Some(_) => {}
                }
                if verdict == Verdict::Accepted && a.agree {
                    VerifierOutcome::Paid
                } else {
                    VerifierOutcome::Unpaid
                }
            })
            .collect()
    }

    /// Each attestation's distance from the median of the revealed scores (0 between the two
    /// middle values); `None` when unrevealed. The statistics `audit_verifier` tests.
    pub fn reveal_deviations(&self) -> Vec<Option<u16>> {
        let median = median_interval(
            self.attestations
                .iter()
                .filter(|a| a.revealed)
                .map(|a| a.score),
        );
        self.attestations
            .iter()
            .map(|a| {
                let (lo, hi) = median?;
                a.revealed.then(|| {
                    if a.score < lo {
                        lo - a.score
                    } else {
                        a.score.saturating_sub(hi)
                    }
                })
            })
            .collect()
    }

    /// Decides a submitted job, or fails with `VerificationPending` while it cannot be decided.
    ///
    /// Only complete sets decide: the commit phase must be over (committee full or commit window
    /// closed) and every commitment revealed, or the window closed. Then `quorum` agreeing
    /// reveals accept and `quorum` disagreeing ones reject (a committee below `2 · quorum` lets
    /// only one side get there); anything else is **unverified**: the client is refunded,
    /// nothing is minted, nobody is paid or slashed except verifiers who failed their duty. A
    /// worker that reports its own score below the floor is rejected at once.
    pub fn verdict(&self, now: i64, rules: &VerdictRules) -> Result<Verdict> {
        require!(
            self.status == JobStatus::Submitted,
            AtelierError::JobNotSubmitted
        );
        if !self.judged_by_verifiers(rules) {
            return Ok(Verdict::Rejected);
        }
        let window_closed = now >= self.verification_closes_at(rules.window)?;
        require!(
            window_closed || (!self.commit_open(now, rules)? && self.all_revealed()),
            AtelierError::VerificationPending
        );
        Ok(if self.agree_count() >= rules.quorum {
            Verdict::Accepted
        } else if self.disagree_count() >= rules.quorum {
            Verdict::Rejected
        } else {
            Verdict::Unverified
        })
    }

    pub fn invariant(&self) -> Result<()> {
        require!(
            self.attestations.len() <= MAX_ATTESTATIONS as usize,
            AtelierError::InvariantViolated
        );
        require!(
            (self.status == JobStatus::Open) == self.worker.is_none(),
            AtelierError::InvariantViolated
        );
        require!(
            self.status == JobStatus::Submitted || self.attestations.is_empty(),
            AtelierError::InvariantViolated
        );
        require!(self.payment > 0, AtelierError::InvariantViolated);
        Ok(())
    }

    /// The job account holds its rent-exempt minimum plus the escrowed payment and mint deposit.
    pub fn require_funded(&self, info: &AccountInfo) -> Result<()> {
        let rent = Rent::get()?.minimum_balance(info.data_len());
        require!(
            info.lamports() >= math::add(math::add(rent, self.payment)?, self.mint_deposit)?,
            AtelierError::InvariantViolated
        );
        Ok(())
    }
}
