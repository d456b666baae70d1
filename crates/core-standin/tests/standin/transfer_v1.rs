//! TransferV1 through the stand-in: owners, delegates, rule sets, frozen assets, collections.

use mpl_core::{
    errors::MplCoreError,
    types::{
        FreezeDelegate, Plugin, PluginAuthority, PluginAuthorityPair, RuleSet, TransferDelegate,
    },
    Asset, BaseAuthority,
};
use solana_sdk::{
    instruction::{AccountMeta, Instruction, InstructionError},
    pubkey::Pubkey,
    signature::{Keypair, Signer},
};

use crate::{caller, harness::*};

/// A collection (with `collection_plugins`) and an asset in it owned by a funded wallet.
async fn minted(
    env: &mut Env,
    collection_plugins: Vec<PluginAuthorityPair>,
    asset_plugins: Vec<PluginAuthorityPair>,
) -> (Pubkey, Pubkey, Keypair) {
    let (collection, authority) = env.create_collection(collection_plugins).await;
    let owner = env.wallet().await;
    let asset = env
        .create_asset(
            &collection.pubkey(),
            &authority,
            &owner.pubkey(),
            asset_plugins,
        )
        .await;
    (collection.pubkey(), asset.pubkey(), owner)
}

fn rule_set_royalties(rule_set: RuleSet) -> PluginAuthorityPair {
    royalties_plugin(royalties(500, &[(Pubkey::new_unique(), 100)], rule_set))
}

#[tokio::test]
async fn the_owner_transfers_and_only_the_owner_field_changes() {
    let mut env = Env::start().await;
    let (collection, asset, owner) = minted(
        &mut env,
        vec![],
        vec![
            attributes_plugin(&[("k", "v")]),
            rule_set_royalties(RuleSet::None),
        ],
    )
    .await;
    let before = env.data(&asset).await;
    let buyer = Keypair::new().pubkey();
    env.transfer(&asset, Some(&collection), &owner, &buyer)
        .await
        .unwrap();
    let after = env.data(&asset).await;
    assert_eq!(Asset::from_bytes(&after).unwrap().base.owner, buyer);
    assert_eq!(after.len(), before.len());
    assert_eq!(&after[..1], &before[..1]);
    assert_eq!(&after[1..33], buyer.as_ref());
    assert_eq!(&after[33..], &before[33..]);
}

#[tokio::test]
async fn a_stranger_gets_no_approval_and_a_missing_signature_fails() {
    let mut env = Env::start().await;
    let (collection, asset, owner) = minted(&mut env, vec![], vec![]).await;
    let stranger = env.wallet().await;
    let result = env
        .transfer(&asset, Some(&collection), &stranger, &stranger.pubkey())
        .await;
    assert_eq!(result, Err(code(MplCoreError::NoApprovals)));

    let ix = env.transfer_ix(
        &asset,
        Some(&collection),
        &owner.pubkey(),
        &stranger.pubkey(),
    );
    let payer = env.payer.insecure_clone();
    let result = env.send(&[unsigned(ix, &owner.pubkey())], &[&payer]).await;
    assert_eq!(
        result,
        Err(Failure::Ix(InstructionError::MissingRequiredSignature))
    );
    let decoded = Asset::from_bytes(&env.data(&asset).await).unwrap();
    assert_eq!(decoded.base.owner, owner.pubkey());
}

#[tokio::test]
async fn the_assets_collection_must_be_passed_and_be_the_right_one() {
    let mut env = Env::start().await;
    let (_, asset, owner) = minted(&mut env, vec![], vec![]).await;
    let (other, _) = env.create_collection(vec![]).await;
    let to = Keypair::new().pubkey();
    let result = env.transfer(&asset, None, &owner, &to).await;
    assert_eq!(result, Err(code(MplCoreError::MissingCollection)));
    let result = env
        .transfer(&asset, Some(&other.pubkey()), &owner, &to)
        .await;
    assert_eq!(result, Err(code(MplCoreError::InvalidCollection)));
}

#[tokio::test]
async fn rule_sets_check_the_owner_programs_of_authority_and_new_owner() {
    let mut env = Env::start().await;
    let other_program = Pubkey::new_unique();
    let cases = [
        (RuleSet::ProgramAllowList(vec![system()]), Ok(())),
        (
            RuleSet::ProgramAllowList(vec![other_program]),
            Err(code(MplCoreError::InvalidAuthority)),
        ),
        (
            RuleSet::ProgramDenyList(vec![system()]),
            Err(code(MplCoreError::InvalidAuthority)),
        ),
        (RuleSet::ProgramDenyList(vec![other_program]), Ok(())),
    ];
    for (rule_set, expected) in cases {
        let (collection, asset, owner) =
            minted(&mut env, vec![], vec![rule_set_royalties(rule_set.clone())]).await;
        let to = Keypair::new().pubkey();
        let result = env.transfer(&asset, Some(&collection), &owner, &to).await;
        assert_eq!(result, expected, "{rule_set:?}");
    }
}

