use crate::{constants::*, error::AtelierError, events::ResultSubmitted, state::*, utils};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct SubmitResultArgs {
    /// sha256 of the final image bytes (the provenance key).
    pub content_hash: [u8; 32],
    /// Arweave transaction id of the image (1 to 64 bytes).
    pub storage_id: String,
    /// URI of the metadata JSON (1 to 200 bytes).
    pub metadata_uri: String,
    /// The worker's CLIP score of the image against the prompt (cosine × 10000).
    pub clip_score: u16,
    /// Up to 16 influence weights in bps, summing to at most 10000 (the rest is unattributed),
    /// or empty. The artists are the remaining accounts, in the same order (each key once in the
    /// transaction, so 16 artists fit a legacy transaction).
    pub influence_bps: Vec<u16>,
}

#[derive(Accounts)]
#[instruction(args: SubmitResultArgs)]
pub struct SubmitResult<'info> {
    /// The claiming worker's wallet; pays the provenance record's rent.
    #[account(mut)]
    pub authority: Signer<'info>,
    /// Read for the active stake the verifier draw is weighted against.
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        seeds = [WORKER_SEED, authority.key().as_ref()],
        bump = worker.bump,
        has_one = authority @ AtelierError::NotWorkerAuthority,
    )]
    pub worker: Box<Account<'info, Worker>>,
    #[account(mut)]
    pub job: Box<Account<'info, Job>>,
    /// CHECK: created here; an existing record means a replayed image (`ProvenanceAlreadyRecorded`).
    #[account(mut, seeds = [PROVENANCE_SEED, args.content_hash.as_ref()], bump)]
    pub provenance: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl SubmitResult<'_> {
    /// `wallets`: the worker's authority and the job's client; no named artist may be theirs.
    /// Checks the arguments and the named artists; returns the influence weights.
    fn validate(
        args: &SubmitResultArgs,
        artists: &[AccountInfo],
        wallets: [Pubkey; 2],
    ) -> Result<Vec<InfluenceWeight>> {
        require!(
            args.content_hash != [0u8; 32],
            AtelierError::InvalidContentHash
        );
        require!(
            !args.storage_id.is_empty() && args.storage_id.len() <= MAX_STORAGE_ID_LEN as usize,
            AtelierError::InvalidStorageId
        );
        require!(
            !args.metadata_uri.is_empty() && args.metadata_uri.len() <= MAX_URI_LEN as usize,
            AtelierError::InvalidUri
        );
        require!(
            args.clip_score <= MAX_CLIP_SCORE,
            AtelierError::ScoreOutOfRange
        );
        require!(
            artists.len() == args.influence_bps.len(),
            AtelierError::ArtistAccountMismatch
        );
        let influences: Vec<InfluenceWeight> = artists
            .iter()
            .zip(&args.influence_bps)
            .map(|(info, bps)| InfluenceWeight {
                artist: info.key(),
                bps: *bps,
            })
            .collect();
        validate_influences(&influences)?;
        for info in artists {
            require_keys_eq!(*info.owner, crate::ID, AtelierError::ArtistAccountMismatch);
            let data = info.try_borrow_data()?;
            let artist = Artist::try_deserialize(&mut &data[..])
                .map_err(|_| error!(AtelierError::ArtistAccountMismatch))?;
            require!(artist.opted_in, AtelierError::ArtistOptedOut);
            require!(
                !wallets.contains(&artist.authority) && !wallets.contains(&artist.payout),
                AtelierError::SelfInfluence
            );
        }
        Ok(influences)
    }
}

/// The claiming worker records its result and the image's permanent provenance record.
pub fn handler<'info>(
    ctx: Context<'_, '_, '_, 'info, SubmitResult<'info>>,
    args: SubmitResultArgs,
) -> Result<()> {
    let influences = SubmitResult::validate(
        &args,
        ctx.remaining_accounts,
        [ctx.accounts.authority.key(), ctx.accounts.job.client],
    )?;
    let clock = Clock::get()?;
    let now = clock.unix_timestamp;
    let worker_key = ctx.accounts.worker.key();
    // Everyone's active stake but the worker's own can be drawn to verify this result.
    let eligible_stake = ctx
        .accounts
        .config
        .active_stake
        .saturating_sub(ctx.accounts.worker.active_stake());
    let job = &mut ctx.accounts.job;
    job.submit(
        &worker_key,
        args.content_hash,
        args.clip_score,
        now,
        clock.slot,
        eligible_stake,
    )?;
    job.invariant()?;

    let provenance_info = ctx.accounts.provenance.to_account_info();
    let bump = ctx.bumps.provenance;
    utils::create_pda(
        &ctx.accounts.authority.to_account_info(),
        &provenance_info,
        &ctx.accounts.system_program,
        Provenance::space(
            job.model_id.len(),
            influences.len(),
            args.storage_id.len(),
            args.metadata_uri.len(),
        ),
        &[PROVENANCE_SEED, args.content_hash.as_ref(), &[bump]],
        AtelierError::ProvenanceAlreadyRecorded,
    )?;
    let record = Provenance {
        version: ACCOUNT_VERSION,
        bump,
        content_hash: args.content_hash,
        job: job.key(),
        client: job.client,
        worker: worker_key,
        model_id: job.model_id.clone(),
        prompt_hash: job.prompt_hash,
        params: job.params,
        clip_score: args.clip_score,
        verified_score: None,
        influences,
        storage_id: args.storage_id,
        metadata_uri: args.metadata_uri,
        status: ProvenanceStatus::Pending,
        created_at: now,
        settled_at: None,
    };
    record.invariant()?;
    record.try_serialize(&mut &mut provenance_info.try_borrow_mut_data()?[..])?;

    emit!(ResultSubmitted {
        job: job.key(),
        worker: worker_key,
        provenance: provenance_info.key(),
        content_hash: record.content_hash,
        storage_id: record.storage_id,
        metadata_uri: record.metadata_uri,
        clip_score: record.clip_score,
        influences: record.influences,
    });
    Ok(())
}
