//! Tests of `initialize_collection`: the Core collection (written by the native Core STAND-IN)
//! with a program PDA as update authority, and every way to get it wrong.

use super::{fixtures::*, harness::*};
use anchor_lang::error::ErrorCode;
use atelier::{error::AtelierError, events::CollectionInitialized};
use mpl_core::{accounts::BaseCollectionV1, types::Key};
use solana_sdk::{instruction::AccountMeta, signature::Signer};

#[tokio::test]
async fn initialize_collection_creates_the_core_collection_owned_by_a_program_pda() {
    let mut env = setup_config_only(default_params()).await;
    let admin = env.admin.insecure_clone();
    let before = env.balance(&admin.pubkey()).await;

    let logs = env
        .send(
            &[ix_initialize_collection(
                &admin.pubkey(),
                "Atelier",
                "ar://collection",
            )],
            &[&admin],
        )
        .await
        .unwrap();

    let collection = collection_pda();
    let data = env.core_data(&collection).await;
    let decoded = BaseCollectionV1::from_bytes(&data).unwrap();
    assert_eq!(decoded.key, Key::CollectionV1);
    assert_eq!(decoded.update_authority, collection_authority_pda());
    assert_eq!(decoded.name, "Atelier");
    assert_eq!(decoded.uri, "ar://collection");
    assert_eq!(decoded.num_minted, 0);

    let config = env.config().await;
    assert_eq!(config.collection, Some(collection));
    let bump =
        |seed: &[u8]| anchor_lang::prelude::Pubkey::find_program_address(&[seed], &atelier::ID).1;
    assert_eq!(
        config.collection_bump,
        bump(atelier::constants::COLLECTION_SEED)
    );
    assert_eq!(
        config.collection_authority_bump,
        bump(atelier::constants::COLLECTION_AUTHORITY_SEED)
    );
    assert_eq!(
        config.mint_payer_bump,
        bump(atelier::constants::MINT_PAYER_SEED)
    );

    // The admin paid exactly the collection's rent and the fee.
    let rent = env.balance(&collection).await;
    assert_eq!(rent, env.rent(data.len()).await);
    assert_eq!(before - env.balance(&admin.pubkey()).await, rent + fees(1));

    let e = &events::<CollectionInitialized>(&logs)[0];
    assert_eq!(e.collection, collection);
    assert_eq!(e.update_authority, collection_authority_pda());
    assert_eq!(
        (e.name.as_str(), e.uri.as_str()),
        ("Atelier", "ar://collection")
    );
}

#[tokio::test]
async fn initialize_collection_twice_is_refused() {
    let mut env = setup().await;
    let admin = env.admin.insecure_clone();
    let r = env
        .send(
            &[ix_initialize_collection(&admin.pubkey(), "Again", "ar://x")],
            &[&admin],
        )
        .await;
    assert_err(r, AtelierError::CollectionAlreadyInitialized);
}

#[tokio::test]
async fn initialize_collection_by_someone_else_is_refused() {
    let mut env = setup_config_only(default_params()).await;
    let intruder = env.wallet(SOL).await;
    let r = env
        .send(
            &[ix_initialize_collection(
                &intruder.pubkey(),
                "Atelier",
                "ar://x",
            )],
            &[&intruder],
        )
        .await;
    assert_err(r, AtelierError::Unauthorized);
    assert!(!env.exists(&collection_pda()).await);
}

#[tokio::test]
async fn initialize_collection_checks_name_and_uri() {
    let mut env = setup_config_only(default_params()).await;
    let admin = env.admin.insecure_clone();
    let long_name = "n".repeat(33);
    let long_uri = "u".repeat(201);
    for (name, uri, err) in [
        ("", "ar://x", AtelierError::InvalidAssetName),
        (long_name.as_str(), "ar://x", AtelierError::InvalidAssetName),
        ("Atelier", "", AtelierError::InvalidUri),
        ("Atelier", long_uri.as_str(), AtelierError::InvalidUri),
    ] {
        let r = env
            .send(
                &[ix_initialize_collection(&admin.pubkey(), name, uri)],
                &[&admin],
            )
            .await;
        assert_err(r, err);
    }
}

#[tokio::test]
async fn initialize_collection_refuses_a_wrong_collection_address_or_core_program() {
    let mut env = setup_config_only(default_params()).await;
    let admin = env.admin.insecure_clone();

    let mut ix = ix_initialize_collection(&admin.pubkey(), "Atelier", "ar://x");
    ix.accounts[2] = AccountMeta::new(anchor_lang::prelude::Pubkey::new_unique(), false);
    assert_anchor_err(env.send(&[ix], &[&admin]).await, ErrorCode::ConstraintSeeds);

    let mut ix = ix_initialize_collection(&admin.pubkey(), "Atelier", "ar://x");
    ix.accounts[5] = AccountMeta::new_readonly(solana_sdk_ids::system_program::ID, false);
    assert_err(
        env.send(&[ix], &[&admin]).await,
        AtelierError::InvalidCoreProgram,
    );
}

#[tokio::test]
async fn initialize_collection_works_when_someone_prefunded_the_collection_address() {
    let mut env = setup_config_only(default_params()).await;
    let admin = env.admin.insecure_clone();
    let donation = env.rent(0).await;
    env.pay(&collection_pda(), donation).await;
    let before = env.balance(&admin.pubkey()).await;

    env.send(
        &[ix_initialize_collection(
            &admin.pubkey(),
            "Atelier",
            "ar://x",
        )],
        &[&admin],
    )
    .await
    .unwrap();

    // The donation went back to the admin, who paid the rent as usual.
    let rent = env.balance(&collection_pda()).await;
    assert_eq!(
        env.balance(&admin.pubkey()).await,
        before + donation - rent - fees(1)
    );
    assert_eq!(env.config().await.collection, Some(collection_pda()));
}

#[tokio::test]
async fn no_job_can_be_created_before_the_collection_exists() {
    let mut env = setup_config_only(default_params()).await;
    let client = env.wallet(5 * SOL).await;
    let deadline = env.now().await + 86_400;
    let r = env
        .send(
            &[ix_create_job(&client.pubkey(), job_args(1, SOL, deadline))],
            &[&client],
        )
        .await;
    assert_err(r, AtelierError::CollectionNotInitialized);
}
