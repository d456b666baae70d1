//! Tests of `claim_royalties`: exact shares of everything a splitter received, paid to each
//! artist's current payout wallet by anyone, with dust kept and double claims refused.

use super::{fixtures::*, harness::*};
use anchor_lang::{error::ErrorCode, prelude::Pubkey};
use atelier::{error::AtelierError, events::RoyaltiesClaimed, state::*};
use solana_sdk::signature::Signer;

/// A minted asset whose splitter received `royalties` lamports from outside.
async fn funded_splitter(env: &mut Env, bps: &[u16], royalties: u64) -> Minted {
    let m = env.minted_job(SOL, bps).await;
    env.pay(&m.s.splitter(), royalties).await;
    m
}

async fn payout_of(env: &mut Env, artist: &Pubkey) -> Pubkey {
    env.fetch::<atelier::state::Artist>(artist).await.payout
}

#[tokio::test]
async fn claim_royalties_pays_each_artist_exactly_their_bps() {
    let mut env = setup().await;
    let royalties = 3 * SOL + 7;
    let m = funded_splitter(&mut env, &[6_000, 3_000, 1_000], royalties).await;
    let splitter = m.s.splitter();
    let rent = env.rent(RoyaltySplitter::space(3)).await;
    let cranker = env.wallet(SOL).await;

    let mut paid_total = 0;
    for (i, a) in m.artists.iter().enumerate() {
        let payout = payout_of(&mut env, &a.account).await;
        let before = env.balance(&payout).await;
        let logs = env
            .send(
                &[ix_claim_royalties(&splitter, &a.account, &payout)],
                &[&cranker],
            )
            .await
            .unwrap();
        let expected = (royalties as u128 * m.influences[i].bps as u128 / 10_000) as u64;
        assert_eq!(env.balance(&payout).await - before, expected);
        paid_total += expected;
        let e = &events::<RoyaltiesClaimed>(&logs)[0];
        assert_eq!(
            (e.splitter, e.asset, e.artist, e.payout),
            (splitter, m.s.asset(), a.account, payout)
        );
        assert_eq!(
            (e.amount, e.artist_claimed, e.total_received),
            (expected, expected, royalties)
        );
    }
    // 7 extra lamports: 4.2 + 2.1 + 0.7 → 6 paid, 1 lamport of dust stays for later.
    assert_eq!(paid_total, royalties - 1);
    assert_eq!(env.balance(&splitter).await, rent + 1);
    let state: RoyaltySplitter = env.fetch(&splitter).await;
    assert_eq!(state.total_claimed, paid_total);
}

#[tokio::test]
async fn a_second_claim_without_new_royalties_is_refused_and_new_royalties_pay_again() {
    let mut env = setup().await;
    let m = funded_splitter(&mut env, &[5_000, 5_000], 2 * SOL).await;
    let a = &m.artists[0];
    let payout = payout_of(&mut env, &a.account).await;
    let cranker = env.wallet(SOL).await;
    let ix = ix_claim_royalties(&m.s.splitter(), &a.account, &payout);
    env.send(std::slice::from_ref(&ix), &[&cranker])
        .await
        .unwrap();
    assert_err(
        env.send(std::slice::from_ref(&ix), &[&cranker]).await,
        AtelierError::NothingToClaim,
    );

    env.pay(&m.s.splitter(), SOL).await;
    let before = env.balance(&payout).await;
    env.send(&[ix], &[&cranker]).await.unwrap();
    assert_eq!(env.balance(&payout).await - before, SOL / 2);
}

