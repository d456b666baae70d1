//! Tests of `finalize_job`'s minting: the Core asset (written by the native Core STAND-IN and
//! decoded here with the mpl-core crate's own deserializers), its plugins, the splitter, and
//! where every lamport of the mint deposit goes.

use super::{fixtures::*, harness::*};
use anchor_lang::{error::ErrorCode, prelude::Pubkey};
use atelier::{
    constants::MIN_MINT_DEPOSIT,
    error::AtelierError,
    events::{AssetMinted, JobFinalized},
    state::*,
};
use mpl_core::{
    types::{PluginAuthority, RuleSet, UpdateAuthority},
    Asset,
};
use solana_sdk::{instruction::AccountMeta, signature::Signer};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn attribute(asset: &Asset, key: &str) -> String {
    let attrs = &asset
        .plugin_list
        .attributes
        .as_ref()
        .expect("Attributes plugin")
        .attributes;
    attrs
        .attribute_list
        .iter()
        .find(|a| a.key == key)
        .unwrap_or_else(|| panic!("attribute {key}"))
        .value
        .clone()
}

#[tokio::test]
async fn an_accepted_job_mints_a_core_asset_to_the_client_with_provenance_and_royalties() {
    let mut env = setup().await;
    let m = env.minted_job(SOL, &[6_000, 4_000]).await;
    let s = &m.s;
    let asset_key = s.asset();

    let data = env.core_data(&asset_key).await;
    let asset = Asset::deserialize(&data).unwrap();
    assert_eq!(asset.base.owner, s.client.pubkey());
    assert_eq!(
        asset.base.update_authority,
        UpdateAuthority::Collection(collection_pda())
    );
    assert_eq!(
        asset.base.name,
        format!("Atelier #{}", hex(&s.content_hash[..4]))
    );
    assert_eq!(asset.base.uri, "https://gateway.irys.xyz/meta");

    let record: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(attribute(&asset, "job"), s.job.to_string());
    assert_eq!(
        attribute(&asset, "provenance"),
        provenance_pda(&s.content_hash).to_string()
    );
    assert_eq!(attribute(&asset, "model"), "sd-turbo-onnx@1");
    assert_eq!(attribute(&asset, "prompt_hash"), hex(&record.prompt_hash));
    assert_eq!(attribute(&asset, "content_hash"), hex(&s.content_hash));
    // Verified score: (3100 + 3000) / 2.
    assert_eq!(attribute(&asset, "clip_score"), "30.50");
    assert_eq!(attribute(&asset, "storage_id"), record.storage_id);
    assert_eq!(
        attribute(&asset, "artists"),
        format!(
            "{}:6000,{}:4000",
            m.artists[0].account, m.artists[1].account
        )
    );
    let attributes = asset.plugin_list.attributes.as_ref().unwrap();
    assert_eq!(
        attributes.base.authority,
        mpl_core::BaseAuthority::from(PluginAuthority::UpdateAuthority)
    );

    let royalties = &asset
        .plugin_list
        .royalties
        .as_ref()
        .expect("Royalties plugin")
        .royalties;
    assert_eq!(royalties.basis_points, 500);
    assert_eq!(royalties.creators.len(), 1);
    assert_eq!(royalties.creators[0].address, s.splitter());
    assert_eq!(royalties.creators[0].percentage, 100);
    assert_eq!(royalties.rule_set, RuleSet::None);

    // The asset and the splitter are the record's PDAs: the record is accepted and sized to
    // what it holds (two artists).
    assert_eq!(record.status, ProvenanceStatus::Accepted);
    assert_eq!(asset_key, asset_pda(&record.content_hash));
    assert_eq!(
        env.account(&provenance_pda(&s.content_hash))
            .await
            .unwrap()
            .data
            .len(),
        provenance_space(2)
    );

    let splitter: RoyaltySplitter = env.fetch(&s.splitter()).await;
    assert_eq!(splitter.asset, asset_key);
    assert_eq!(splitter.total_claimed, 0);
    let shares: Vec<(Pubkey, u16, u64)> = splitter
        .shares
        .iter()
        .map(|x| (x.artist, x.bps, x.claimed))
        .collect();
    assert_eq!(
        shares,
        vec![
            (m.artists[0].account, 6_000, 0),
            (m.artists[1].account, 4_000, 0)
        ]
    );
    let splitter_space = RoyaltySplitter::space(2);
    assert_eq!(
        env.account(&s.splitter()).await.unwrap().data.len(),
        splitter_space
    );
    assert_eq!(
        env.balance(&s.splitter()).await,
        env.rent(splitter_space).await
    );

    let e = &events::<AssetMinted>(&m.logs)[0];
    assert_eq!(e.asset, asset_key);
    assert_eq!(e.owner, s.client.pubkey());
    assert_eq!(e.royalty_recipient, s.splitter());
    assert_eq!(e.splitter, Some(s.splitter()));
    assert_eq!(e.royalty_bps, 500);
    assert_eq!(e.royalty_enforcement, RoyaltyEnforcement::None);
    let asset_lamports = env.balance(&asset_key).await;
    let splitter_lamports = env.balance(&s.splitter()).await;
    assert_eq!(e.mint_cost, asset_lamports + splitter_lamports);
    assert_eq!(e.deposit_returned, MIN_MINT_DEPOSIT - e.mint_cost);
    assert_eq!(events::<JobFinalized>(&m.logs)[0].asset, Some(asset_key));
    assert_eq!(env.config().await.assets_minted, 1);
    // The mint payer keeps nothing.
    assert_eq!(env.balance(&mint_payer_pda()).await, 0);
}

