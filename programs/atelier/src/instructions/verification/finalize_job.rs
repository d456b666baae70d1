use crate::{
    constants::*,
    core_mint::{self, MintAccounts, MintSettings},
    error::AtelierError,
    events::{AssetMinted, JobFinalized, SlashReason, WorkerSlashed},
    math::{self, split_payment},
    state::*,
    utils,
};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct FinalizeJob<'info> {
    /// Anyone may settle a job once it can be decided.
    pub cranker: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump, has_one = treasury @ AtelierError::TreasuryMismatch)]
    pub config: Box<Account<'info, Config>>,
    /// Closed: its rent (and, unless accepted, the whole payment) goes back to the client.
    #[account(mut, close = client, has_one = client @ AtelierError::NotJobClient)]
    pub job: Box<Account<'info, Job>>,
    #[account(
        mut,
        seeds = [PROVENANCE_SEED, job.content_hash.as_ref()],
        bump = provenance.bump,
        constraint = provenance.job == job.key() @ AtelierError::ProvenanceAddressMismatch,
    )]
    pub provenance: Box<Account<'info, Provenance>>,
    #[account(mut, constraint = job.worker == Some(worker.key()) @ AtelierError::NotJobWorker)]
    pub worker: Box<Account<'info, Worker>>,
    /// CHECK: the worker's wallet, paid on acceptance.
    #[account(mut, constraint = worker.authority == worker_authority.key() @ AtelierError::NotWorkerAuthority)]
    pub worker_authority: UncheckedAccount<'info>,
    /// CHECK: the job's client (checked by `has_one`).
    #[account(mut)]
    pub client: UncheckedAccount<'info>,
    /// CHECK: the config's treasury (checked by `has_one`).
    #[account(mut)]
    pub treasury: UncheckedAccount<'info>,
    /// CHECK: the config's Core collection (accepted jobs mint into it).
    #[account(mut, constraint = Some(collection.key()) == config.collection @ AtelierError::CollectionMismatch)]
    pub collection: UncheckedAccount<'info>,
    /// CHECK: the collection's update authority PDA; signs the mint.
    #[account(seeds = [COLLECTION_AUTHORITY_SEED], bump = config.collection_authority_bump)]
    pub collection_authority: UncheckedAccount<'info>,
    /// CHECK: system-owned PDA that pays the mint's rent from the job's mint deposit.
    #[account(mut, seeds = [MINT_PAYER_SEED], bump = config.mint_payer_bump)]
    pub mint_payer: UncheckedAccount<'info>,
    /// CHECK: the asset PDA of this image, created by Core on acceptance.
    #[account(mut, seeds = [ASSET_SEED, job.content_hash.as_ref()], bump)]
    pub asset: UncheckedAccount<'info>,
    /// CHECK: the asset's royalty splitter PDA, created on acceptance when the image names artists.
    #[account(mut, seeds = [SPLITTER_SEED, asset.key().as_ref()], bump)]
    pub splitter: UncheckedAccount<'info>,
    /// CHECK: the Metaplex Core program.
    #[account(address = mpl_core::ID @ AtelierError::InvalidCoreProgram)]
    pub core_program: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
    // Remaining accounts, whatever the verdict: for each committed attestation, in commit order,
    // the verifier's stake account and its wallet, both writable (the program decides who is
    // paid and who is slashed; the caller never predicts it).
}

/// One committee member's accounts from the remaining accounts.
struct CommitteeMember<'info> {
    stake: Account<'info, Worker>,
    wallet: &'info AccountInfo<'info>,
}

fn committee<'info>(
    job: &Job,
    remaining: &'info [AccountInfo<'info>],
) -> Result<Vec<CommitteeMember<'info>>> {
    require!(
        remaining.len() == 2 * job.attestations.len(),
        AtelierError::VerifierAccountMismatch
    );
    job.attestations
        .iter()
        .zip(remaining.chunks_exact(2))
        .map(|(attestation, pair)| {
            let (stake_info, wallet) = (&pair[0], &pair[1]);
            require!(
                stake_info.key() == attestation.verifier
                    && stake_info.is_writable
                    && wallet.key() == attestation.authority
                    && wallet.is_writable,
                AtelierError::VerifierAccountMismatch
            );
            let stake = Account::<Worker>::try_from(stake_info)
                .map_err(|_| error!(AtelierError::VerifierAccountMismatch))?;
            Ok(CommitteeMember { stake, wallet })
        })
        .collect()
}

