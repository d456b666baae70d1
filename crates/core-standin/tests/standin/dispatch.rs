//! The stand-in's discriminators are the bytes the real `mpl-core` builders write, and what it
//! does not implement is refused with Core's `NotAvailable`.

use anchor_lang::AnchorSerialize;
use core_standin::discriminator;
use mpl_core::{errors::MplCoreError, instructions::*};
use solana_sdk::signature::Signer;

use crate::harness::*;

#[test]
fn discriminators_match_the_mpl_core_builders() {
    let first = |bytes: Vec<u8>| bytes[0];
    assert_eq!(
        first(CreateV2InstructionData::new().try_to_vec().unwrap()),
        discriminator::CREATE_V2
    );
    assert_eq!(
        first(
            CreateCollectionV2InstructionData::new()
                .try_to_vec()
                .unwrap()
        ),
        discriminator::CREATE_COLLECTION_V2
    );
    assert_eq!(
        first(TransferV1InstructionData::new().try_to_vec().unwrap()),
        discriminator::TRANSFER_V1
    );
    assert_eq!(
        first(UpdatePluginV1InstructionData::new().try_to_vec().unwrap()),
        discriminator::UPDATE_PLUGIN_V1
    );
    assert_eq!(
        first(
            UpdateCollectionPluginV1InstructionData::new()
                .try_to_vec()
                .unwrap()
        ),
        discriminator::UPDATE_COLLECTION_PLUGIN_V1
    );
}

#[tokio::test]
async fn unimplemented_instructions_are_not_available() {
    let mut env = Env::start().await;
    let (collection, authority) = env.create_collection(vec![]).await;
    let owner = env.wallet().await;
    let asset = env
        .create_asset(&collection.pubkey(), &authority, &owner.pubkey(), vec![])
        .await;
    let ix = BurnV1Builder::new()
        .asset(asset.pubkey())
        .collection(Some(collection.pubkey()))
        .payer(owner.pubkey())
        .instruction();
    let result = env.send(&[ix], &[&owner]).await;
    assert_eq!(result, Err(code(MplCoreError::NotAvailable)));
    assert!(env.account(&asset.pubkey()).await.is_some());
}
