//! Tests of `buy_asset`: price to seller less the royalty, royalty to the asset's Royalties
//! creator, asset to the buyer, listing closed; and every forged account or stale price.

use super::{fixtures::*, harness::*};
use anchor_lang::{error::ErrorCode, prelude::Pubkey};
use atelier::{error::AtelierError, events::AssetSold, state::*};
use solana_sdk::{
    instruction::AccountMeta,
    signature::{Keypair, Signer},
};

const PRICE: u64 = 4 * SOL;

struct Listed {
    m: Minted,
    seller: Keypair,
    buyer: Keypair,
}

async fn listed(env: &mut Env, bps: &[u16]) -> Listed {
    let m = env.minted_job(SOL, bps).await;
    let seller = m.s.client.insecure_clone();
    env.send(
        &[ix_list_asset(&seller.pubkey(), &m.s.asset(), PRICE)],
        &[&seller],
    )
    .await
    .unwrap();
    let buyer = env.wallet(10 * SOL).await;
    Listed { m, seller, buyer }
}

fn buy_keys(l: &Listed, royalty_recipient: Pubkey) -> BuyKeys {
    BuyKeys {
        buyer: l.buyer.pubkey(),
        seller: l.seller.pubkey(),
        asset: l.m.s.asset(),
        royalty_recipient,
        price: PRICE,
    }
}

#[tokio::test]
async fn buy_asset_pays_seller_and_splitter_and_moves_the_asset() {
    let mut env = setup().await;
    let l = listed(&mut env, &[7_000, 3_000]).await;
    let splitter = l.m.s.splitter();
    let keys = [
        l.buyer.pubkey(),
        l.seller.pubkey(),
        splitter,
        listing_pda(&l.m.s.asset()),
    ];
    let mut before = Vec::new();
    for k in &keys {
        before.push(env.balance(k).await);
    }
    let listing_rent = env.rent(Listing::SPACE).await;

    let logs = env
        .send(&[ix_buy_asset(&buy_keys(&l, splitter))], &[&l.buyer])
        .await
        .unwrap();

    let royalty = PRICE * 500 / 10_000;
    assert_eq!(before[0] - env.balance(&keys[0]).await, PRICE + fees(1));
    assert_eq!(
        env.balance(&keys[1]).await - before[1],
        PRICE - royalty + listing_rent
    );
    assert_eq!(env.balance(&keys[2]).await - before[2], royalty);
    assert!(!env.exists(&keys[3]).await);
    assert_eq!(env.asset_owner(&l.m.s.asset()).await, l.buyer.pubkey());

    let e = &events::<AssetSold>(&logs)[0];
    assert_eq!(
        (e.asset, e.seller, e.buyer),
        (l.m.s.asset(), l.seller.pubkey(), l.buyer.pubkey())
    );
    assert_eq!(
        (e.price, e.royalty, e.seller_proceeds),
        (PRICE, royalty, PRICE - royalty)
    );
    assert_eq!(e.royalty_recipient, splitter);
}

#[tokio::test]
async fn royalties_of_an_asset_without_artists_go_to_the_treasury() {
    let mut env = setup().await;
    let l = listed(&mut env, &[]).await;
    let treasury = env.treasury.pubkey();
    let before = env.balance(&treasury).await;
    env.send(&[ix_buy_asset(&buy_keys(&l, treasury))], &[&l.buyer])
        .await
        .unwrap();
    assert_eq!(env.balance(&treasury).await - before, PRICE * 500 / 10_000);
}

#[tokio::test]
async fn a_wrong_royalty_recipient_is_refused() {
    let mut env = setup().await;
    let l = listed(&mut env, &[10_000]).await;
    let other = env.minted_job(SOL, &[10_000]).await;
    for wrong in [other.s.splitter(), l.seller.pubkey(), env.treasury.pubkey()] {
        let r = env
            .send(&[ix_buy_asset(&buy_keys(&l, wrong))], &[&l.buyer])
            .await;
        assert_err(r, AtelierError::RoyaltyRecipientMismatch);
    }
}

#[tokio::test]
async fn the_buyer_must_agree_to_the_listed_price() {
    let mut env = setup().await;
    let l = listed(&mut env, &[10_000]).await;
    let mut k = buy_keys(&l, l.m.s.splitter());
    k.price = PRICE - 1;
    let r = env.send(&[ix_buy_asset(&k)], &[&l.buyer]).await;
    assert_err(r, AtelierError::PriceMismatch);
}

