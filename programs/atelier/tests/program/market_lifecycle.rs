//! A minted asset's whole money trail: mint → list → buy → every artist claims, with every
//! lamport accounted for; and what the royalty rule set does and does not stop.

use super::{fixtures::*, harness::*};
use anchor_lang::prelude::Pubkey;
use atelier::{
    events::{AssetMinted, AssetSold},
    state::*,
};
use solana_sdk::signature::{Keypair, Signer};

#[tokio::test]
async fn mint_list_buy_claim_accounts_for_every_lamport() {
    let mut env = setup().await;
    let m = env.minted_job(SOL, &[5_000, 3_000, 2_000]).await;
    let minted = &events::<AssetMinted>(&m.logs)[0];
    // The mint: the asset and the splitter hold exactly what the client's deposit paid.
    let asset_lamports = env.balance(&m.s.asset()).await;
    let splitter_rent = env.rent(RoyaltySplitter::space(3)).await;
    assert_eq!(env.balance(&m.s.splitter()).await, splitter_rent);
    assert_eq!(minted.mint_cost, asset_lamports + splitter_rent);

    let seller = m.s.client.insecure_clone();
    let buyer = env.wallet(20 * SOL).await;
    let cranker = env.wallet(SOL).await;
    let mut payouts = Vec::new();
    for a in &m.artists {
        payouts.push(env.fetch::<atelier::state::Artist>(&a.account).await.payout);
    }
    let mut ledger = vec![
        seller.pubkey(),
        buyer.pubkey(),
        cranker.pubkey(),
        m.s.splitter(),
        m.s.asset(),
        listing_pda(&m.s.asset()),
    ];
    ledger.extend(payouts.iter().copied());
    let start = env.total(&ledger).await;

    let price = 7 * SOL + 333;
    env.send(
        &[ix_list_asset(&seller.pubkey(), &m.s.asset(), price)],
        &[&seller],
    )
    .await
    .unwrap();
    let logs = env
        .send(
            &[ix_buy_asset(&BuyKeys {
                buyer: buyer.pubkey(),
                seller: seller.pubkey(),
                asset: m.s.asset(),
                royalty_recipient: m.s.splitter(),
                price,
            })],
            &[&buyer],
        )
        .await
        .unwrap();
    let royalty = events::<AssetSold>(&logs)[0].royalty;
    assert_eq!(royalty, (price as u128 * 500 / 10_000) as u64);
    for a in &m.artists {
        let payout = env.fetch::<atelier::state::Artist>(&a.account).await.payout;
        env.send(
            &[ix_claim_royalties(&m.s.splitter(), &a.account, &payout)],
            &[&cranker],
        )
        .await
        .unwrap();
    }

    // Three fees (list, buy, three claims by the cranker = 5 signatures) left the ledger.
    assert_eq!(env.total(&ledger).await, start - fees(5));
    let mut claimed = 0;
    for (i, p) in payouts.iter().enumerate() {
        let share = (royalty as u128 * m.influences[i].bps as u128 / 10_000) as u64;
        assert_eq!(env.balance(p).await, share);
        claimed += share;
    }
    // Dust below one lamport per artist stays in the splitter for the next sale.
    let dust = env.balance(&m.s.splitter()).await - splitter_rent;
    assert_eq!(dust, royalty - claimed);
    assert!(dust < 3);
    assert_eq!(env.asset_owner(&m.s.asset()).await, buyer.pubkey());
    assert_eq!(env.balance(&m.s.asset()).await, asset_lamports);
}

/// Transfers an asset directly through Core (the stand-in), outside Atelier's market.
async fn core_transfer(env: &mut Env, owner: &Keypair, asset: &Pubkey, to: &Pubkey) -> TxResult {
    let ix = mpl_core::instructions::TransferV1Builder::new()
        .asset(*asset)
        .collection(Some(collection_pda()))
        .payer(owner.pubkey())
        .new_owner(*to)
        .instruction();
    env.send(&[ix], &[owner]).await
}

#[tokio::test]
async fn without_enforcement_an_asset_moves_freely_even_into_other_programs_escrow() {
    let mut env = setup().await;
    let m = env.minted_job(SOL, &[10_000]).await;
    let client = m.s.client.insecure_clone();
    // A program-owned account (Atelier's own config stands in for another market's escrow).
    core_transfer(&mut env, &client, &m.s.asset(), &config_pda())
        .await
        .unwrap();
    assert_eq!(env.asset_owner(&m.s.asset()).await, config_pda());
}

#[tokio::test]
async fn the_allow_list_stops_other_programs_but_not_wallet_to_wallet_transfers() {
    let mut env = setup_with(params_with(|p| {
        p.royalty_enforcement = RoyaltyEnforcement::ProgramAllowList;
    }))
    .await;
    let m = env.minted_job(SOL, &[10_000]).await;
    let client = m.s.client.insecure_clone();
    // Into an account owned by a program off the list (the Core program's own collection): refused.
    let r = core_transfer(&mut env, &client, &m.s.asset(), &collection_pda()).await;
    assert!(r.is_err(), "{r:?}");
    assert_eq!(env.asset_owner(&m.s.asset()).await, client.pubkey());
    // Wallet to wallet: allowed (both are System-owned) — the trade-off docs/program.md explains.
    let friend = env.wallet(SOL).await;
    core_transfer(&mut env, &client, &m.s.asset(), &friend.pubkey())
        .await
        .unwrap();
    assert_eq!(env.asset_owner(&m.s.asset()).await, friend.pubkey());
}
