//! Tests of `update_artist`.

use super::{fixtures, harness::*};
use anchor_lang::{error::ErrorCode, prelude::Pubkey};
use atelier::{
    error::AtelierError, events::ArtistUpdated, instructions::ArtistProfileArgs, state::*,
};
use solana_sdk::signature::Signer;

async fn update(env: &mut Env, a: &fixtures::Artist, args: ArtistProfileArgs) -> TxResult {
    env.send(
        &[ix_update_artist(&a.authority.pubkey(), &a.account, args)],
        &[&a.authority],
    )
    .await
}

fn new_profile() -> ArtistProfileArgs {
    ArtistProfileArgs {
        payout: Pubkey::new_unique(),
        display_name: "Mira Okafor".to_string(),
        catalog_uri: "ar://catalog-v2".to_string(),
        catalog_hash: [9; 32],
    }
}

/// Asserts an update with `args` is refused with `expected` and the profile is unchanged.
async fn assert_refused(args: ArtistProfileArgs, expected: AtelierError) {
    let mut env = setup().await;
    let a = env.register_artist("mira").await;
    let before: Artist = env.fetch(&a.account).await;
    assert_err(update(&mut env, &a, args).await, expected);
    let after: Artist = env.fetch(&a.account).await;
    assert_eq!(
        (
            after.payout,
            after.display_name,
            after.catalog_uri,
            after.catalog_hash
        ),
        (
            before.payout,
            before.display_name,
            before.catalog_uri,
            before.catalog_hash
        )
    );
}

#[tokio::test]
async fn update_artist_replaces_the_profile_and_stamps_the_update_time() {
    let mut env = setup().await;
    let a = env.register_artist("mira").await;
    env.set_time(T0 + 3_600).await;
    let args = new_profile();
    let wallet_before = env.balance(&a.authority.pubkey()).await;
    let account_before = env.balance(&a.account).await;

    let logs = update(&mut env, &a, args.clone()).await.unwrap();

    let artist: Artist = env.fetch(&a.account).await;
    assert_eq!(artist.payout, args.payout);
    assert_eq!(artist.display_name, args.display_name);
    assert_eq!(artist.catalog_uri, args.catalog_uri);
    assert_eq!(artist.catalog_hash, args.catalog_hash);
    assert_eq!(artist.updated_at, T0 + 3_600);
    // Neither identity, registration time nor consent change.
    assert_eq!(artist.authority, a.authority.pubkey());
    assert_eq!(artist.registered_at, T0);
    assert!(artist.opted_in);
    // Only the fee is paid; the account's size and rent are fixed.
    assert_eq!(
        wallet_before - env.balance(&a.authority.pubkey()).await,
        FEE_PER_SIGNATURE
    );
    assert_eq!(env.balance(&a.account).await, account_before);

    let event = &events::<ArtistUpdated>(&logs)[0];
    assert_eq!(event.artist, a.account);
    assert_eq!(event.payout, args.payout);
    assert_eq!(event.display_name, args.display_name);
    assert_eq!(event.catalog_uri, args.catalog_uri);
    assert_eq!(event.catalog_hash, args.catalog_hash);
}

#[tokio::test]
async fn update_artist_accepts_the_longest_name_and_uri_in_an_account_sized_for_them() {
    let mut env = setup().await;
    let a = env.register_artist("m").await;
    let args = ArtistProfileArgs {
        display_name: "n".repeat(32),
        catalog_uri: "u".repeat(200),
        ..new_profile()
    };
    update(&mut env, &a, args.clone()).await.unwrap();
    let artist: Artist = env.fetch(&a.account).await;
    assert_eq!(artist.display_name, args.display_name);
    assert_eq!(artist.catalog_uri, args.catalog_uri);
}

#[tokio::test]
async fn update_artist_refuses_an_invalid_display_name() {
    assert_refused(
        ArtistProfileArgs {
            display_name: String::new(),
            ..new_profile()
        },
        AtelierError::InvalidDisplayName,
    )
    .await;
    assert_refused(
        ArtistProfileArgs {
            display_name: "n".repeat(33),
            ..new_profile()
        },
        AtelierError::InvalidDisplayName,
    )
    .await;
}

