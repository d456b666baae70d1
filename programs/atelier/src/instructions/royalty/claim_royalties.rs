use crate::{constants::*, error::AtelierError, events::RoyaltiesClaimed, state::*, utils};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct ClaimRoyalties<'info> {
    /// Anyone may claim on the artist's behalf; the royalties go to the artist's payout wallet.
    #[account(
        mut,
        seeds = [SPLITTER_SEED, splitter.asset.as_ref()],
        bump = splitter.bump,
    )]
    pub splitter: Box<Account<'info, RoyaltySplitter>>,
    /// The artist's registry entry (its payout wallet may have changed since the mint).
    pub artist: Box<Account<'info, Artist>>,
    /// CHECK: must be the artist's current payout wallet.
    #[account(mut, address = artist.payout @ AtelierError::PayoutMismatch)]
    pub payout: UncheckedAccount<'info>,
}

/// Pays an artist everything they are owed from a splitter: their bps of all lamports it ever
/// received, minus what they already claimed.
pub fn handler(ctx: Context<ClaimRoyalties>) -> Result<()> {
    crate::utils::require_no_remaining_accounts(ctx.remaining_accounts)?;
    let splitter_info = ctx.accounts.splitter.to_account_info();
    let rent = Rent::get()?.minimum_balance(splitter_info.data_len());
    let splitter = &mut ctx.accounts.splitter;
    let total_received = splitter.total_received(splitter_info.lamports(), rent)?;
    let artist = ctx.accounts.artist.key();
    let amount = splitter.claim(&artist, total_received)?;
    let payout = ctx.accounts.payout.to_account_info();
    require!(
        utils::can_receive(&payout, amount)?,
        AtelierError::PayoutCannotReceive
    );
    utils::pay_out(&splitter_info, &payout, amount)?;
    splitter.invariant(&splitter_info)?;
    let artist_claimed = splitter
        .shares
        .iter()
        .find(|s| s.artist == artist)
        .map(|s| s.claimed)
        .unwrap_or_default();
    emit!(RoyaltiesClaimed {
        splitter: splitter.key(),
        asset: splitter.asset,
        artist,
        payout: payout.key(),
        amount,
        artist_claimed,
        total_received,
    });
    Ok(())
}
