//! CreateV2 through the stand-in, by transaction and by CPI with PDA signers.

use anchor_lang::AnchorSerialize;
use mpl_core::{
    accounts::{BaseAssetV1, PluginRegistryV1},
    errors::MplCoreError,
    instructions::CreateV2Builder,
    types::{
        FreezeDelegate, Key, Plugin, PluginAuthority, PluginAuthorityPair, PluginType, RuleSet,
        UpdateAuthority,
    },
    Asset, BaseAuthority, Collection,
};
use solana_sdk::{
    instruction::{AccountMeta, Instruction, InstructionError},
    signature::{Keypair, Signer},
};

use crate::{caller, harness::*};

#[tokio::test]
async fn mints_into_the_collection_with_attributes_and_royalties_in_cores_layout() {
    let mut env = Env::start().await;
    let (collection, authority) = env.create_collection(vec![]).await;
    let owner = Keypair::new().pubkey();
    let splitter = Keypair::new().pubkey();
    let rule_set = RuleSet::ProgramAllowList(vec![caller::ID, system()]);
    let royalties = royalties(750, &[(splitter, 100)], rule_set);
    let provenance = [("job", "J0b"), ("model", "sd-turbo"), ("clip", "3120")];
    let asset = Keypair::new();
    let ix = env.create_asset_ix(
        &asset.pubkey(),
        &collection.pubkey(),
        &authority.pubkey(),
        &owner,
        vec![
            attributes_plugin(&provenance),
            royalties_plugin(royalties.clone()),
        ],
    );
    let payer = env.payer.insecure_clone();
    let before = env.lamports(&payer.pubkey()).await;
    env.send(&[ix], &[&asset, &authority, &payer])
        .await
        .unwrap();

    let account = env.account(&asset.pubkey()).await.unwrap();
    assert_eq!(account.owner, mpl_core::ID);
    let decoded = Asset::from_bytes(&account.data).unwrap();
    let base = BaseAssetV1 {
        key: Key::AssetV1,
        owner,
        update_authority: UpdateAuthority::Collection(collection.pubkey()),
        name: "Atelier #1".into(),
        uri: "ar://image-manifest".into(),
        seq: None,
    };
    assert_eq!(decoded.base, base);
    let attributes_plugin = decoded.plugin_list.attributes.as_ref().unwrap();
    let royalties_plugin = decoded.plugin_list.royalties.as_ref().unwrap();
    assert_eq!(attributes_plugin.attributes, attributes(&provenance));
    assert_eq!(royalties_plugin.royalties, royalties);
    let update_authority = BaseAuthority::from(PluginAuthority::UpdateAuthority);
    assert_eq!(attributes_plugin.base.authority, update_authority);
    assert_eq!(royalties_plugin.base.authority, update_authority);

    // Offsets and size computed from the parts, in creation order.
    let base_len = base.try_to_vec().unwrap().len();
    let attributes_len = Plugin::Attributes(attributes(&provenance))
        .try_to_vec()
        .unwrap()
        .len();
    let royalties_len = Plugin::Royalties(royalties).try_to_vec().unwrap().len();
    assert_eq!(attributes_plugin.base.offset, Some(base_len as u64 + 9));
    assert_eq!(
        royalties_plugin.base.offset,
        Some((base_len + 9 + attributes_len) as u64)
    );
    let registry_offset = base_len + 9 + attributes_len + royalties_len;
    assert_eq!(
        decoded
            .plugin_header
            .as_ref()
            .unwrap()
            .plugin_registry_offset,
        registry_offset as u64
    );
    let registry = PluginRegistryV1::from_bytes(&account.data[registry_offset..]).unwrap();
    assert_eq!(registry.registry.len(), 2);
    assert_eq!(registry.registry[0].plugin_type, PluginType::Attributes);
    assert!(registry.external_registry.is_empty());
    assert_eq!(account.data.len(), registry_offset + 1 + 4 + 2 * 10 + 4);

    // Rent of the whole account plus Core's create fee, all from the payer.
    let rent = env.rent().await.minimum_balance(account.data.len());
    assert_eq!(account.lamports, rent + CREATE_FEE);
    assert_eq!(
        before - env.lamports(&payer.pubkey()).await,
        rent + CREATE_FEE
    );

    let counters = Collection::from_bytes(&env.data(&collection.pubkey()).await).unwrap();
    assert_eq!(
        (counters.base.num_minted, counters.base.current_size),
        (1, 1)
    );
    env.create_asset(&collection.pubkey(), &authority, &owner, vec![])
        .await;
    let counters = Collection::from_bytes(&env.data(&collection.pubkey()).await).unwrap();
    assert_eq!(
        (counters.base.num_minted, counters.base.current_size),
        (2, 2)
    );
}

