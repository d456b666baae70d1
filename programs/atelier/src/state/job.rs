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

/// One verifier's verdict on a submitted result.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct Attestation {
    /// The verifier's worker (stake) account.
    pub verifier: Pubkey,
    /// The verifier's wallet, paid its share of the verifier fee on acceptance.
    pub authority: Pubkey,
    /// The verifier's own CLIP score of the stored image (cosine × 10000).
    pub score: u16,
    /// Whether the verifier agrees the result is a faithful generation of the prompt.
    pub agree: bool,
}

/// How a job's result is judged at `finalize_job`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A quorum agreed: worker, agreeing verifiers and treasury are paid; the asset is minted.
    Accepted,
    /// A quorum disagreed (or the worker's own score is below the floor): the client is
    /// refunded in full and the worker slashed.
    Rejected,
    /// The window closed without either quorum: the client is refunded, nobody is paid or
    /// slashed, nothing is minted.
    Unverified,
}

/// The config parameters a verdict depends on.
#[derive(Clone, Copy, Debug)]
pub struct VerdictRules {
    /// Attestations on one side that decide the job.
    pub quorum: u8,
    /// CLIP floor (cosine × 10000).
    pub floor: u16,
    /// Seconds after submission that attestations are accepted.
    pub window: i64,
}

impl VerdictRules {
    pub fn of(params: &crate::state::ProtocolParams) -> Self {
        Self {
            quorum: params.verifier_quorum,
            floor: params.clip_score_floor,
            window: params.verification_window,
        }
    }
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
    /// Verifier attestations, one per verifier.
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
        Ok(())
    }

    /// Ends an expired claim. Returns true when the job reopens, false when it must be refunded.
    pub fn expire_claim(&mut self, now: i64) -> Result<bool> {
        require!(
            self.status == JobStatus::Claimed,
            AtelierError::JobNotClaimed
        );
        require!(now > self.claim_deadline, AtelierError::ClaimNotExpired);
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

    /// Records one verifier's verdict. Refused for the job's worker and client, after the window,
    /// twice by one verifier, and once either side holds its quorum (so a late vote cannot flip a
    /// decided job, alone or bundled with `finalize_job`). An agreeing vote must carry a score at
    /// or above the floor: a verifier cannot agree and drag the audit statistics down at once.
    pub fn attest(&mut self, attestation: Attestation, now: i64, rules: &VerdictRules) -> Result<()> {
        require!(
            self.status == JobStatus::Submitted,
            AtelierError::JobNotSubmitted
        );
        require!(
            self.worker != Some(attestation.verifier),
            AtelierError::SelfAttestation
        );
        require!(
            attestation.authority != self.client,
            AtelierError::ClientAttestation
        );
        require!(
            now < self.verification_closes_at(rules.window)?,
            AtelierError::VerificationWindowClosed
        );
        require!(
            self.agree_count() < rules.quorum && self.disagree_count() < rules.quorum,
            AtelierError::AttestationClosed
        );
        require!(
            self.attestations
                .iter()
                .all(|a| a.verifier != attestation.verifier),
            AtelierError::AlreadyAttested
        );
        require!(
            self.attestations.len() < MAX_ATTESTATIONS as usize,
            AtelierError::TooManyAttestations
        );
        require!(
            !attestation.agree || attestation.score >= rules.floor,
            AtelierError::AgreeBelowFloor
        );
        self.attestations.push(attestation);
        Ok(())
    }

    pub fn agree_count(&self) -> u8 {
        self.attestations.iter().filter(|a| a.agree).count() as u8
    }

    pub fn disagree_count(&self) -> u8 {
        self.attestations.iter().filter(|a| !a.agree).count() as u8
    }

    /// The mean CLIP score of the attestations on the deciding side (agreeing ones for an
    /// accepted job, disagreeing ones for a rejected one); `None` for any other verdict. Votes
    /// on the losing side never enter the worker's audit statistics.
    pub fn verified_score(&self, verdict: Verdict) -> Option<u16> {
        let side = match verdict {
            Verdict::Accepted => true,
            Verdict::Rejected => false,
            Verdict::Unverified => return None,
        };
        let scores = self.attestations.iter().filter(|a| a.agree == side);
        let (n, sum) = scores.fold((0u64, 0u64), |(n, s), a| (n + 1, s + a.score as u64));
        if n == 0 {
            return None;
        }
        Some((sum / n) as u16)
    }

    /// Decides a submitted job, or fails with `VerificationPending` while it cannot be decided.
    ///
    /// Only complete sets decide: `quorum` agreeing attestations accept, `quorum` disagreeing
    /// ones reject (attestations close when either side reaches it, so exactly one can). A worker
    /// that reports its own score below the floor is rejected at once. When the window closes
    /// with neither quorum the job is **unverified**: the client is refunded, nothing is minted
    /// and nobody is slashed or paid. Acceptance never happens without a quorum of verifiers.
    pub fn verdict(&self, now: i64, rules: &VerdictRules) -> Result<Verdict> {
        require!(
            self.status == JobStatus::Submitted,
            AtelierError::JobNotSubmitted
        );
        if self.clip_score < rules.floor || self.disagree_count() >= rules.quorum {
            return Ok(Verdict::Rejected);
        }
        if self.agree_count() >= rules.quorum {
            return Ok(Verdict::Accepted);
        }
        require!(
            now >= self.verification_closes_at(rules.window)?,
            AtelierError::VerificationPending
        );
        Ok(Verdict::Unverified)
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