#[tokio::test]
async fn the_client_pays_the_mint_from_its_deposit_and_gets_the_rest_back() {
    let mut env = setup().await;
    let (artists, influences) = env.artists_with(&[10_000]).await;
    let s = env.claimed_job(SOL).await;
    env.submit(&s, 3_100, influences).await.unwrap();
    env.attest(&s, 0, 3_100, true).await.unwrap();
    env.attest(&s, 1, 3_100, true).await.unwrap();
    let keys = s.ledger_keys(&env);
    let mut before = Vec::new();
    for k in &keys {
        before.push(env.balance(k).await as i128);
    }
    let job_lamports = env.balance(&s.job).await as i128;

    let logs = env.finalize(&s, s.payees(&[0, 1])).await.unwrap();

    let mut d = Vec::new();
    for (k, b) in keys.iter().zip(&before) {
        d.push(env.balance(k).await as i128 - b);
    }
    // Every lamport stays in the ledger (the cranker pays the only fee).
    assert_eq!(d.iter().sum::<i128>(), 0);
    let e = &events::<AssetMinted>(&logs)[0];
    let job_rent = env.rent(Job::SPACE).await as i128;
    let deposit = MIN_MINT_DEPOSIT as i128;
    assert_eq!(job_lamports, SOL as i128 + deposit + job_rent);
    // Client: job rent + the unspent deposit; the asset and the splitter hold the rest.
    assert_eq!(d[0], job_rent + deposit - e.mint_cost as i128);
    let n = keys.len();
    let (asset, splitter, payer) = (d[n - 3], d[n - 2], d[n - 1]);
    assert_eq!(asset + splitter, e.mint_cost as i128);
    assert_eq!(splitter, env.rent(RoyaltySplitter::space(1)).await as i128);
    assert_eq!(payer, 0);
    // Core's asset account holds its rent plus Core's create fee.
    let asset_len = env.account(&s.asset()).await.unwrap().data.len();
    assert!(asset >= env.rent(asset_len).await as i128);
    // The worker and verifiers pay nothing towards the mint.
    assert_eq!(d[1], (SOL - SOL * 800 / 10_000) as i128);
    let _ = artists;
}

#[tokio::test]
async fn a_job_without_artists_still_mints_and_its_royalties_go_to_the_treasury() {
    let mut env = setup().await;
    let m = env.minted_job(SOL, &[]).await;
    let data = env.core_data(&m.s.asset()).await;
    let asset = Asset::deserialize(&data).unwrap();
    let royalties = &asset.plugin_list.royalties.as_ref().unwrap().royalties;
    assert_eq!(royalties.creators[0].address, env.treasury.pubkey());
    assert_eq!(royalties.creators[0].percentage, 100);
    assert_eq!(attribute(&asset, "artists"), "");
    // No splitter account.
    assert!(!env.exists(&m.s.splitter()).await);
    let record: Provenance = env.fetch(&provenance_pda(&m.s.content_hash)).await;
    assert_eq!(record.status, ProvenanceStatus::Accepted);
    assert!(record.influences.is_empty());
    let e = &events::<AssetMinted>(&m.logs)[0];
    assert_eq!(
        (e.royalty_recipient, e.splitter),
        (env.treasury.pubkey(), None)
    );
    assert_eq!(e.mint_cost, env.balance(&m.s.asset()).await);
}

#[tokio::test]
async fn the_allow_list_mode_writes_a_program_allow_list_of_system_and_atelier() {
    let mut env = setup_with(params_with(|p| {
        p.royalty_enforcement = RoyaltyEnforcement::ProgramAllowList;
        p.royalty_bps = 1_000;
    }))
    .await;
    let m = env.minted_job(SOL, &[5_000, 5_000]).await;
    let data = env.core_data(&m.s.asset()).await;
    let asset = Asset::deserialize(&data).unwrap();
    let royalties = &asset.plugin_list.royalties.as_ref().unwrap().royalties;
    assert_eq!(royalties.basis_points, 1_000);
    assert_eq!(
        royalties.rule_set,
        RuleSet::ProgramAllowList(vec![solana_sdk_ids::system_program::ID, atelier::ID])
    );
    assert_eq!(
        asset.plugin_list.royalties.as_ref().unwrap().base.authority,
        mpl_core::BaseAuthority::from(PluginAuthority::UpdateAuthority)
    );
}

