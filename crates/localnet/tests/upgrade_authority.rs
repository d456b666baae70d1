//! Atelier's ProgramData account: localnet writes it at genesis with the configured upgrade
//! authority (`--upgrade-authority`), and `localnet_setUpgradeAuthority` rewrites it, as a
//! deployment by another key would. `initialize_config` trusts only that authority.

mod support;

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde_json::json;
use solana_sdk::{
    bpf_loader_upgradeable::{self, UpgradeableLoaderState},
    pubkey::Pubkey,
};
use support::*;

fn program_data_address() -> Pubkey {
    Pubkey::find_program_address(&[atelier::ID.as_ref()], &bpf_loader_upgradeable::id()).0
}

async fn recorded_authority(net: &localnet::Localnet) -> Option<Pubkey> {
    let info = result(
        net,
        "getAccountInfo",
        json!([program_data_address().to_string(), { "encoding": "base64" }]),
    )
    .await;
    let value = &info["value"];
    assert_eq!(
        value["owner"],
        json!(bpf_loader_upgradeable::id().to_string())
    );
    let data = B64.decode(value["data"][0].as_str().unwrap()).unwrap();
    match bincode::deserialize::<UpgradeableLoaderState>(&data).unwrap() {
        UpgradeableLoaderState::ProgramData {
            upgrade_authority_address,
            ..
        } => upgrade_authority_address,
        other => panic!("not ProgramData: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn genesis_records_the_configured_upgrade_authority_or_none() {
    let deployer = Pubkey::new_unique();
    let net = localnet::start(localnet::config::Config {
        upgrade_authority: Some(deployer),
        ..config()
    })
    .await
    .unwrap();
    assert_eq!(recorded_authority(&net).await, Some(deployer));
    let bare = start().await;
    assert_eq!(recorded_authority(&bare).await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cheat_rewrites_the_upgrade_authority() {
    let net = start().await;
    let deployer = Pubkey::new_unique();
    let r = result(
        &net,
        "localnet_setUpgradeAuthority",
        json!([{ "authority": deployer.to_string() }]),
    )
    .await;
    assert_eq!(r["programData"], json!(program_data_address().to_string()));
    assert_eq!(recorded_authority(&net).await, Some(deployer));
    result(
        &net,
        "localnet_setUpgradeAuthority",
        json!([{ "authority": null }]),
    )
    .await;
    assert_eq!(recorded_authority(&net).await, None);
    assert_ne!(
        error_code(
            &net,
            "localnet_setUpgradeAuthority",
            json!([{ "authority": "nope" }])
        )
        .await,
        0
    );
}
