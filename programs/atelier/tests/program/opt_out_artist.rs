//! Tests of `opt_out_artist`.

use super::{fixtures, harness::*};
use anchor_lang::error::ErrorCode;
use atelier::{error::AtelierError, events::ArtistOptedOut, state::*};
use solana_sdk::signature::Signer;

async fn opt_out(env: &mut Env, a: &fixtures::Artist) -> TxResult {
    env.send(
        &[ix_opt_out_artist(&a.authority.pubkey(), &a.account)],
        &[&a.authority],
    )
    .await
}

fn whole(artist: &fixtures::Artist) -> Vec<InfluenceWeight> {
    vec![InfluenceWeight {
        artist: artist.account,
        bps: 10_000,
    }]
}

#[tokio::test]
async fn opt_out_clears_consent_stamps_the_time_and_emits_artist_opted_out() {
    let mut env = setup().await;
    let a = env.register_artist("mira").await;
    env.set_time(T0 + 500).await;
    let before: Artist = env.fetch(&a.account).await;
    let wallet_before = env.balance(&a.authority.pubkey()).await;
    let account_before = env.balance(&a.account).await;

    let logs = opt_out(&mut env, &a).await.unwrap();

    let after: Artist = env.fetch(&a.account).await;
    assert!(!after.opted_in);
    assert_eq!(after.updated_at, T0 + 500);
    assert_eq!(after.registered_at, before.registered_at);
    assert_eq!(
        (after.payout, &after.display_name, after.catalog_hash),
        (before.payout, &before.display_name, before.catalog_hash)
    );
    // The record stays (earned royalties keep flowing); only the fee is paid.
    assert_eq!(env.balance(&a.account).await, account_before);
    assert_eq!(
        wallet_before - env.balance(&a.authority.pubkey()).await,
        FEE_PER_SIGNATURE
    );
    assert_eq!(events::<ArtistOptedOut>(&logs)[0].artist, a.account);
}

#[tokio::test]
async fn opting_out_twice_is_refused() {
    let mut env = setup().await;
    let a = env.register_artist("mira").await;
    opt_out(&mut env, &a).await.unwrap();
    env.set_time(T0 + 900).await;

    assert_err(opt_out(&mut env, &a).await, AtelierError::ArtistOptedOut);
    let artist: Artist = env.fetch(&a.account).await;
    assert_eq!(artist.updated_at, T0);
}

#[tokio::test]
async fn another_wallet_cannot_opt_an_artist_out() {
    let mut env = setup().await;
    let victim = env.register_artist("mira").await;
    let rival = env.wallet(SOL).await;
    let result = env
        .send(
            &[ix_opt_out_artist(&rival.pubkey(), &victim.account)],
            &[&rival],
        )
        .await;
    assert_anchor_err(result, ErrorCode::ConstraintSeeds);
    let artist: Artist = env.fetch(&victim.account).await;
    assert!(artist.opted_in);
}

#[tokio::test]
async fn opt_out_of_an_unregistered_authority_fails() {
    let mut env = setup().await;
    let nobody = env.wallet(SOL).await;
    let result = env
        .send(
            &[ix_opt_out_artist(
                &nobody.pubkey(),
                &artist_pda(&nobody.pubkey()),
            )],
            &[&nobody],
        )
        .await;
    assert_anchor_err(result, ErrorCode::AccountNotInitialized);
}

#[tokio::test]
async fn opt_out_works_while_the_protocol_is_paused() {
    let mut env = setup().await;
    let a = env.register_artist("mira").await;
    let admin = env.admin.insecure_clone();
    env.send(&[ix_set_paused(&admin.pubkey(), true)], &[&admin])
        .await
        .unwrap();
    opt_out(&mut env, &a).await.unwrap();
    let artist: Artist = env.fetch(&a.account).await;
    assert!(!artist.opted_in);
}

#[tokio::test]
async fn an_opted_out_artist_cannot_be_named_as_an_influence_on_a_new_image() {
    let mut env = setup().await;
    let a = env.register_artist("mira").await;
    let s = env.claimed_job(SOL).await;
    opt_out(&mut env, &a).await.unwrap();

    assert_err(
        env.submit(&s, 3_100, whole(&a)).await,
        AtelierError::ArtistOptedOut,
    );
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
    let job: Job = env.fetch(&s.job).await;
    assert_eq!(job.status, JobStatus::Claimed);
}

#[tokio::test]
async fn an_opted_out_artist_does_not_block_images_that_do_not_name_it() {
    let mut env = setup().await;
    let gone = env.register_artist("gone").await;
    let stays = env.register_artist("stays").await;
    opt_out(&mut env, &gone).await.unwrap();
    let s = env.claimed_job(SOL).await;

    env.submit(&s, 3_100, whole(&stays)).await.unwrap();

    let provenance: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(provenance.influences, whole(&stays));
}

#[tokio::test]
async fn opting_out_leaves_images_recorded_before_it_untouched_and_settleable() {
    let mut env = setup().await;
    let a = env.register_artist("mira").await;
    let s = env.claimed_job(SOL).await;
    env.submit(&s, 3_100, whole(&a)).await.unwrap();

    opt_out(&mut env, &a).await.unwrap();

    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
    let payees = vec![s.verifiers[0].pubkey(), s.verifiers[1].pubkey()];
    env.finalize(&s, payees).await.unwrap();
    let provenance: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(provenance.status, ProvenanceStatus::Accepted);
    assert_eq!(provenance.influences, whole(&a));
}
