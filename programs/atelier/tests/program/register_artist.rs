//! Tests of `register_artist`.

use super::harness::*;
use anchor_lang::{error::ErrorCode, prelude::Pubkey};
use atelier::{
    error::AtelierError, events::ArtistRegistered, instructions::ArtistProfileArgs, state::*,
};
use solana_sdk::signature::{Keypair, Signer};

async fn register(env: &mut Env, authority: &Keypair, args: ArtistProfileArgs) -> TxResult {
    env.send(
        &[ix_register_artist(&authority.pubkey(), args)],
        &[authority],
    )
    .await
}

/// Asserts a new wallet's registration with `args` is refused with `expected`, creating nothing.
async fn assert_refused(args: ArtistProfileArgs, expected: AtelierError) {
    let mut env = setup().await;
    let authority = env.wallet(SOL).await;
    assert_err(register(&mut env, &authority, args).await, expected);
    assert!(!env.exists(&artist_pda(&authority.pubkey())).await);
}

#[tokio::test]
async fn register_artist_records_the_profile_opted_in_and_the_authority_pays_rent_and_fee() {
    let mut env = setup().await;
    env.set_time(T0 + 77).await;
    let authority = env.wallet(SOL).await;
    let args = profile("mira");
    let before = env.balance(&authority.pubkey()).await;

    let logs = register(&mut env, &authority, args.clone()).await.unwrap();

    let key = artist_pda(&authority.pubkey());
    let artist: Artist = env.fetch(&key).await;
    assert_eq!(artist.version, 1);
    assert_eq!(
        artist.bump,
        Pubkey::find_program_address(&[b"artist", authority.pubkey().as_ref()], &atelier::ID).1
    );
    assert_eq!(artist.authority, authority.pubkey());
    assert_eq!(artist.payout, args.payout);
    assert_eq!(artist.display_name, "mira");
    assert_eq!(artist.catalog_uri, args.catalog_uri);
    assert_eq!(artist.catalog_hash, args.catalog_hash);
    assert!(artist.opted_in);
    assert_eq!(
        (artist.registered_at, artist.updated_at),
        (T0 + 77, T0 + 77)
    );
    assert_eq!(artist.reserved, [0; 64]);

    let rent = env.rent(Artist::SPACE).await;
    assert_eq!(env.balance(&key).await, rent);
    assert_eq!(
        before - env.balance(&authority.pubkey()).await,
        rent + FEE_PER_SIGNATURE
    );

    let event = &events::<ArtistRegistered>(&logs)[0];
    assert_eq!(event.artist, key);
    assert_eq!(event.authority, authority.pubkey());
    assert_eq!(event.payout, args.payout);
    assert_eq!(event.display_name, args.display_name);
    assert_eq!(event.catalog_uri, args.catalog_uri);
    assert_eq!(event.catalog_hash, args.catalog_hash);
}

#[tokio::test]
async fn the_payout_wallet_may_be_the_authority_itself() {
    let mut env = setup().await;
    let authority = env.wallet(SOL).await;
    let args = ArtistProfileArgs {
        payout: authority.pubkey(),
        ..profile("self-paid")
    };
    register(&mut env, &authority, args).await.unwrap();
    let artist: Artist = env.fetch(&artist_pda(&authority.pubkey())).await;
    assert_eq!(artist.payout, authority.pubkey());
}

#[tokio::test]
async fn an_authority_can_register_only_one_artist() {
    let mut env = setup().await;
    let authority = env.wallet(SOL).await;
    register(&mut env, &authority, profile("first"))
        .await
        .unwrap();

    let second = register(&mut env, &authority, profile("second")).await;

    // The system program refuses to create an account that is already in use (code 0).
    assert!(
        matches!(second, Err(Failure::Code(0))),
        "expected AccountAlreadyInUse, got {second:?}"
    );
    let artist: Artist = env.fetch(&artist_pda(&authority.pubkey())).await;
    assert_eq!(artist.display_name, "first");
}

