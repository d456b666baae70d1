use crate::{constants::*, error::AtelierError, events::JobCreated, math, state::*, utils};
use anchor_lang::{prelude::*, solana_program::hash::hash};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct CreateJobArgs {
    /// Client-chosen id, unique per client (part of the job address).
    pub job_id: u64,
    /// Model id from the model manifest (1 to 64 bytes).
    pub model_id: String,
    /// The prompt, inline or as hash + URI.
    pub prompt: PromptInput,
    /// Generation parameters.
    pub params: GenerationParams,
    /// Lamports to escrow for the work.
    pub payment: u64,
    /// Unix time after which no worker may claim the job.
    pub deadline: i64,
}

#[derive(Accounts)]
#[instruction(args: CreateJobArgs)]
pub struct CreateJob<'info> {
    /// Pays the payment, the mint deposit and the job account's rent; gets all of it back on
    /// cancel or rejection, and the rent plus the unspent deposit on acceptance.
    #[account(mut)]
    pub client: Signer<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        constraint = !config.paused @ AtelierError::ProtocolPaused,
        constraint = config.collection.is_some() @ AtelierError::CollectionNotInitialized,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(
        init,
        payer = client,
        space = Job::SPACE,
        seeds = [JOB_SEED, client.key().as_ref(), &args.job_id.to_le_bytes()],
        bump,
    )]
    pub job: Box<Account<'info, Job>>,
    pub system_program: Program<'info, System>,
}

/// Checks the prompt and returns (inline text, uri, sha256 of the prompt).
fn resolve_prompt(prompt: PromptInput) -> Result<(String, String, [u8; 32])> {
    match prompt {
        PromptInput::Inline { text } => {
            require!(!text.trim().is_empty(), AtelierError::EmptyPrompt);
            require!(
                text.len() <= MAX_PROMPT_LEN as usize,
                AtelierError::PromptTooLong
            );
            let digest = hash(text.as_bytes()).to_bytes();
            Ok((text, String::new(), digest))
        }
        PromptInput::Offchain { hash, uri } => {
            require!(hash != [0u8; 32], AtelierError::InvalidPromptHash);
            require!(
                !uri.is_empty() && uri.len() <= MAX_URI_LEN as usize,
                AtelierError::InvalidUri
            );
            Ok((String::new(), uri, hash))
        }
    }
}

pub fn handler(ctx: Context<CreateJob>, args: CreateJobArgs) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let now = Clock::get()?.unix_timestamp;
    require!(
        !args.model_id.is_empty() && args.model_id.len() <= MAX_MODEL_ID_LEN as usize,
        AtelierError::InvalidModelId
    );
    args.params.validate()?;
    require!(args.payment > 0, AtelierError::ZeroPayment);
    require!(args.deadline > now, AtelierError::DeadlineInPast);
    let (prompt, prompt_uri, prompt_hash) = resolve_prompt(args.prompt)?;
    let mint_deposit = ctx.accounts.config.params.mint_deposit;

    utils::deposit(
        &ctx.accounts.system_program,
        &ctx.accounts.client.to_account_info(),
        &ctx.accounts.job.to_account_info(),
        math::add(args.payment, mint_deposit)?,
    )?;
    let job = &mut ctx.accounts.job;
    job.set_inner(Job {
        version: ACCOUNT_VERSION,
        bump: ctx.bumps.job,
        job_id: args.job_id,
        client: ctx.accounts.client.key(),
        status: JobStatus::Open,
        model_id: args.model_id,
        prompt,
        prompt_uri,
        prompt_hash,
        params: args.params,
        payment: args.payment,
        mint_deposit,
        created_at: now,
        deadline: args.deadline,
        worker: None,
        claim_deadline: 0,
        claims: 0,
        content_hash: [0; 32],
        submitted_at: 0,
        clip_score: 0,
        submitted_slot: 0,
        eligible_stake: 0,
        seed: None,
        attestations: Vec::new(),
        reserved: [0; 64],
    });
    job.invariant()?;
    job.require_funded(&job.to_account_info())?;
    emit!(JobCreated {
        job: job.key(),
        client: job.client,
        job_id: job.job_id,
        model_id: job.model_id.clone(),
        prompt_hash,
        params: job.params,
        payment: job.payment,
        mint_deposit,
        deadline: job.deadline,
    });
    Ok(())
}