#[tokio::test]
async fn the_collections_rule_set_applies_unless_the_asset_has_its_own() {
    let mut env = Env::start().await;
    let strict = vec![rule_set_royalties(RuleSet::ProgramAllowList(vec![
        caller::ID,
    ]))];
    let (collection, asset, owner) = minted(&mut env, strict.clone(), vec![]).await;
    let to = Keypair::new().pubkey();
    let result = env.transfer(&asset, Some(&collection), &owner, &to).await;
    assert_eq!(result, Err(code(MplCoreError::InvalidAuthority)));

    let (collection, asset, owner) =
        minted(&mut env, strict, vec![rule_set_royalties(RuleSet::None)]).await;
    env.transfer(&asset, Some(&collection), &owner, &to)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_frozen_asset_does_not_move() {
    let mut env = Env::start().await;
    let frozen = PluginAuthorityPair {
        plugin: Plugin::FreezeDelegate(FreezeDelegate { frozen: true }),
        authority: None,
    };
    let (collection, asset, owner) = minted(&mut env, vec![], vec![frozen]).await;
    let result = env
        .transfer(&asset, Some(&collection), &owner, &Pubkey::new_unique())
        .await;
    assert_eq!(result, Err(code(MplCoreError::InvalidAuthority)));
}

#[tokio::test]
async fn a_transfer_delegate_moves_the_asset_once_then_control_returns_to_the_owner() {
    let mut env = Env::start().await;
    let delegate = env.wallet().await;
    let plugin = PluginAuthorityPair {
        plugin: Plugin::TransferDelegate(TransferDelegate {}),
        authority: Some(PluginAuthority::Address {
            address: delegate.pubkey(),
        }),
    };
    let (collection, asset, _owner) = minted(&mut env, vec![], vec![plugin]).await;
    let before_len = env.data(&asset).await.len();
    let buyer = Keypair::new().pubkey();
    env.transfer(&asset, Some(&collection), &delegate, &buyer)
        .await
        .unwrap();
    let data = env.data(&asset).await;
    let decoded = Asset::from_bytes(&data).unwrap();
    assert_eq!(decoded.base.owner, buyer);
    assert_eq!(
        decoded
            .plugin_list
            .transfer_delegate
            .unwrap()
            .base
            .authority,
        BaseAuthority::from(PluginAuthority::Owner)
    );
    assert_eq!(
        data.len(),
        before_len,
        "Core rewrites the registry in place"
    );
    let result = env
        .transfer(&asset, Some(&collection), &delegate, &delegate.pubkey())
        .await;
    assert_eq!(result, Err(code(MplCoreError::NoApprovals)));
}

/// The caller program transfers as the asset's TransferDelegate, its PDA (an account the
/// caller owns) signing.
fn cpi_transfer(env: &Env, collection: &Pubkey, asset: &Pubkey, new_owner: &Pubkey) -> Instruction {
    Instruction {
        program_id: caller::ID,
        accounts: vec![
            AccountMeta::new(*asset, false),
            AccountMeta::new_readonly(*collection, false),
            AccountMeta::new(env.payer.pubkey(), true),
            AccountMeta::new_readonly(caller::authority().0, false),
            AccountMeta::new_readonly(*new_owner, false),
            AccountMeta::new_readonly(mpl_core::ID, false),
        ],
        data: vec![1],
    }
}

#[tokio::test]
async fn an_allow_listed_program_transfers_by_cpi_with_its_pda() {
    let mut env = Env::start().await;
    let delegate = PluginAuthorityPair {
        plugin: Plugin::TransferDelegate(TransferDelegate {}),
        authority: Some(PluginAuthority::Address {
            address: caller::authority().0,
        }),
    };
    for (allowed, expected) in [
        (vec![system()], Err(code(MplCoreError::InvalidAuthority))),
        (vec![caller::ID, system()], Ok(())),
    ] {
        let royalties = rule_set_royalties(RuleSet::ProgramAllowList(allowed));
        let (collection, asset, _owner) =
            minted(&mut env, vec![], vec![royalties, delegate.clone()]).await;
        let buyer = Keypair::new().pubkey();
        let ix = cpi_transfer(&env, &collection, &asset, &buyer);
        let payer = env.payer.insecure_clone();
        let result = env.send(&[ix], &[&payer]).await;
        assert_eq!(result, expected);
        let owner = Asset::from_bytes(&env.data(&asset).await)
            .unwrap()
            .base
            .owner;
        assert_eq!(owner == buyer, expected.is_ok());
    }
}
