//! `--ledger`: state survives a restart; `--reset` wipes it; a foreign file is refused.

mod support;

use serde_json::json;
use solana_sdk::{pubkey::Pubkey, signature::Signer};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_survives_a_restart_and_reset_wipes_it() {
    let dir = tempfile::tempdir().unwrap();
    let net = start_with_ledger(dir.path().to_path_buf(), false).await;
    let payer = funded(&net, 3 * SOL).await;
    let to = Pubkey::new_unique();
    let (tx, sig) = signed(&net, &[transfer(&payer, &to, SOL)], &[&payer]).await;
    assert_eq!(send(&net, &tx).await["result"], json!(sig));
    result(
        &net,
        "localnet_setClock",
        json!([{ "unixTimestamp": 2_000_000_000i64, "freeze": true }]),
    )
    .await;
    let faucet = result(&net, "localnet_info", json!([])).await["faucet"].clone();
    let slot = result(&net, "getSlot", json!([])).await.as_u64().unwrap();
    net.shutdown().await.unwrap();

    let net = start_with_ledger(dir.path().to_path_buf(), false).await;
    assert_eq!(balance(&net, &to).await, SOL);
    assert_eq!(balance(&net, &payer.pubkey()).await, 2 * SOL - 5_000);
    assert!(result(&net, "getSlot", json!([])).await.as_u64().unwrap() >= slot);
    assert_eq!(
        result(&net, "localnet_info", json!([])).await["faucet"],
        faucet
    );
    assert_eq!(
        result(&net, "localnet_info", json!([])).await["unixTimestamp"],
        json!(2_000_000_000i64)
    );
    // A replay of a transaction from before the restart is still refused.
    let replay = send(&net, &tx).await;
    assert_eq!(replay["error"]["code"], -32002);
    let err = replay["error"]["data"]["err"].clone();
    assert!(
        err == json!("AlreadyProcessed") || err == json!("BlockhashNotFound"),
        "{err}"
    );
    let skip = call(
        &net,
        "sendTransaction",
        json!([tx, { "encoding": "base64", "skipPreflight": true }]),
    )
    .await;
    assert_eq!(skip["result"], json!(sig));
    assert_eq!(balance(&net, &to).await, SOL);
    let tx = result(&net, "getTransaction", json!([sig])).await;
    assert_eq!(tx["meta"]["fee"], json!(5_000));
    let history = result(&net, "getSignaturesForAddress", json!([to.to_string()])).await;
    assert_eq!(history[0]["signature"], json!(sig));
    // The old payer can keep transacting after the restart.
    let (tx, sig2) = signed(&net, &[transfer(&payer, &to, 1_000_000)], &[&payer]).await;
    assert_eq!(send(&net, &tx).await["result"], json!(sig2));
    net.shutdown().await.unwrap();

    let net = start_with_ledger(dir.path().to_path_buf(), true).await;
    assert_eq!(balance(&net, &to).await, 0);
    assert_eq!(
        result(&net, "getTransaction", json!([sig])).await,
        json!(null)
    );
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_ledger_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("state.bin"), b"not a ledger").unwrap();
    let err = localnet::start(localnet::config::Config {
        ledger: Some(dir.path().to_path_buf()),
        ..config()
    })
    .await
    .err()
    .expect("refused");
    assert!(err.contains("--reset"), "{err}");
}
