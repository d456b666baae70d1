//! Creates a collection and an asset through the Metaplex Core STAND-IN (inside
//! solana-program-test, natively) and prints their raw accounts with the expected fields as
//! JSON, so that `@metaplex-foundation/mpl-core`'s deserializers can check the bytes
//! (tests/core/core-standin-layout.test.ts).
//!
//! Run: `cargo run -p core-standin --example dump_accounts`

use base64::Engine;
use mpl_core::{
    instructions::{CreateCollectionV2Builder, CreateV2Builder},
    types::{Attribute, Attributes, Creator, Plugin, PluginAuthorityPair, Royalties, RuleSet},
};
use serde_json::{json, Value};
use solana_program_test::{processor, BanksClient, ProgramTest};
use solana_sdk::{
    pubkey::Pubkey,
    signature::{Keypair, Signer},
    transaction::Transaction,
};

const SYSTEM_PROGRAM: Pubkey = Pubkey::new_from_array([0; 32]);

fn creator(percentage: u8) -> Creator {
    Creator {
        address: Pubkey::new_unique(),
        percentage,
    }
}

async fn raw(banks: &mut BanksClient, address: &Pubkey) -> Value {
    let account = banks
        .get_account(*address)
        .await
        .unwrap()
        .expect("account exists");
    json!({
        "address": address.to_string(),
        "owner": account.owner.to_string(),
        "lamports": account.lamports,
        "dataBase64": base64::engine::general_purpose::STANDARD.encode(&account.data),
    })
}

#[tokio::main]
async fn main() {
    let mut test = ProgramTest::default();
    test.prefer_bpf(false);
    test.add_program(
        "mpl_core",
        mpl_core::ID,
        processor!(core_standin::process_instruction),
    );
    let (mut banks, payer, blockhash) = test.start().await;

    let collection = Keypair::new();
    let authority = Keypair::new();
    let owner = Pubkey::new_unique();
    let market = Pubkey::new_unique();
    let collection_royalties = Royalties {
        basis_points: 250,
        creators: vec![creator(100)],
        rule_set: RuleSet::None,
    };
    let asset_royalties = Royalties {
        basis_points: 750,
        creators: vec![creator(70), creator(30)],
        rule_set: RuleSet::ProgramAllowList(vec![market, SYSTEM_PROGRAM]),
    };
    let attributes = Attributes {
        attribute_list: [
            ("job", "9xJob"),
            ("model", "sd-turbo-tiny"),
            ("clipScore", "3120"),
        ]
        .iter()
        .map(|(key, value)| Attribute {
            key: (*key).into(),
            value: (*value).into(),
        })
        .collect(),
    };

    let create_collection = CreateCollectionV2Builder::new()
        .collection(collection.pubkey())
        .update_authority(Some(authority.pubkey()))
        .payer(payer.pubkey())
        .name("Atelier".into())
        .uri("https://atelier.test/collection.json".into())
        .plugins(vec![PluginAuthorityPair {
            plugin: Plugin::Royalties(collection_royalties.clone()),
            authority: None,
        }])
        .instruction();
    let asset = Keypair::new();
    let create_asset = CreateV2Builder::new()
        .asset(asset.pubkey())
        .collection(Some(collection.pubkey()))
        .authority(Some(authority.pubkey()))
        .payer(payer.pubkey())
        .owner(Some(owner))
        .name("Atelier #1".into())
        .uri("ar://manifest-1".into())
        .plugins(vec![
            PluginAuthorityPair {
                plugin: Plugin::Attributes(attributes.clone()),
                authority: None,
            },
            PluginAuthorityPair {
                plugin: Plugin::Royalties(asset_royalties.clone()),
                authority: None,
            },
        ])
        .instruction();
    let plain = Keypair::new();
    let create_plain = CreateV2Builder::new()
        .asset(plain.pubkey())
        .collection(Some(collection.pubkey()))
        .authority(Some(authority.pubkey()))
        .payer(payer.pubkey())
        .owner(Some(owner))
        .name("Atelier #2".into())
        .uri("ar://manifest-2".into())
        .instruction();
    let tx = Transaction::new_signed_with_payer(
        &[create_collection, create_asset, create_plain],
        Some(&payer.pubkey()),
        &[&payer, &collection, &authority, &asset, &plain],
        blockhash,
    );
    banks
        .process_transaction(tx)
        .await
        .expect("the stand-in creates them");

    let creators = |r: &Royalties| -> Value {
        r.creators
            .iter()
            .map(|c| json!({ "address": c.address.to_string(), "percentage": c.percentage }))
            .collect()
    };
    let out = json!({
        "standIn": "Metaplex Core STAND-IN (crates/core-standin), not the real program",
        "collection": raw(&mut banks, &collection.pubkey()).await,
        "asset": raw(&mut banks, &asset.pubkey()).await,
        "expected": {
            "coreProgram": mpl_core::ID.to_string(),
            "collection": {
                "name": "Atelier",
                "uri": "https://atelier.test/collection.json",
                "updateAuthority": authority.pubkey().to_string(),
                "numMinted": 2,
                "currentSize": 2,
                "royalties": {
                    "basisPoints": collection_royalties.basis_points,
                    "creators": creators(&collection_royalties),
                    "ruleSet": { "type": "None" },
                },
            },
            "asset": {
                "name": "Atelier #1",
                "uri": "ar://manifest-1",
                "owner": owner.to_string(),
                "updateAuthority": { "type": "Collection", "address": collection.pubkey().to_string() },
                "attributes": attributes
                    .attribute_list
                    .iter()
                    .map(|a| json!({ "key": a.key, "value": a.value }))
                    .collect::<Value>(),
                "royalties": {
                    "basisPoints": asset_royalties.basis_points,
                    "creators": creators(&asset_royalties),
                    "ruleSet": {
                        "type": "ProgramAllowList",
                        "programs": [market.to_string(), SYSTEM_PROGRAM.to_string()],
                    },
                },
            },
        },
    });
    println!("{}", serde_json::to_string_pretty(&out).unwrap());
}