#[tokio::test]
async fn only_the_collections_update_authority_mints_into_it() {
    let mut env = Env::start().await;
    let (collection, _authority) = env.create_collection(vec![]).await;
    let intruder = Keypair::new();
    let asset = Keypair::new();
    let ix = env.create_asset_ix(
        &asset.pubkey(),
        &collection.pubkey(),
        &intruder.pubkey(),
        &intruder.pubkey(),
        vec![],
    );
    let payer = env.payer.insecure_clone();
    let result = env.send(&[ix], &[&asset, &intruder, &payer]).await;
    assert_eq!(result, Err(code(MplCoreError::NoApprovals)));
    let counters = Collection::from_bytes(&env.data(&collection.pubkey()).await).unwrap();
    assert_eq!(counters.base.num_minted, 0);
}

#[tokio::test]
async fn the_asset_and_the_authority_must_sign() {
    let mut env = Env::start().await;
    let (collection, authority) = env.create_collection(vec![]).await;
    let payer = env.payer.insecure_clone();
    for missing in ["asset", "authority"] {
        let asset = Keypair::new();
        let ix = env.create_asset_ix(
            &asset.pubkey(),
            &collection.pubkey(),
            &authority.pubkey(),
            &payer.pubkey(),
            vec![],
        );
        let result = if missing == "asset" {
            env.send(&[unsigned(ix, &asset.pubkey())], &[&authority, &payer])
                .await
        } else {
            env.send(&[unsigned(ix, &authority.pubkey())], &[&asset, &payer])
                .await
        };
        assert_eq!(
            result,
            Err(Failure::Ix(InstructionError::MissingRequiredSignature)),
            "{missing}"
        );
        assert!(env.account(&asset.pubkey()).await.is_none());
    }
}

#[tokio::test]
async fn bad_royalties_and_duplicate_plugins_are_refused() {
    let mut env = Env::start().await;
    let (collection, authority) = env.create_collection(vec![]).await;
    let (a, b) = (Keypair::new().pubkey(), Keypair::new().pubkey());
    let cases: Vec<(Vec<PluginAuthorityPair>, MplCoreError)> = vec![
        (
            vec![royalties_plugin(royalties(
                10_001,
                &[(a, 100)],
                RuleSet::None,
            ))],
            MplCoreError::InvalidPluginSetting,
        ),
        (
            vec![royalties_plugin(royalties(
                100,
                &[(a, 50), (b, 51)],
                RuleSet::None,
            ))],
            MplCoreError::InvalidPluginSetting,
        ),
        (
            vec![royalties_plugin(royalties(
                100,
                &[(a, 50), (a, 50)],
                RuleSet::None,
            ))],
            MplCoreError::InvalidPluginSetting,
        ),
        (
            vec![attributes_plugin(&[]), attributes_plugin(&[])],
            MplCoreError::PluginAlreadyExists,
        ),
    ];
    for (plugins, expected) in cases {
        let asset = Keypair::new();
        let ix = env.create_asset_ix(
            &asset.pubkey(),
            &collection.pubkey(),
            &authority.pubkey(),
            &a,
            plugins,
        );
        let payer = env.payer.insecure_clone();
        let result = env.send(&[ix], &[&asset, &authority, &payer]).await;
        assert_eq!(result, Err(code(expected)));
        assert!(env.account(&asset.pubkey()).await.is_none());
    }
}

