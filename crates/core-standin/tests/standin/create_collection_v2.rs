//! CreateCollectionV2 through the stand-in.

use anchor_lang::AnchorSerialize;
use mpl_core::{
    accounts::BaseCollectionV1,
    errors::MplCoreError,
    types::{Key, PluginAuthority, PluginType, RuleSet},
    BaseAuthority, Collection,
};
use solana_sdk::{
    instruction::InstructionError,
    signature::{Keypair, Signer},
};

use crate::harness::*;

#[tokio::test]
async fn creates_a_collection_with_royalties_and_attributes_in_cores_layout() {
    let mut env = Env::start().await;
    let creator = Keypair::new().pubkey();
    let royalties = royalties(500, &[(creator, 100)], RuleSet::None);
    let collection = Keypair::new();
    let authority = Keypair::new().pubkey();
    let ix = env.create_collection_ix(
        &collection.pubkey(),
        &authority,
        vec![
            royalties_plugin(royalties.clone()),
            attributes_plugin(&[("kind", "atelier")]),
        ],
    );
    let payer = env.payer.insecure_clone();
    let before = env.lamports(&payer.pubkey()).await;
    env.send(&[ix], &[&collection, &payer]).await.unwrap();

    let account = env.account(&collection.pubkey()).await.unwrap();
    assert_eq!(account.owner, mpl_core::ID);
    let decoded = Collection::from_bytes(&account.data).unwrap();
    let base = BaseCollectionV1 {
        key: Key::CollectionV1,
        update_authority: authority,
        name: "Atelier".into(),
        uri: "https://atelier.test/collection.json".into(),
        num_minted: 0,
        current_size: 0,
    };
    assert_eq!(decoded.base, base);
    let base_len = base.try_to_vec().unwrap().len();
    let header = decoded.plugin_header.as_ref().unwrap();
    let royalties_plugin = decoded.plugin_list.royalties.as_ref().unwrap();
    let attributes_plugin = decoded.plugin_list.attributes.as_ref().unwrap();
    assert_eq!(royalties_plugin.royalties, royalties);
    assert_eq!(
        attributes_plugin.attributes,
        attributes(&[("kind", "atelier")])
    );
    assert_eq!(
        royalties_plugin.base.authority,
        BaseAuthority::from(PluginAuthority::UpdateAuthority)
    );
    // Layout: base | header (9) | Royalties | Attributes | registry.
    let royalties_len = 1 + 2 + 4 + 33 + 1;
    let attributes_len = 1 + 4 + (4 + 4) + (4 + 7);
    assert_eq!(royalties_plugin.base.offset, Some(base_len as u64 + 9));
    assert_eq!(
        attributes_plugin.base.offset,
        Some((base_len + 9 + royalties_len) as u64)
    );
    let registry_offset = base_len + 9 + royalties_len + attributes_len;
    assert_eq!(header.plugin_registry_offset, registry_offset as u64);
    let registry_len = 1 + 4 + 2 * (1 + 1 + 8) + 4;
    assert_eq!(account.data.len(), registry_offset + registry_len);
    let registry =
        mpl_core::accounts::PluginRegistryV1::from_bytes(&account.data[registry_offset..]).unwrap();
    let types: Vec<_> = registry
        .registry
        .iter()
        .map(|r| r.plugin_type.clone())
        .collect();
    assert_eq!(types, vec![PluginType::Royalties, PluginType::Attributes]);

    let rent = env.rent().await.minimum_balance(account.data.len());
    assert_eq!(
        account.lamports, rent,
        "a collection holds exactly its rent"
    );
    assert_eq!(before - env.lamports(&payer.pubkey()).await, rent);
}

#[tokio::test]
async fn a_collection_without_plugins_is_just_its_base() {
    let mut env = Env::start().await;
    let (collection, authority) = env.create_collection(vec![]).await;
    let data = env.data(&collection.pubkey()).await;
    let decoded = Collection::from_bytes(&data).unwrap();
    assert!(decoded.plugin_header.is_none());
    assert_eq!(decoded.base.update_authority, authority.pubkey());
    assert_eq!(data.len(), decoded.base.try_to_vec().unwrap().len());
}

#[tokio::test]
async fn the_collection_must_sign() {
    let mut env = Env::start().await;
    let collection = Keypair::new();
    let ix = env.create_collection_ix(&collection.pubkey(), &Keypair::new().pubkey(), vec![]);
    let payer = env.payer.insecure_clone();
    let result = env
        .send(&[unsigned(ix, &collection.pubkey())], &[&payer])
        .await;
    assert_eq!(
        result,
        Err(Failure::Ix(InstructionError::MissingRequiredSignature))
    );
    assert!(env.account(&collection.pubkey()).await.is_none());
}