/// Settles a submitted job once a quorum decided it or its window closed: accepted → worker,
/// agreeing verifiers and treasury are paid and a Core asset is minted to the client;
/// rejected → the client is refunded in full, the worker is slashed and the provenance record
/// is closed to the treasury (the hash is free again); unverified → the client is refunded,
/// nobody is paid or slashed and the provenance rent goes back to the worker.
pub fn handler<'info>(ctx: Context<'_, '_, 'info, 'info, FinalizeJob<'info>>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let accounts = ctx.accounts;
    let params = accounts.config.params;
    let job = &accounts.job;
    let rules = VerdictRules::of(&params);
    let verdict = job.verdict(now, &rules)?;
    let verified_score = job.verified_score(verdict);
    let outcomes = job.verifier_outcomes(verdict, &rules);
    let deviations = job.reveal_deviations();
    let mut members = committee(job, ctx.remaining_accounts)?;
    let paid_count = outcomes
        .iter()
        .filter(|o| **o == VerifierOutcome::Paid)
        .count() as u64;
    let job_info = job.to_account_info();
    let worker = &mut accounts.worker;

    let mut event = JobFinalized {
        job: job.key(),
        provenance: accounts.provenance.key(),
        worker: worker.key(),
        accepted: verdict == Verdict::Accepted,
        verified_score,
        worker_paid: 0,
        verifier_paid_each: 0,
        verifiers_paid: 0,
        treasury_paid: 0,
        client_refunded: 0,
        slashed: 0,
        asset: None,
        unverified: verdict == Verdict::Unverified,
        verifiers_slashed: 0,
    };
    accounts.provenance.settle(verdict, verified_score, now)?;
    // Mint before any payout: the payouts move lamports directly, and a CPI made after them
    // would show the runtime only some of the moved balances.
    if verdict == Verdict::Accepted {
        let settings = MintSettings {
            mint_deposit: job.mint_deposit,
            royalty_bps: params.royalty_bps,
            enforcement: params.royalty_enforcement,
            asset_bump: ctx.bumps.asset,
            splitter_bump: ctx.bumps.splitter,
            mint_payer_bump: accounts.config.mint_payer_bump,
            collection_authority_bump: accounts.config.collection_authority_bump,
        };
        let mint_accounts = MintAccounts {
            core_program: &accounts.core_program,
            system_program: &accounts.system_program,
            job: &job_info,
            mint_payer: &accounts.mint_payer,
            asset: &accounts.asset,
            splitter: &accounts.splitter,
            collection: &accounts.collection,
            collection_authority: &accounts.collection_authority,
            owner: &accounts.client,
            treasury: &accounts.treasury,
        };
        let provenance_key = accounts.provenance.key();
        let minted = core_mint::mint_for_job(
            &mint_accounts,
            &settings,
            &accounts.provenance,
            &provenance_key,
        )?;
        let asset = accounts.asset.key();
        accounts.config.assets_minted = math::add(accounts.config.assets_minted, 1)?;
        event.asset = Some(asset);
        emit!(AssetMinted {
            asset,
            provenance: provenance_key,
            job: job.key(),
            owner: job.client,
            royalty_recipient: minted.royalty_recipient,
            splitter: minted.splitter,
            royalty_bps: minted.royalty_bps,
            royalty_enforcement: params.royalty_enforcement,
            mint_cost: minted.cost,
            deposit_returned: minted.returned,
        });
    }
    match verdict {
        Verdict::Accepted => {
            let split = split_payment(
                job.payment,
                params.protocol_fee_bps,
                params.verifier_fee_bps,
                paid_count,
            )?;
            // A share its recipient could not hold (a wallet emptied below its rent-exempt
            // minimum) goes to the treasury, so no recipient can block settlement.
            let mut treasury_paid = split.treasury;
            let worker_authority = accounts.worker_authority.to_account_info();
            let worker_paid = if utils::can_receive(&worker_authority, split.worker)? {
                utils::pay_out(&job_info, &worker_authority, split.worker)?;
                split.worker
            } else {
                treasury_paid = math::add(treasury_paid, split.worker)?;
                0
            };
            let mut verifiers_paid: u8 = 0;
            for (member, outcome) in members.iter_mut().zip(&outcomes) {
                if *outcome != VerifierOutcome::Paid {
                    continue;
                }
                if utils::can_receive(member.wallet, split.verifier_each)? {
                    utils::pay_out(&job_info, member.wallet, split.verifier_each)?;
                    member.stake.total_earned =
                        math::add(member.stake.total_earned, split.verifier_each)?;
                    verifiers_paid += 1;
                } else {
                    treasury_paid = math::add(treasury_paid, split.verifier_each)?;
                }
            }
            utils::pay_out(
                &job_info,
                &accounts.treasury.to_account_info(),
                treasury_paid,
            )?;
            worker.end_job(Some(worker_paid))?;
            event.worker_paid = worker_paid;
            event.verifier_paid_each = split.verifier_each;
            event.verifiers_paid = verifiers_paid;
            event.treasury_paid = treasury_paid;
        }
        Verdict::Unverified => {
            worker.release_job()?;
            event.client_refunded = job.payment;
        }
        Verdict::Rejected => {
            let worker_info = worker.to_account_info();
            let slashed = utils::slash_to_treasury(
                &mut accounts.config,
                worker,
                &worker_info,
                &accounts.treasury,
                params.slash_bps,
            )?;
            worker.end_job(None)?;
            event.client_refunded = job.payment;
            event.slashed = slashed;
            if slashed > 0 {
                emit!(WorkerSlashed {
                    worker: worker.key(),
                    job: job.key(),
                    amount: slashed,
                    remaining_stake: worker.stake,
                    reason: SlashReason::RejectedResult,
                });
            }
        }
    }

    // The committee answers with its stake: no reveal, or a score far from the median, is
    // slashed to the treasury; everyone's commitment is released.
    for ((member, outcome), deviation) in members.iter_mut().zip(&outcomes).zip(&deviations) {
        if let (true, Some(d)) = (job.judged_by_verifiers(&rules), deviation) {
            member.stake.verifier_deviations.record(*d)?;
        }
        let reason = match outcome {
            VerifierOutcome::SlashedNoReveal => Some(SlashReason::VerifierNoReveal),
            VerifierOutcome::SlashedDeviation => Some(SlashReason::VerifierDeviation),
            VerifierOutcome::Paid | VerifierOutcome::Unpaid => None,
        };
        let stake = &mut member.stake;
        let stake_info = stake.to_account_info();
        stake.end_verification(0)?;
        if let Some(reason) = reason {
            let amount = utils::slash_to_treasury(
                &mut accounts.config,
                stake,
                &stake_info,
                &accounts.treasury,
                params.verifier_slash_bps,
            )?;
            event.verifiers_slashed += 1;
            emit!(WorkerSlashed {
                worker: stake.key(),
                job: job.key(),
                amount,
                remaining_stake: stake.stake,
                reason,
            });
        }
        stake.invariant(&stake_info)?;
        stake.exit(&crate::ID)?;
    }

    let config = &mut accounts.config;
    if let Some(score) = verified_score {
        worker.scores.record(score)?;
        config.population_scores.record(score)?;
    }
    config.jobs_settled = math::add(config.jobs_settled, 1)?;
    accounts.provenance.invariant()?;
    // Only an accepted result keeps its hash: a rejected or unverified record is closed, so a
    // squatter's pending submission blocks the hash for one window at most and costs its stake.
    match verdict {
        Verdict::Accepted => {}
        Verdict::Rejected => accounts
            .provenance
            .close(accounts.treasury.to_account_info())?,
        Verdict::Unverified => accounts
            .provenance
            .close(accounts.worker_authority.to_account_info())?,
    }
    worker.invariant(&worker.to_account_info())?;
    // The job account now holds its rent (plus the payment and the mint deposit when rejected,
    // or what the mint left of the deposit when accepted); `close = client` returns all of it.
    let rent = Rent::get()?.minimum_balance(job_info.data_len());
    let expected_left = if verdict == Verdict::Accepted {
        rent
    } else {
        math::add(math::add(rent, job.payment)?, job.mint_deposit)?
    };
    require!(
        job_info.lamports() >= expected_left,
        AtelierError::InvariantViolated
    );
    emit!(event);
    Ok(())
}