#[tokio::test]
async fn a_collection_and_an_update_authority_conflict() {
    let mut env = Env::start().await;
    let (collection, authority) = env.create_collection(vec![]).await;
    let asset = Keypair::new();
    let payer = env.payer.insecure_clone();
    let ix = CreateV2Builder::new()
        .asset(asset.pubkey())
        .collection(Some(collection.pubkey()))
        .authority(Some(authority.pubkey()))
        .update_authority(Some(authority.pubkey()))
        .payer(payer.pubkey())
        .name("x".into())
        .uri("y".into())
        .instruction();
    let result = env.send(&[ix], &[&asset, &authority, &payer]).await;
    assert_eq!(result, Err(code(MplCoreError::ConflictingAuthority)));
}

#[tokio::test]
async fn a_fake_collection_is_refused() {
    let mut env = Env::start().await;
    let fake = env.wallet().await; // system-owned, not a Core account
    let asset = Keypair::new();
    let ix = env.create_asset_ix(
        &asset.pubkey(),
        &fake.pubkey(),
        &fake.pubkey(),
        &fake.pubkey(),
        vec![],
    );
    let payer = env.payer.insecure_clone();
    let result = env.send(&[ix], &[&asset, &fake, &payer]).await;
    assert_eq!(result, Err(code(MplCoreError::IncorrectAccount)));
}

#[tokio::test]
async fn a_program_mints_with_pda_asset_and_pda_authority_by_cpi() {
    let mut env = Env::start().await;
    let collection = Keypair::new();
    let (authority, _) = caller::authority();
    let ix = env.create_collection_ix(&collection.pubkey(), &authority, vec![]);
    let payer = env.payer.insecure_clone();
    env.send(&[ix], &[&collection, &payer]).await.unwrap();

    let (asset, _) = caller::asset(42);
    let owner = Keypair::new().pubkey();
    let frozen = PluginAuthorityPair {
        plugin: Plugin::FreezeDelegate(FreezeDelegate { frozen: false }),
        authority: Some(PluginAuthority::Address { address: authority }),
    };
    let mut data = vec![0];
    data.extend(42u64.to_le_bytes());
    data.extend(vec![frozen].try_to_vec().unwrap());
    let ix = Instruction {
        program_id: caller::ID,
        accounts: vec![
            AccountMeta::new(asset, false),
            AccountMeta::new(collection.pubkey(), false),
            AccountMeta::new_readonly(authority, false),
            AccountMeta::new(payer.pubkey(), true),
            AccountMeta::new_readonly(owner, false),
            AccountMeta::new_readonly(system(), false),
            AccountMeta::new_readonly(mpl_core::ID, false),
        ],
        data,
    };
    env.send(&[ix], &[&payer]).await.unwrap();
    let decoded = Asset::from_bytes(&env.data(&asset).await).unwrap();
    assert_eq!(decoded.base.owner, owner);
    assert_eq!(decoded.base.name, "Atelier by CPI");
    let freeze = decoded.plugin_list.freeze_delegate.unwrap();
    assert!(!freeze.freeze_delegate.frozen);
    assert_eq!(
        freeze.base.authority,
        BaseAuthority::from(PluginAuthority::Address { address: authority })
    );
}

#[tokio::test]
async fn a_master_edition_or_bubblegum_plugin_on_an_asset_is_an_invalid_plugin_as_in_core() {
    use mpl_core::types::{BubblegumV2, MasterEdition};
    let mut env = Env::start().await;
    let (collection, authority) = env.create_collection(vec![]).await;
    for plugin in [
        Plugin::MasterEdition(MasterEdition {
            max_supply: Some(10),
            name: None,
            uri: None,
        }),
        Plugin::BubblegumV2(BubblegumV2 {}),
    ] {
        let asset = Keypair::new();
        let ix = env.create_asset_ix(
            &asset.pubkey(),
            &collection.pubkey(),
            &authority.pubkey(),
            &authority.pubkey(),
            vec![
                attributes_plugin(&[]),
                PluginAuthorityPair {
                    plugin,
                    authority: None,
                },
            ],
        );
        let payer = env.payer.insecure_clone();
        let result = env.send(&[ix], &[&asset, &authority, &payer]).await;
        assert_eq!(result, Err(code(MplCoreError::InvalidPlugin)));
        assert!(env.account(&asset.pubkey()).await.is_none());
    }
}
