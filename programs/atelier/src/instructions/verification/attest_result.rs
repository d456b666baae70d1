use crate::{constants::*, error::AtelierError, events::ResultAttested, math, state::*};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct AttestResultArgs {
    /// The verifier's own CLIP score of the stored image (cosine × 10000).
    pub score: u16,
    /// Whether the verifier agrees the result is faithful.
    pub agree: bool,
}

#[derive(Accounts)]
pub struct AttestResult<'info> {
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
}

/// A staked worker other than the job's worker and client records its verdict, once per job,
/// until one side holds the quorum or the window closes.
pub fn handler(ctx: Context<AttestResult>, args: AttestResultArgs) -> Result<()> {
    require!(args.score <= MAX_CLIP_SCORE, AtelierError::ScoreOutOfRange);
    let now = Clock::get()?.unix_timestamp;
    let params = &ctx.accounts.config.params;
    let verifier = &mut ctx.accounts.verifier;
    verifier.require_active(params.min_worker_stake)?;
    let job = &mut ctx.accounts.job;
    job.attest(
        Attestation {
            verifier: verifier.key(),
            authority: verifier.authority,
            score: args.score,
            agree: args.agree,
        },
        now,
        &VerdictRules::of(params),
    )?;
    verifier.attestations = math::add(verifier.attestations, 1)?;
    job.invariant()?;
    emit!(ResultAttested {
        job: job.key(),
        verifier: verifier.key(),
        score: args.score,
        agree: args.agree
    });
    Ok(())
}
