use crate::{constants::*, error::AtelierError, events::AttestationCommitted, sortition, state::*};
use anchor_lang::{prelude::*, solana_program::sysvar};

#[derive(Accounts)]
pub struct CommitAttestation<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The verifier's stake account (active, at least the minimum stake).
    #[account(
        mut,
        seeds = [WORKER_SEED, authority.key().as_ref()],
        bump = verifier.bump,
        has_one = authority @ AtelierError::NotWorkerAuthority,
    )]
    pub verifier: Box<Account<'info, Worker>>,
    #[account(mut)]
    pub job: Box<Account<'info, Job>>,
    /// CHECK: the SlotHashes sysvar (address checked); read once per job, by its first commit.
    #[account(address = sysvar::slot_hashes::ID @ AtelierError::InvalidSlotHashes)]
    pub slot_hashes: UncheckedAccount<'info>,
}

/// A verifier drawn for the job commits to its score and verdict without showing them. The draw
/// is stake-weighted sortition on a seed from the hash of the slot after submission (unknown to
/// everyone until that slot ends); stake raised after the submission slot is not drawn. Commits close when the committee is full or the
/// commit window ends.
pub fn handler(ctx: Context<CommitAttestation>, commitment: [u8; 32]) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let now = Clock::get()?.unix_timestamp;
    let params = &ctx.accounts.config.params;
    let rules = VerdictRules::of(params);
    let verifier = &mut ctx.accounts.verifier;
    verifier.require_active(params.min_worker_stake)?;
    let job_key = ctx.accounts.job.key();
    let job = &mut ctx.accounts.job;
    require!(
        job.status == JobStatus::Submitted,
        AtelierError::JobNotSubmitted
    );
    require!(
        verifier.stake_raised_slot <= job.submitted_slot,
        AtelierError::StakeRaisedAfterSubmission
    );
    let seed = match job.seed {
        Some(seed) => seed,
        None => {
            let data = ctx.accounts.slot_hashes.try_borrow_data()?;
            let target = job
                .submitted_slot
                .checked_add(ASSIGNMENT_DELAY_SLOTS)
                .ok_or_else(|| error!(AtelierError::MathOverflow))?;
            let seed =
                sortition::job_seed(&sortition::slot_hash_at_or_after(&data, target)?, &job_key);
            job.seed = Some(seed);
            seed
        }
    };
    require!(
        sortition::is_drawn(
            &seed,
            &verifier.key(),
            job.draw_expectation(now, &rules)?,
            verifier.stake,
            job.eligible_stake,
        ),
        AtelierError::VerifierNotDrawn
    );
    job.commit(verifier.key(), verifier.authority, commitment, now, &rules)?;
    verifier.begin_verification()?;
    job.invariant()?;
    emit!(AttestationCommitted {
        job: job_key,
        verifier: verifier.key(),
        commits: job.attestations.len() as u8,
        committee_full: job.attestations.len() >= rules.committee as usize,
    });
    Ok(())
}