#[tokio::test]
async fn update_artist_refuses_an_invalid_catalog_uri() {
    assert_refused(
        ArtistProfileArgs {
            catalog_uri: String::new(),
            ..new_profile()
        },
        AtelierError::InvalidUri,
    )
    .await;
    assert_refused(
        ArtistProfileArgs {
            catalog_uri: "u".repeat(201),
            ..new_profile()
        },
        AtelierError::InvalidUri,
    )
    .await;
}

#[tokio::test]
async fn update_artist_refuses_an_all_zero_catalog_hash() {
    assert_refused(
        ArtistProfileArgs {
            catalog_hash: [0; 32],
            ..new_profile()
        },
        AtelierError::InvalidCatalogHash,
    )
    .await;
}

#[tokio::test]
async fn another_wallet_cannot_update_an_artist_it_does_not_own() {
    let mut env = setup().await;
    let victim = env.register_artist("mira").await;
    let thief = env.wallet(SOL).await;
    let stolen = ArtistProfileArgs {
        payout: thief.pubkey(),
        ..new_profile()
    };

    let result = env
        .send(
            &[ix_update_artist(&thief.pubkey(), &victim.account, stolen)],
            &[&thief],
        )
        .await;

    // The artist address is derived from the signer, so another signer's address never matches.
    assert_anchor_err(result, ErrorCode::ConstraintSeeds);
    let artist: Artist = env.fetch(&victim.account).await;
    assert_ne!(artist.payout, thief.pubkey());
    assert_eq!(artist.display_name, "mira");
}

#[tokio::test]
async fn a_thief_with_its_own_artist_cannot_update_another_artist() {
    let mut env = setup().await;
    let victim = env.register_artist("mira").await;
    let thief = env.register_artist("thief").await;
    let result = env
        .send(
            &[ix_update_artist(
                &thief.authority.pubkey(),
                &victim.account,
                ArtistProfileArgs {
                    payout: thief.authority.pubkey(),
                    ..new_profile()
                },
            )],
            &[&thief.authority],
        )
        .await;
    assert_anchor_err(result, ErrorCode::ConstraintSeeds);
    let artist: Artist = env.fetch(&victim.account).await;
    assert_eq!(artist.display_name, "mira");
}

#[tokio::test]
async fn update_artist_of_an_unregistered_authority_fails() {
    let mut env = setup().await;
    let nobody = env.wallet(SOL).await;
    let result = env
        .send(
            &[ix_update_artist(
                &nobody.pubkey(),
                &artist_pda(&nobody.pubkey()),
                new_profile(),
            )],
            &[&nobody],
        )
        .await;
    assert_anchor_err(result, ErrorCode::AccountNotInitialized);
}

#[tokio::test]
async fn an_opted_out_artist_can_still_change_its_payout_wallet_and_stays_opted_out() {
    let mut env = setup().await;
    let a = env.register_artist("mira").await;
    env.send(
        &[ix_opt_out_artist(&a.authority.pubkey(), &a.account)],
        &[&a.authority],
    )
    .await
    .unwrap();
    let args = new_profile();

    update(&mut env, &a, args.clone()).await.unwrap();

    let artist: Artist = env.fetch(&a.account).await;
    assert_eq!(artist.payout, args.payout);
    assert!(!artist.opted_in);
}

#[tokio::test]
async fn update_artist_refuses_a_worker_account_passed_as_the_artist() {
    let mut env = setup().await;
    let operator = env.register_worker(2 * SOL).await;
    let result = env
        .send(
            &[ix_update_artist(
                &operator.pubkey(),
                &worker_pda(&operator.pubkey()),
                new_profile(),
            )],
            &[&operator],
        )
        .await;
    // The worker account has another discriminator: it is refused before any constraint.
    assert_anchor_err(result, ErrorCode::AccountDiscriminatorMismatch);
    let worker: Worker = env.fetch(&worker_pda(&operator.pubkey())).await;
    assert_eq!(worker.stake, 2 * SOL);
}
