use crate::{constants::*, error::AtelierError, events::AttestationRevealed, math, state::*};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct RevealAttestationArgs {
    /// The verifier's own CLIP score of the stored image (cosine × 10000).
    pub score: u16,
    /// Whether the verifier agrees the result is faithful.
    pub agree: bool,
    /// The secret salt the commitment was made with.
    pub salt: [u8; 32],
}

#[derive(Accounts)]
pub struct RevealAttestation<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The committed verifier's stake account (it may have started unbonding since).
    #[account(
        mut,
        seeds = [WORKER_SEED, authority.key().as_ref()],
        bump = verifier.bump,
        has_one = authority @ AtelierError::NotWorkerAuthority,
    )]
    pub verifier: Box<Account<'info, Worker>>,
    #[account(mut)]
    pub job: Box<Account<'info, Job>>,
}

/// A committed verifier opens its attestation once the commit phase is over. Nobody can copy a
/// score that is not public yet, and a commitment cannot be revealed as anything else.
pub fn handler(ctx: Context<RevealAttestation>, args: RevealAttestationArgs) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let now = Clock::get()?.unix_timestamp;
    let rules = VerdictRules::of(&ctx.accounts.config.params);
    let verifier = &mut ctx.accounts.verifier;
    let job_key = ctx.accounts.job.key();
    let job = &mut ctx.accounts.job;
    job.reveal(
        &job_key,
        &verifier.key(),
        Opening {
            score: args.score,
            agree: args.agree,
            salt: args.salt,
        },
        now,
        &rules,
    )?;
    verifier.attestations = math::add(verifier.attestations, 1)?;
    job.invariant()?;
    emit!(AttestationRevealed {
        job: job_key,
        verifier: verifier.key(),
        score: args.score,
        agree: args.agree,
        all_revealed: job.all_revealed(),
    });
    Ok(())
}
