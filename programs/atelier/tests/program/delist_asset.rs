//! Tests of `delist_asset`: the asset and the listing's rent return to the seller; nobody else
//! can end a listing.

use super::{fixtures::*, harness::*};
use anchor_lang::error::ErrorCode;
use atelier::{error::AtelierError, events::AssetDelisted, state::*};
use solana_sdk::signature::Signer;

async fn listed(env: &mut Env) -> Minted {
    let m = env.minted_job(SOL, &[10_000]).await;
    let client = m.s.client.insecure_clone();
    env.send(
        &[ix_list_asset(&client.pubkey(), &m.s.asset(), 2 * SOL)],
        &[&client],
    )
    .await
    .unwrap();
    m
}

#[tokio::test]
async fn delist_asset_returns_the_asset_and_the_rent_to_the_seller() {
    let mut env = setup().await;
    let m = listed(&mut env).await;
    let seller = m.s.client.insecure_clone();
    let before = env.balance(&seller.pubkey()).await;
    let rent = env.rent(Listing::SPACE).await;

    let logs = env
        .send(
            &[ix_delist_asset(&seller.pubkey(), &m.s.asset())],
            &[&seller],
        )
        .await
        .unwrap();

    assert_eq!(env.asset_owner(&m.s.asset()).await, seller.pubkey());
    assert!(!env.exists(&listing_pda(&m.s.asset())).await);
    assert_eq!(env.balance(&seller.pubkey()).await, before + rent - fees(1));
    let e = &events::<AssetDelisted>(&logs)[0];
    assert_eq!(
        (e.listing, e.asset, e.seller),
        (listing_pda(&m.s.asset()), m.s.asset(), seller.pubkey())
    );
}

#[tokio::test]
async fn only_the_seller_may_delist() {
    let mut env = setup().await;
    let m = listed(&mut env).await;
    let other = env.wallet(SOL).await;
    let r = env
        .send(&[ix_delist_asset(&other.pubkey(), &m.s.asset())], &[&other])
        .await;
    assert_err(r, AtelierError::NotListingSeller);
    assert_eq!(
        env.asset_owner(&m.s.asset()).await,
        listing_pda(&m.s.asset())
    );
}

#[tokio::test]
async fn delisting_twice_is_refused() {
    let mut env = setup().await;
    let m = listed(&mut env).await;
    let seller = m.s.client.insecure_clone();
    let ix = ix_delist_asset(&seller.pubkey(), &m.s.asset());
    env.send(std::slice::from_ref(&ix), &[&seller])
        .await
        .unwrap();
    assert_anchor_err(
        env.send(&[ix], &[&seller]).await,
        ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn delisting_works_while_paused() {
    let mut env = setup().await;
    let m = listed(&mut env).await;
    env.pause_protocol().await;
    let seller = m.s.client.insecure_clone();
    env.send(
        &[ix_delist_asset(&seller.pubkey(), &m.s.asset())],
        &[&seller],
    )
    .await
    .unwrap();
    assert_eq!(env.asset_owner(&m.s.asset()).await, seller.pubkey());
}