#[tokio::test]
async fn a_seller_cannot_buy_their_own_listing() {
    let mut env = setup().await;
    let l = listed(&mut env, &[10_000]).await;
    let mut k = buy_keys(&l, l.m.s.splitter());
    k.buyer = l.seller.pubkey();
    let r = env.send(&[ix_buy_asset(&k)], &[&l.seller]).await;
    assert_err(r, AtelierError::SelfPurchase);
}

#[tokio::test]
async fn the_proceeds_cannot_be_redirected_to_someone_else() {
    let mut env = setup().await;
    let l = listed(&mut env, &[10_000]).await;
    let mut k = buy_keys(&l, l.m.s.splitter());
    k.seller = l.buyer.pubkey();
    let r = env.send(&[ix_buy_asset(&k)], &[&l.buyer]).await;
    assert_err(r, AtelierError::NotListingSeller);
}

#[tokio::test]
async fn a_delisted_or_sold_asset_cannot_be_bought() {
    let mut env = setup().await;
    let l = listed(&mut env, &[10_000]).await;
    env.send(
        &[ix_delist_asset(&l.seller.pubkey(), &l.m.s.asset())],
        &[&l.seller],
    )
    .await
    .unwrap();
    let r = env
        .send(
            &[ix_buy_asset(&buy_keys(&l, l.m.s.splitter()))],
            &[&l.buyer],
        )
        .await;
    assert_anchor_err(r, ErrorCode::AccountNotInitialized);

    let l = listed(&mut env, &[10_000]).await;
    let ix = ix_buy_asset(&buy_keys(&l, l.m.s.splitter()));
    env.send(std::slice::from_ref(&ix), &[&l.buyer])
        .await
        .unwrap();
    assert_anchor_err(
        env.send(&[ix], &[&l.buyer]).await,
        ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn nothing_can_be_bought_while_paused() {
    let mut env = setup().await;
    let l = listed(&mut env, &[10_000]).await;
    env.pause_protocol().await;
    let r = env
        .send(
            &[ix_buy_asset(&buy_keys(&l, l.m.s.splitter()))],
            &[&l.buyer],
        )
        .await;
    assert_err(r, AtelierError::ProtocolPaused);
}

#[tokio::test]
async fn buy_asset_refuses_a_wrong_collection_or_core_program() {
    let mut env = setup().await;
    let l = listed(&mut env, &[10_000]).await;
    let k = buy_keys(&l, l.m.s.splitter());
    let mut ix = ix_buy_asset(&k);
    ix.accounts[5] = AccountMeta::new(Pubkey::new_unique(), false);
    assert_err(
        env.send(&[ix], &[&l.buyer]).await,
        AtelierError::CollectionMismatch,
    );
    let mut ix = ix_buy_asset(&k);
    ix.accounts[7] = AccountMeta::new_readonly(solana_sdk_ids::system_program::ID, false);
    assert_err(
        env.send(&[ix], &[&l.buyer]).await,
        AtelierError::InvalidCoreProgram,
    );
}

#[tokio::test]
async fn the_market_works_when_royalties_are_enforced_by_an_allow_list() {
    let mut env = setup_with(params_with(|p| {
        p.royalty_enforcement = RoyaltyEnforcement::ProgramAllowList;
    }))
    .await;
    let l = listed(&mut env, &[10_000]).await;
    assert_eq!(
        env.asset_owner(&l.m.s.asset()).await,
        listing_pda(&l.m.s.asset())
    );
    env.send(
        &[ix_buy_asset(&buy_keys(&l, l.m.s.splitter()))],
        &[&l.buyer],
    )
    .await
    .unwrap();
    assert_eq!(env.asset_owner(&l.m.s.asset()).await, l.buyer.pubkey());
    // Relist and delist under the allow list too.
    let buyer = l.buyer.insecure_clone();
    env.send(
        &[ix_list_asset(&buyer.pubkey(), &l.m.s.asset(), SOL)],
        &[&buyer],
    )
    .await
    .unwrap();
    env.send(
        &[ix_delist_asset(&buyer.pubkey(), &l.m.s.asset())],
        &[&buyer],
    )
    .await
    .unwrap();
    assert_eq!(env.asset_owner(&l.m.s.asset()).await, buyer.pubkey());
}
