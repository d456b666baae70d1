//! UpdatePluginV1 / UpdateCollectionPluginV1 through the stand-in.

use mpl_core::{
    errors::MplCoreError,
    instructions::{UpdateCollectionPluginV1Builder, UpdatePluginV1Builder},
    types::{FreezeDelegate, Plugin, PluginAuthority, PluginAuthorityPair, RuleSet},
    Asset, Collection,
};
use solana_sdk::{
    instruction::Instruction,
    pubkey::Pubkey,
    signature::{Keypair, Signer},
};

use crate::{caller, harness::*};

fn update_ix(
    env: &Env,
    asset: &Pubkey,
    collection: &Pubkey,
    authority: &Pubkey,
    plugin: Plugin,
) -> Instruction {
    UpdatePluginV1Builder::new()
        .asset(*asset)
        .collection(Some(*collection))
        .payer(env.payer.pubkey())
        .authority(Some(*authority))
        .plugin(plugin)
        .instruction()
}

async fn update(
    env: &mut Env,
    asset: &Pubkey,
    collection: &Pubkey,
    authority: &Keypair,
    plugin: Plugin,
) -> Result<(), Failure> {
    let ix = update_ix(env, asset, collection, &authority.pubkey(), plugin);
    let payer = env.payer.insecure_clone();
    env.send(&[ix], &[authority, &payer]).await
}

#[tokio::test]
async fn the_update_authority_changes_the_rule_set_and_later_plugins_move() {
    let mut env = Env::start().await;
    let (collection, authority) = env.create_collection(vec![]).await;
    let splitter = Pubkey::new_unique();
    let owner = Pubkey::new_unique();
    let asset = env
        .create_asset(
            &collection.pubkey(),
            &authority,
            &owner,
            vec![
                royalties_plugin(royalties(500, &[(splitter, 100)], RuleSet::None)),
                attributes_plugin(&[("job", "1")]),
            ],
        )
        .await
        .pubkey();
    let before = Asset::from_bytes(&env.data(&asset).await).unwrap();
    let before_len = env.data(&asset).await.len();
    let before_lamports = env.lamports(&asset).await;
    let payer_before = env.lamports(&env.payer.pubkey()).await;

    let stricter = royalties(
        500,
        &[(splitter, 100)],
        RuleSet::ProgramAllowList(vec![caller::ID, system()]),
    );
    update(
        &mut env,
        &asset,
        &collection.pubkey(),
        &authority,
        Plugin::Royalties(stricter.clone()),
    )
    .await
    .unwrap();

    let data = env.data(&asset).await;
    let after = Asset::from_bytes(&data).unwrap();
    assert_eq!(after.base, before.base);
    assert_eq!(
        after.plugin_list.royalties.as_ref().unwrap().royalties,
        stricter
    );
    assert_eq!(
        after.plugin_list.attributes.as_ref().unwrap().attributes,
        attributes(&[("job", "1")])
    );
    let grow = 4 + 2 * 32;
    assert_eq!(data.len(), before_len + grow);
    let shifted = |a: &Asset| {
        a.plugin_list
            .attributes
            .as_ref()
            .unwrap()
            .base
            .offset
            .unwrap()
    };
    assert_eq!(shifted(&after), shifted(&before) + grow as u64);
    assert_eq!(
        after.plugin_header.as_ref().unwrap().plugin_registry_offset,
        before
            .plugin_header
            .as_ref()
            .unwrap()
            .plugin_registry_offset
            + grow as u64
    );
    let rent = env.rent().await;
    let rent_diff = rent.minimum_balance(data.len()) - rent.minimum_balance(before_len);
    assert_eq!(env.lamports(&asset).await, before_lamports + rent_diff);
    assert_eq!(
        payer_before - env.lamports(&env.payer.pubkey()).await,
        rent_diff
    );

    // Shrinking back refunds the payer.
    let loose = royalties(500, &[(splitter, 100)], RuleSet::None);
    update(
        &mut env,
        &asset,
        &collection.pubkey(),
        &authority,
        Plugin::Royalties(loose),
    )
    .await
    .unwrap();
    assert_eq!(env.data(&asset).await.len(), before_len);
    assert_eq!(env.lamports(&asset).await, before_lamports);
    assert_eq!(env.lamports(&env.payer.pubkey()).await, payer_before);
}

#[tokio::test]
async fn only_the_plugins_authority_updates_it_and_royalties_stay_valid() {
    let mut env = Env::start().await;
    let (collection, authority) = env.create_collection(vec![]).await;
    let owner = env.wallet().await;
    let creator = Pubkey::new_unique();
    let asset = env
        .create_asset(
            &collection.pubkey(),
            &authority,
            &owner.pubkey(),
            vec![royalties_plugin(royalties(
                500,
                &[(creator, 100)],
                RuleSet::None,
            ))],
        )
        .await
        .pubkey();
    let zero = Plugin::Royalties(royalties(0, &[(owner.pubkey(), 100)], RuleSet::None));
    let result = update(&mut env, &asset, &collection.pubkey(), &owner, zero).await;
    assert_eq!(result, Err(code(MplCoreError::NoApprovals)));
    let bad = Plugin::Royalties(royalties(500, &[(creator, 99)], RuleSet::None));
    let result = update(&mut env, &asset, &collection.pubkey(), &authority, bad).await;
    assert_eq!(result, Err(code(MplCoreError::InvalidPluginSetting)));
    let missing = Plugin::Attributes(attributes(&[]));
    let result = update(&mut env, &asset, &collection.pubkey(), &authority, missing).await;
    assert_eq!(result, Err(code(MplCoreError::PluginNotFound)));
}