#[tokio::test]
async fn register_artist_accepts_a_display_name_of_exactly_32_bytes_and_a_uri_of_200() {
    let mut env = setup().await;
    let authority = env.wallet(SOL).await;
    let args = ArtistProfileArgs {
        // 16 two-byte characters: 32 bytes.
        display_name: "é".repeat(16),
        catalog_uri: "u".repeat(200),
        ..profile("edge")
    };
    register(&mut env, &authority, args.clone()).await.unwrap();
    let artist: Artist = env.fetch(&artist_pda(&authority.pubkey())).await;
    assert_eq!(artist.display_name, args.display_name);
    assert_eq!(artist.catalog_uri.len(), 200);
}

#[tokio::test]
async fn register_artist_refuses_an_empty_display_name() {
    assert_refused(
        ArtistProfileArgs {
            display_name: String::new(),
            ..profile("x")
        },
        AtelierError::InvalidDisplayName,
    )
    .await;
}

#[tokio::test]
async fn register_artist_refuses_a_display_name_of_33_bytes_counting_bytes_not_characters() {
    assert_refused(
        ArtistProfileArgs {
            display_name: "n".repeat(33),
            ..profile("x")
        },
        AtelierError::InvalidDisplayName,
    )
    .await;
    // 17 characters, 33 bytes.
    assert_refused(
        ArtistProfileArgs {
            display_name: format!("{}a", "é".repeat(16)),
            ..profile("x")
        },
        AtelierError::InvalidDisplayName,
    )
    .await;
}

#[tokio::test]
async fn register_artist_refuses_an_empty_or_over_long_catalog_uri() {
    assert_refused(
        ArtistProfileArgs {
            catalog_uri: String::new(),
            ..profile("x")
        },
        AtelierError::InvalidUri,
    )
    .await;
    assert_refused(
        ArtistProfileArgs {
            catalog_uri: "u".repeat(201),
            ..profile("x")
        },
        AtelierError::InvalidUri,
    )
    .await;
}

#[tokio::test]
async fn register_artist_refuses_an_all_zero_catalog_hash() {
    assert_refused(
        ArtistProfileArgs {
            catalog_hash: [0; 32],
            ..profile("x")
        },
        AtelierError::InvalidCatalogHash,
    )
    .await;
}

#[tokio::test]
async fn register_artist_accepts_a_catalog_hash_with_a_single_non_zero_byte() {
    let mut env = setup().await;
    let authority = env.wallet(SOL).await;
    let mut hash = [0; 32];
    hash[31] = 1;
    register(
        &mut env,
        &authority,
        ArtistProfileArgs {
            catalog_hash: hash,
            ..profile("x")
        },
    )
    .await
    .unwrap();
    let artist: Artist = env.fetch(&artist_pda(&authority.pubkey())).await;
    assert_eq!(artist.catalog_hash, hash);
}

#[tokio::test]
async fn register_artist_refuses_an_artist_address_not_derived_from_the_signer() {
    let mut env = setup().await;
    let authority = env.wallet(SOL).await;
    let someone = Keypair::new().pubkey();
    let ix = build(
        atelier::accounts::RegisterArtist {
            authority: authority.pubkey(),
            config: config_pda(),
            artist: artist_pda(&someone),
            system_program: solana_sdk_ids::system_program::ID,
        },
        atelier::instruction::RegisterArtist {
            args: profile("squatter"),
        },
        vec![],
    );
    assert_anchor_err(
        env.send(&[ix], &[&authority]).await,
        ErrorCode::ConstraintSeeds,
    );
    assert!(!env.exists(&artist_pda(&someone)).await);
}

#[tokio::test]
async fn register_artist_fails_before_the_config_exists() {
    let mut env = start().await;
    let authority = env.wallet(SOL).await;
    assert_anchor_err(
        register(&mut env, &authority, profile("early")).await,
        ErrorCode::AccountNotInitialized,
    );
}

#[tokio::test]
async fn register_artist_is_refused_while_paused() {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    env.send(&[ix_set_paused(&admin.pubkey(), true)], &[&admin])
        .await
        .unwrap();
    let authority = env.wallet(SOL).await;
    let before = env.balance(&authority.pubkey()).await;
    assert_err(
        register(&mut env, &authority, profile("late")).await,
        AtelierError::ProtocolPaused,
    );
    assert!(!env.exists(&artist_pda(&authority.pubkey())).await);
    // A failed transaction still pays its fee, and nothing else.
    assert_eq!(
        before - env.balance(&authority.pubkey()).await,
        FEE_PER_SIGNATURE
    );
}
