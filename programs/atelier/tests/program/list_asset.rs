//! Tests of `list_asset`: the asset moves into the listing's escrow; only the owner may list,
//! only Atelier assets, once, at a price above zero, not while paused.

use super::{fixtures::*, harness::*};
use anchor_lang::prelude::Pubkey;
use atelier::{error::AtelierError, events::AssetListed, state::*};
use solana_sdk::{
    instruction::AccountMeta,
    signature::{Keypair, Signer},
};

/// A Core asset minted directly through Core (no collection): not an Atelier asset.
pub async fn foreign_asset(env: &mut Env, owner: &Keypair) -> Pubkey {
    let asset = Keypair::new();
    let ix = mpl_core::instructions::CreateV2Builder::new()
        .asset(asset.pubkey())
        .payer(owner.pubkey())
        .name("Not Atelier".to_string())
        .uri("ar://elsewhere".to_string())
        .instruction();
    env.send(&[ix], &[owner, &asset])
        .await
        .expect("CreateV2 through the stand-in");
    asset.pubkey()
}

#[tokio::test]
async fn list_asset_escrows_the_asset_in_the_listing() {
    let mut env = setup().await;
    let m = env.minted_job(SOL, &[10_000]).await;
    let (client, asset) = (m.s.client.insecure_clone(), m.s.asset());
    let listing = listing_pda(&asset);
    let before = env.balance(&client.pubkey()).await;

    let logs = env
        .send(
            &[ix_list_asset(&client.pubkey(), &asset, 3 * SOL)],
            &[&client],
        )
        .await
        .unwrap();

    assert_eq!(env.asset_owner(&asset).await, listing);
    let state: Listing = env.fetch(&listing).await;
    assert_eq!(
        (state.asset, state.seller, state.price),
        (asset, client.pubkey(), 3 * SOL)
    );
    assert_eq!(state.listed_at, env.now().await);
    let rent = env.rent(Listing::SPACE).await;
    assert_eq!(before - env.balance(&client.pubkey()).await, rent + fees(1));
    let e = &events::<AssetListed>(&logs)[0];
    assert_eq!(
        (e.listing, e.asset, e.seller, e.price),
        (listing, asset, client.pubkey(), 3 * SOL)
    );
}

#[tokio::test]
async fn only_the_owner_may_list() {
    let mut env = setup().await;
    let m = env.minted_job(SOL, &[]).await;
    let thief = env.wallet(SOL).await;
    let r = env
        .send(
            &[ix_list_asset(&thief.pubkey(), &m.s.asset(), SOL)],
            &[&thief],
        )
        .await;
    assert_err(r, AtelierError::NotAssetOwner);
    assert_eq!(env.asset_owner(&m.s.asset()).await, m.s.client.pubkey());
}

#[tokio::test]
async fn a_price_of_zero_is_refused() {
    let mut env = setup().await;
    let m = env.minted_job(SOL, &[]).await;
    let client = m.s.client.insecure_clone();
    let r = env
        .send(
            &[ix_list_asset(&client.pubkey(), &m.s.asset(), 0)],
            &[&client],
        )
        .await;
    assert_err(r, AtelierError::ZeroPrice);
}

#[tokio::test]
async fn an_asset_cannot_be_listed_twice() {
    let mut env = setup().await;
    let m = env.minted_job(SOL, &[]).await;
    let client = m.s.client.insecure_clone();
    env.send(
        &[ix_list_asset(&client.pubkey(), &m.s.asset(), SOL)],
        &[&client],
    )
    .await
    .unwrap();
    // The listing exists already: the system program refuses to create it again (0 = in use).
    let r = env
        .send(
            &[ix_list_asset(&client.pubkey(), &m.s.asset(), 2 * SOL)],
            &[&client],
        )
        .await;
    assert_custom_code(r, 0);
    let state: Listing = env.fetch(&listing_pda(&m.s.asset())).await;
    assert_eq!(state.price, SOL);
}

#[tokio::test]
async fn an_asset_outside_the_atelier_collection_is_refused() {
    let mut env = setup().await;
    let owner = env.wallet(5 * SOL).await;
    let asset = foreign_asset(&mut env, &owner).await;
    let r = env
        .send(&[ix_list_asset(&owner.pubkey(), &asset, SOL)], &[&owner])
        .await;
    assert_err(r, AtelierError::NotAtelierAsset);
    // Neither is an account that is no Core asset at all.
    let r = env
        .send(
            &[ix_list_asset(&owner.pubkey(), &owner.pubkey(), SOL)],
            &[&owner],
        )
        .await;
    assert_err(r, AtelierError::NotAtelierAsset);
}

#[tokio::test]
async fn list_asset_refuses_a_wrong_collection_or_core_program() {
    let mut env = setup().await;
    let m = env.minted_job(SOL, &[]).await;
    let client = m.s.client.insecure_clone();
    let mut ix = ix_list_asset(&client.pubkey(), &m.s.asset(), SOL);
    ix.accounts[3] = AccountMeta::new(Pubkey::new_unique(), false);
    assert_err(
        env.send(&[ix], &[&client]).await,
        AtelierError::CollectionMismatch,
    );
    let mut ix = ix_list_asset(&client.pubkey(), &m.s.asset(), SOL);
    ix.accounts[5] = AccountMeta::new_readonly(solana_sdk_ids::system_program::ID, false);
    assert_err(
        env.send(&[ix], &[&client]).await,
        AtelierError::InvalidCoreProgram,
    );
}

#[tokio::test]
async fn nothing_can_be_listed_while_paused() {
    let mut env = setup().await;
    let m = env.minted_job(SOL, &[]).await;
    env.pause_protocol().await;
    let client = m.s.client.insecure_clone();
    let r = env
        .send(
            &[ix_list_asset(&client.pubkey(), &m.s.asset(), SOL)],
            &[&client],
        )
        .await;
    assert_err(r, AtelierError::ProtocolPaused);
}