#[tokio::test]
async fn a_rejected_job_mints_nothing_and_returns_the_whole_deposit() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_000, false).await.unwrap();
    env.attest(&s, 1, 3_000, false).await.unwrap();
    let job_lamports = env.balance(&s.job).await;
    let client_before = env.balance(&s.client.pubkey()).await;
    let logs = env.finalize(&s, s.payees(&[0, 1])).await.unwrap();
    assert!(events::<AssetMinted>(&logs).is_empty());
    assert!(!env.exists(&s.asset()).await);
    assert_eq!(
        env.balance(&s.client.pubkey()).await,
        client_before + job_lamports
    );
    // The rejected record is closed: the hash is free for its real author.
    assert!(!env.exists(&provenance_pda(&s.content_hash)).await);
}

#[tokio::test]
async fn lamports_sent_to_the_asset_address_cannot_block_the_mint_and_go_to_the_client() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_100, true).await.unwrap();
    env.attest(&s, 1, 3_100, true).await.unwrap();
    let grief = 5 * env.rent(0).await;
    env.pay(&s.asset(), grief).await;
    let client_before = env.balance(&s.client.pubkey()).await;
    let job_lamports = env.balance(&s.job).await;

    let logs = env.finalize(&s, s.payees(&[0, 1])).await.unwrap();

    let e = &events::<AssetMinted>(&logs)[0];
    assert_eq!(env.asset_owner(&s.asset()).await, s.client.pubkey());
    let paid_out = SOL; // worker + verifiers + treasury
    assert_eq!(
        env.balance(&s.client.pubkey()).await,
        client_before + job_lamports - paid_out - e.mint_cost + grief
    );
}

#[tokio::test]
async fn finalize_job_refuses_a_forged_asset_splitter_collection_or_core_program() {
    let mut env = setup().await;
    let s = env.submitted_job(SOL).await;
    env.attest(&s, 0, 3_100, true).await.unwrap();
    env.attest(&s, 1, 3_100, true).await.unwrap();
    let cranker = env.wallet(SOL).await;
    let keys = s.finalize_keys(&env, &cranker.pubkey(), s.payees(&[0, 1]));
    // Account order: ..., treasury(7), collection(8), collection_authority(9), mint_payer(10),
    // asset(11), splitter(12), core_program(13), system_program(14).
    let cases: Vec<(usize, AccountMeta, Result<AtelierError, ErrorCode>)> = vec![
        (
            8,
            AccountMeta::new(Pubkey::new_unique(), false),
            Ok(AtelierError::CollectionMismatch),
        ),
        (
            9,
            AccountMeta::new_readonly(Pubkey::new_unique(), false),
            Err(ErrorCode::ConstraintSeeds),
        ),
        (
            10,
            AccountMeta::new(Pubkey::new_unique(), false),
            Err(ErrorCode::ConstraintSeeds),
        ),
        (
            11,
            AccountMeta::new(asset_pda(&unique_hash()), false),
            Err(ErrorCode::ConstraintSeeds),
        ),
        (
            12,
            AccountMeta::new(Pubkey::new_unique(), false),
            Err(ErrorCode::ConstraintSeeds),
        ),
        (
            13,
            AccountMeta::new_readonly(solana_sdk_ids::system_program::ID, false),
            Ok(AtelierError::InvalidCoreProgram),
        ),
    ];
    for (i, meta, expected) in cases {
        let mut ix = ix_finalize(&keys);
        ix.accounts[i] = meta;
        let r = env.send(&[ix], &[&cranker]).await;
        match expected {
            Ok(e) => assert_err(r, e),
            Err(e) => assert_anchor_err(r, e),
        }
    }
    // The real accounts still settle it.
    env.send(&[ix_finalize(&keys)], &[&cranker]).await.unwrap();
    assert_eq!(env.asset_owner(&s.asset()).await, s.client.pubkey());
}

#[tokio::test]
async fn an_image_cannot_be_minted_twice() {
    // The asset address derives from the content hash, which a provenance record keeps forever:
    // the same image can never be submitted (and so never minted) again.
    let mut env = setup().await;
    let m = env.minted_job(SOL, &[]).await;
    let mut again = env.claimed_job(SOL).await;
    again.content_hash = m.s.content_hash;
    assert_err(
        env.submit(&again, 3_100, vec![]).await,
        AtelierError::ProvenanceAlreadyRecorded,
    );
}