#[tokio::test]
async fn bad_royalties_are_an_invalid_plugin_setting() {
    let mut env = Env::start().await;
    let (a, b) = (Keypair::new().pubkey(), Keypair::new().pubkey());
    for bad in [
        royalties(10_001, &[(a, 100)], RuleSet::None),
        royalties(500, &[(a, 60), (b, 39)], RuleSet::None),
        royalties(500, &[(a, 50), (a, 50)], RuleSet::None),
        royalties(500, &[], RuleSet::None),
    ] {
        let collection = Keypair::new();
        let ix = env.create_collection_ix(&collection.pubkey(), &a, vec![royalties_plugin(bad)]);
        let payer = env.payer.insecure_clone();
        let result = env.send(&[ix], &[&collection, &payer]).await;
        assert_eq!(result, Err(code(MplCoreError::InvalidPluginSetting)));
    }
    // The edge values are fine.
    let collection = Keypair::new();
    let ok = royalties(10_000, &[(a, 1), (b, 99)], RuleSet::None);
    let ix = env.create_collection_ix(&collection.pubkey(), &a, vec![royalties_plugin(ok)]);
    let payer = env.payer.insecure_clone();
    env.send(&[ix], &[&collection, &payer]).await.unwrap();
}

#[tokio::test]
async fn a_plugin_twice_already_exists() {
    let mut env = Env::start().await;
    let collection = Keypair::new();
    let ix = env.create_collection_ix(
        &collection.pubkey(),
        &Keypair::new().pubkey(),
        vec![attributes_plugin(&[]), attributes_plugin(&[("a", "b")])],
    );
    let payer = env.payer.insecure_clone();
    let result = env.send(&[ix], &[&collection, &payer]).await;
    assert_eq!(result, Err(code(MplCoreError::PluginAlreadyExists)));
}

#[tokio::test]
async fn owner_managed_plugins_on_a_collection_are_an_invalid_authority_as_in_core() {
    // Core's process_create_collection: "Cannot have owner-managed plugins on collection."
    use mpl_core::types::{
        BurnDelegate, FreezeDelegate, FreezeExecute, Plugin, PluginAuthorityPair, TransferDelegate,
    };
    let mut env = Env::start().await;
    for plugin in [
        Plugin::FreezeDelegate(FreezeDelegate { frozen: false }),
        Plugin::TransferDelegate(TransferDelegate {}),
        Plugin::BurnDelegate(BurnDelegate {}),
        Plugin::FreezeExecute(FreezeExecute { frozen: false }),
    ] {
        let collection = Keypair::new();
        let pair = PluginAuthorityPair {
            plugin,
            authority: Some(PluginAuthority::UpdateAuthority),
        };
        let ix = env.create_collection_ix(
            &collection.pubkey(),
            &Keypair::new().pubkey(),
            vec![attributes_plugin(&[]), pair],
        );
        let payer = env.payer.insecure_clone();
        let result = env.send(&[ix], &[&collection, &payer]).await;
        assert_eq!(result, Err(code(MplCoreError::InvalidAuthority)));
        assert!(env.account(&collection.pubkey()).await.is_none());
    }
}

#[tokio::test]
async fn an_edition_on_a_collection_is_an_invalid_plugin_as_in_core() {
    use mpl_core::types::{Edition, Plugin, PluginAuthorityPair};
    let mut env = Env::start().await;
    let collection = Keypair::new();
    let edition = PluginAuthorityPair {
        plugin: Plugin::Edition(Edition { number: 1 }),
        authority: None,
    };
    let ix = env.create_collection_ix(
        &collection.pubkey(),
        &Keypair::new().pubkey(),
        vec![edition],
    );
    let payer = env.payer.insecure_clone();
    let result = env.send(&[ix], &[&collection, &payer]).await;
    assert_eq!(result, Err(code(MplCoreError::InvalidPlugin)));
}

#[tokio::test]
async fn collection_plugins_are_checked_in_order() {
    // Core checks each plugin in turn: bad royalties before a later owner-managed plugin.
    use mpl_core::types::{FreezeDelegate, Plugin, PluginAuthorityPair};
    let mut env = Env::start().await;
    let collection = Keypair::new();
    let freeze = PluginAuthorityPair {
        plugin: Plugin::FreezeDelegate(FreezeDelegate { frozen: false }),
        authority: None,
    };
    let a = Keypair::new().pubkey();
    let bad = royalties_plugin(royalties(500, &[(a, 99)], RuleSet::None));
    let ix = env.create_collection_ix(&collection.pubkey(), &a, vec![bad, freeze]);
    let payer = env.payer.insecure_clone();
    let result = env.send(&[ix], &[&collection, &payer]).await;
    assert_eq!(result, Err(code(MplCoreError::InvalidPluginSetting)));
}