#[tokio::test]
async fn the_freeze_delegate_freezes_and_thaws() {
    let mut env = Env::start().await;
    let (collection, authority) = env.create_collection(vec![]).await;
    let owner = env.wallet().await;
    let delegate = env.wallet().await;
    let freeze = PluginAuthorityPair {
        plugin: Plugin::FreezeDelegate(FreezeDelegate { frozen: false }),
        authority: Some(PluginAuthority::Address {
            address: delegate.pubkey(),
        }),
    };
    let asset = env
        .create_asset(
            &collection.pubkey(),
            &authority,
            &owner.pubkey(),
            vec![freeze],
        )
        .await
        .pubkey();
    let set = |frozen| Plugin::FreezeDelegate(FreezeDelegate { frozen });

    let result = update(&mut env, &asset, &collection.pubkey(), &owner, set(true)).await;
    assert_eq!(
        result,
        Err(code(MplCoreError::NoApprovals)),
        "the owner handed freezing to the delegate"
    );
    update(&mut env, &asset, &collection.pubkey(), &delegate, set(true))
        .await
        .unwrap();
    let to = Pubkey::new_unique();
    let result = env
        .transfer(&asset, Some(&collection.pubkey()), &owner, &to)
        .await;
    assert_eq!(result, Err(code(MplCoreError::InvalidAuthority)));
    update(
        &mut env,
        &asset,
        &collection.pubkey(),
        &delegate,
        set(false),
    )
    .await
    .unwrap();
    env.transfer(&asset, Some(&collection.pubkey()), &owner, &to)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_collections_update_authority_updates_collection_royalties() {
    let mut env = Env::start().await;
    let creator = Pubkey::new_unique();
    let (collection, authority) = env
        .create_collection(vec![royalties_plugin(royalties(
            300,
            &[(creator, 100)],
            RuleSet::None,
        ))])
        .await;
    let new = royalties(
        300,
        &[(creator, 100)],
        RuleSet::ProgramDenyList(vec![Pubkey::new_unique()]),
    );
    let payer = env.payer.insecure_clone();
    for (signer, expected) in [
        (Keypair::new(), Err(code(MplCoreError::InvalidAuthority))),
        (authority, Ok(())),
    ] {
        let ix = UpdateCollectionPluginV1Builder::new()
            .collection(collection.pubkey())
            .payer(payer.pubkey())
            .authority(Some(signer.pubkey()))
            .plugin(Plugin::Royalties(new.clone()))
            .instruction();
        assert_eq!(env.send(&[ix], &[&signer, &payer]).await, expected);
    }
    let data = env.data(&collection.pubkey()).await;
    let decoded = Collection::from_bytes(&data).unwrap();
    assert_eq!(decoded.plugin_list.royalties.unwrap().royalties, new);
    assert_eq!(
        env.lamports(&collection.pubkey()).await,
        env.rent().await.minimum_balance(data.len())
    );
}

#[tokio::test]
async fn a_collection_plugin_update_without_its_authority_is_invalid_authority_as_in_core() {
    // Core's validate_collection_permissions answers InvalidAuthority when nobody approves
    // (its asset permissions answer NoApprovals, as the asset tests above check).
    let mut env = Env::start().await;
    let delegate = env.wallet().await;
    let (collection, authority) = env
        .create_collection(vec![
            royalties_plugin(royalties(
                300,
                &[(Pubkey::new_unique(), 100)],
                RuleSet::None,
            )),
            with_authority(
                attributes_plugin(&[("k", "v")]),
                PluginAuthority::Address {
                    address: delegate.pubkey(),
                },
            ),
        ])
        .await;
    let before = env.data(&collection.pubkey()).await;
    let payer = env.payer.insecure_clone();
    let stranger = env.wallet().await;
    let new_royalties = Plugin::Royalties(royalties(0, &[(stranger.pubkey(), 100)], RuleSet::None));
    let new_attributes = Plugin::Attributes(attributes(&[("k", "w")]));
    for (signer, plugin) in [
        // A stranger, on a plugin of the update authority.
        (&stranger, new_royalties.clone()),
        // The delegate, on a plugin of the update authority.
        (&delegate, new_royalties),
        // The update authority, on a plugin it handed to the delegate.
        (&authority, new_attributes.clone()),
    ] {
        let ix = UpdateCollectionPluginV1Builder::new()
            .collection(collection.pubkey())
            .payer(payer.pubkey())
            .authority(Some(signer.pubkey()))
            .plugin(plugin)
            .instruction();
        assert_eq!(
            env.send(&[ix], &[signer, &payer]).await,
            Err(code(MplCoreError::InvalidAuthority))
        );
    }
    assert_eq!(env.data(&collection.pubkey()).await, before);

    // The delegate updates its own plugin.
    let ix = UpdateCollectionPluginV1Builder::new()
        .collection(collection.pubkey())
        .payer(payer.pubkey())
        .authority(Some(delegate.pubkey()))
        .plugin(new_attributes)
        .instruction();
    env.send(&[ix], &[&delegate, &payer]).await.unwrap();
    let decoded = Collection::from_bytes(&env.data(&collection.pubkey()).await).unwrap();
    assert_eq!(
        decoded.plugin_list.attributes.unwrap().attributes,
        attributes(&[("k", "w")])
    );
}
