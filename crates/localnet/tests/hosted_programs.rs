//! Transactions that list a natively hosted program (Atelier, the Core stand-in) as a writable
//! account: a validator runs them (program accounts are never written), so localnet must
//! commit them or fail them cleanly, never panic (JSON-RPC -32603).

mod support;

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde_json::{json, Value};
use solana_sdk::{
    instruction::{AccountMeta, Instruction},
    message::{v0, VersionedMessage},
    pubkey::Pubkey,
    signature::{Keypair, Signer},
    transaction::VersionedTransaction,
};
use support::*;

const INTERNAL_ERROR: i64 = -32603;

/// `ix` with `extra` appended as a writable, non-signing account.
fn with_writable(mut ix: Instruction, extra: Pubkey) -> Instruction {
    ix.accounts.push(AccountMeta::new(extra, false));
    ix
}

async fn hosted_account(net: &localnet::Localnet, id: &Pubkey) -> Value {
    result(
        net,
        "getAccountInfo",
        json!([id.to_string(), { "encoding": "base64" }]),
    )
    .await["value"]
        .clone()
}

fn assert_clean(r: &Value) {
    assert_ne!(r["error"]["code"], json!(INTERNAL_ERROR), "panicked: {r}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_listing_a_hosted_program_as_writable_commits() {
    let net = start().await;
    let payer = funded(&net, 2 * SOL).await;
    for program in [atelier::ID, mpl_core::ID] {
        let before = hosted_account(&net, &program).await;
        assert_eq!(before["executable"], json!(true));
        let to = Pubkey::new_unique();
        let ix = with_writable(transfer(&payer, &to, SOL / 10), program);

        // Simulation, then the real thing, as a validator would run it.
        let (tx, sig) = signed(&net, &[ix], &[&payer]).await;
        let sim = call(
            &net,
            "simulateTransaction",
            json!([tx, { "encoding": "base64" }]),
        )
        .await;
        assert_clean(&sim);
        assert_eq!(sim["result"]["value"]["err"], json!(null), "{sim}");
        let r = send(&net, &tx).await;
        assert_clean(&r);
        assert_eq!(r["result"], json!(sig), "{r}");
        assert_eq!(balance(&net, &to).await, SOL / 10);

        // The program account is untouched and the program still runs.
        assert_eq!(hosted_account(&net, &program).await, before);
        let tx = result(
            &net,
            "getTransaction",
            json!([sig, { "encoding": "json", "maxSupportedTransactionVersion": 0 }]),
        )
        .await;
        assert_eq!(tx["meta"]["err"], json!(null));
    }
    // The server keeps serving (no poisoned chain lock).
    assert_eq!(result(&net, "getHealth", json!([])).await, json!("ok"));
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hosted_program_invoked_with_its_own_id_writable_runs_or_fails_cleanly() {
    let net = start().await;
    let payer = funded(&net, 2 * SOL).await;

    // Core stand-in: CreateCollectionV2 with Core's id also passed as a writable account.
    let collection = Keypair::new();
    let ix = mpl_core::instructions::CreateCollectionV2Builder::new()
        .collection(collection.pubkey())
        .payer(payer.pubkey())
        .name("Atelier".into())
        .uri("https://example.com/collection.json".into())
        .instruction();
    let ix = with_writable(ix, mpl_core::ID);
    let (tx, sig) = signed(&net, &[ix], &[&payer, &collection]).await;
    let r = send(&net, &tx).await;
    assert_clean(&r);
    assert_eq!(r["result"], json!(sig), "{r}");
    let created = hosted_account(&net, &collection.pubkey()).await;
    assert_eq!(created["owner"], json!(mpl_core::ID.to_string()));

    // Atelier with an unknown instruction and its own id writable: the program's own error,
    // as a preflight failure, and as a committed failed transaction with skipPreflight.
    let ix = Instruction {
        program_id: atelier::ID,
        accounts: vec![AccountMeta::new(atelier::ID, false)],
        data: vec![0xff; 8],
    };
    let (tx, sig) = signed(&net, &[ix], &[&payer]).await;
    let r = send(&net, &tx).await;
    assert_clean(&r);
    assert_eq!(r["error"]["code"], json!(-32002), "{r}");
    assert!(
        r["error"]["data"]["err"]["InstructionError"][0] == json!(0),
        "{r}"
    );
    let r = call(
        &net,
        "sendTransaction",
        json!([tx, { "encoding": "base64", "skipPreflight": true }]),
    )
    .await;
    assert_clean(&r);
    assert_eq!(r["result"], json!(sig), "{r}");
    let statuses = result(&net, "getSignatureStatuses", json!([[sig]])).await;
    assert!(statuses["value"][0]["err"]["InstructionError"].is_array());
    assert_eq!(
        hosted_account(&net, &atelier::ID).await["executable"],
        json!(true)
    );
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_v0_transaction_listing_a_hosted_program_as_writable_commits() {
    let net = start().await;
    let payer = funded(&net, 2 * SOL).await;
    let to = Pubkey::new_unique();
    let ix = with_writable(transfer(&payer, &to, SOL / 10), atelier::ID);
    let message =
        v0::Message::try_compile(&payer.pubkey(), &[ix], &[], blockhash(&net).await).unwrap();
    let tx = VersionedTransaction::try_new(VersionedMessage::V0(message), &[&payer]).unwrap();
    let sig = tx.signatures[0].to_string();
    let r = send(&net, &B64.encode(bincode::serialize(&tx).unwrap())).await;
    assert_clean(&r);
    assert_eq!(r["result"], json!(sig), "{r}");
    assert_eq!(balance(&net, &to).await, SOL / 10);
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hosted_program_accounts_cannot_be_overwritten_by_the_cheat() {
    let net = start().await;
    let r = call(
        &net,
        "localnet_setAccount",
        json!([{ "pubkey": atelier::ID.to_string(), "lamports": 1, "data": "" }]),
    )
    .await;
    assert_eq!(r["error"]["code"], json!(-32602), "{r}");
    assert_eq!(
        hosted_account(&net, &atelier::ID).await["executable"],
        json!(true)
    );
    net.shutdown().await.unwrap();
}