#[tokio::test]
async fn royalties_follow_the_artists_current_payout_wallet() {
    let mut env = setup().await;
    let m = funded_splitter(&mut env, &[10_000], SOL).await;
    let a = &m.artists[0];
    let old = payout_of(&mut env, &a.account).await;
    let mut profile = profile("artist-0");
    let new_wallet = Pubkey::new_unique();
    profile.payout = new_wallet;
    let authority = a.authority.insecure_clone();
    env.send(
        &[ix_update_artist(&authority.pubkey(), &a.account, profile)],
        &[&authority],
    )
    .await
    .unwrap();
    let cranker = env.wallet(SOL).await;

    let stale = ix_claim_royalties(&m.s.splitter(), &a.account, &old);
    assert_err(
        env.send(&[stale], &[&cranker]).await,
        AtelierError::PayoutMismatch,
    );
    env.send(
        &[ix_claim_royalties(&m.s.splitter(), &a.account, &new_wallet)],
        &[&cranker],
    )
    .await
    .unwrap();
    assert_eq!(env.balance(&new_wallet).await, SOL);
}

#[tokio::test]
async fn an_artist_of_another_asset_cannot_claim_here() {
    let mut env = setup().await;
    let m = funded_splitter(&mut env, &[10_000], SOL).await;
    let other = env.register_artist("stranger").await;
    let payout = payout_of(&mut env, &other.account).await;
    let cranker = env.wallet(SOL).await;
    let r = env
        .send(
            &[ix_claim_royalties(&m.s.splitter(), &other.account, &payout)],
            &[&cranker],
        )
        .await;
    assert_err(r, AtelierError::ArtistNotInSplitter);
}

#[tokio::test]
async fn claim_royalties_refuses_accounts_that_are_not_a_splitter() {
    let mut env = setup().await;
    let m = funded_splitter(&mut env, &[10_000], SOL).await;
    let a = &m.artists[0];
    let payout = payout_of(&mut env, &a.account).await;
    let cranker = env.wallet(SOL).await;
    // The provenance record is an Atelier account of another type.
    let forged = provenance_pda(&m.s.content_hash);
    let r = env
        .send(
            &[ix_claim_royalties(&forged, &a.account, &payout)],
            &[&cranker],
        )
        .await;
    assert_anchor_err(r, ErrorCode::AccountDiscriminatorMismatch);
    // A wallet that is no Atelier account at all.
    let r = env
        .send(
            &[ix_claim_royalties(&payout, &a.account, &payout)],
            &[&cranker],
        )
        .await;
    assert_anchor_err(r, ErrorCode::AccountNotInitialized);
}

#[tokio::test]
async fn a_payout_wallet_that_cannot_hold_a_tiny_claim_is_refused_and_the_royalty_waits() {
    let mut env = setup().await;
    // 1000 lamports: below what an empty wallet needs to exist.
    let m = funded_splitter(&mut env, &[10_000], 1_000).await;
    let a = &m.artists[0];
    let payout = payout_of(&mut env, &a.account).await;
    let cranker = env.wallet(SOL).await;
    let ix = ix_claim_royalties(&m.s.splitter(), &a.account, &payout);
    assert_err(
        env.send(std::slice::from_ref(&ix), &[&cranker]).await,
        AtelierError::PayoutCannotReceive,
    );
    // Once enough has arrived, everything is paid.
    env.pay(&m.s.splitter(), SOL).await;
    env.send(&[ix], &[&cranker]).await.unwrap();
    assert_eq!(env.balance(&payout).await, SOL + 1_000);
}

#[tokio::test]
async fn an_opted_out_artist_still_collects_earned_royalties() {
    let mut env = setup().await;
    let m = funded_splitter(&mut env, &[10_000], SOL).await;
    let a = &m.artists[0];
    let authority = a.authority.insecure_clone();
    env.send(
        &[ix_opt_out_artist(&authority.pubkey(), &a.account)],
        &[&authority],
    )
    .await
    .unwrap();
    let payout = payout_of(&mut env, &a.account).await;
    let cranker = env.wallet(SOL).await;
    env.send(
        &[ix_claim_royalties(&m.s.splitter(), &a.account, &payout)],
        &[&cranker],
    )
    .await
    .unwrap();
    assert_eq!(env.balance(&payout).await, SOL);
}
