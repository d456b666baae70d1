//! HTTP JSON-RPC: every method's happy path, the error codes, filters, the cheats.

mod support;

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde_json::json;
use solana_sdk::{
    message::Message,
    pubkey::Pubkey,
    signature::{Keypair, Signer},
    transaction::Transaction,
};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cluster_methods_answer_in_the_validator_shapes() {
    let net = start().await;
    assert_eq!(result(&net, "getHealth", json!([])).await, json!("ok"));
    assert_eq!(
        result(&net, "getVersion", json!([])).await["solana-core"],
        "2.2.20"
    );
    let slot = result(&net, "getSlot", json!([{ "commitment": "finalized" }]))
        .await
        .as_u64()
        .unwrap();
    let height = result(&net, "getBlockHeight", json!([])).await;
    assert!(height.as_u64().unwrap() >= slot);
    let info = result(&net, "getEpochInfo", json!([])).await;
    assert!(info["absoluteSlot"].as_u64().unwrap() >= slot);
    assert!(info["slotsInEpoch"].as_u64().unwrap() > 0);
    assert!(
        result(&net, "getEpochSchedule", json!([])).await["slotsPerEpoch"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert_eq!(
        result(&net, "getFirstAvailableBlock", json!([])).await,
        json!(0)
    );
    let genesis = result(&net, "getGenesisHash", json!([])).await;
    assert!(genesis
        .as_str()
        .unwrap()
        .parse::<solana_sdk::hash::Hash>()
        .is_ok());
    assert!(result(&net, "getIdentity", json!([])).await["identity"].is_string());
    let latest = result(&net, "getLatestBlockhash", json!([])).await;
    assert_eq!(latest["context"]["apiVersion"], "2.2.20");
    let hash = latest["value"]["blockhash"].as_str().unwrap().to_string();
    let last_valid = latest["value"]["lastValidBlockHeight"].as_u64().unwrap();
    assert_eq!(
        last_valid,
        latest["context"]["slot"].as_u64().unwrap() + 150
    );
    assert_eq!(
        result(&net, "isBlockhashValid", json!([hash])).await["value"],
        json!(true)
    );
    let unknown = solana_sdk::hash::Hash::new_from_array([7; 32]).to_string();
    assert_eq!(
        result(&net, "isBlockhashValid", json!([unknown])).await["value"],
        json!(false)
    );
    let fees = result(
        &net,
        "getRecentPrioritizationFees",
        json!([[Pubkey::new_unique().to_string()]]),
    )
    .await;
    assert!(
        !fees.as_array().unwrap().is_empty(),
        "Irys divides by the length"
    );
    let rent = result(&net, "getMinimumBalanceForRentExemption", json!([0])).await;
    assert_eq!(rent, json!(890_880));
    let now = result(&net, "getBlockTime", json!([slot]))
        .await
        .as_i64()
        .unwrap();
    assert!(now > 1_700_000_000);
    assert_eq!(
        error_code(&net, "getBlockTime", json!([slot + 1_000_000])).await,
        -32004
    );
    // minContextSlot in the future.
    assert_eq!(
        error_code(
            &net,
            "getSlot",
            json!([{ "minContextSlot": slot + 1_000_000 }])
        )
        .await,
        -32016
    );
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_standard_errors_and_the_server_keeps_serving() {
    let net = start().await;
    assert_eq!(post(&net, "{not json").await["error"]["code"], -32700);
    assert_eq!(post(&net, "[]").await["error"]["code"], -32600);
    assert_eq!(
        post(&net, r#"{"id":1,"method":"getSlot"}"#).await["error"]["code"],
        -32600
    );
    assert_eq!(
        post(&net, r#"{"jsonrpc":"2.0","id":1}"#).await["error"]["code"],
        -32600
    );
    assert_eq!(error_code(&net, "noSuchMethod", json!([])).await, -32601);
    assert_eq!(
        error_code(&net, "getBalance", json!(["not-a-key"])).await,
        -32602
    );
    assert_eq!(error_code(&net, "getBalance", json!([])).await, -32602);
    assert_eq!(
        error_code(&net, "getSlot", json!([{ "minContextSlot": "soon" }])).await,
        -32602
    );
    assert_eq!(error_code(&net, "getHealth", json!([1, 2])).await, -32602);
    let r = post(
        &net,
        r#"{"jsonrpc":"2.0","id":1,"method":"getSlot","params":{"a":1}}"#,
    )
    .await;
    assert_eq!(r["error"]["code"], -32602);
    // A batch answers each entry, in order, errors included.
    let batch = post(
        &net,
        r#"[{"jsonrpc":"2.0","id":1,"method":"getSlot"},{"jsonrpc":"2.0","id":2,"method":"nope"},7]"#,
    )
    .await;
    let batch = batch.as_array().unwrap();
    assert_eq!(batch.len(), 3);
    assert!(batch[0]["result"].is_u64());
    assert_eq!(batch[1]["error"]["code"], -32601);
    assert_eq!(batch[2]["error"]["code"], -32600);
    // Oversized body: refused at the HTTP layer, the server keeps serving.
    let big = vec![b' '; localnet::rpc::http::MAX_BODY + 1];
    assert!(post_raw(&net, &big).await.starts_with("HTTP/1.1 413"));
    assert_eq!(result(&net, "getHealth", json!([])).await, json!("ok"));
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_transaction_commits_and_refuses_bad_transactions() {
    let net = start().await;
    let payer = funded(&net, 2 * SOL).await;
    let to = Pubkey::new_unique();
    let (tx, sig) = signed(&net, &[transfer(&payer, &to, SOL)], &[&payer]).await;
    assert_eq!(send(&net, &tx).await["result"], json!(sig));
    assert_eq!(balance(&net, &to).await, SOL);
    assert_eq!(balance(&net, &payer.pubkey()).await, SOL - 5_000);

    // Replay: already processed, as a preflight failure; nothing moves.
    let replay = send(&net, &tx).await;
    assert_eq!(replay["error"]["code"], -32002);
    assert_eq!(replay["error"]["data"]["err"], json!("AlreadyProcessed"));
    assert_eq!(balance(&net, &to).await, SOL);

    // base58 encoding (the default) works too.
    let (tx58, sig58) = {
        let (b64, sig) = signed(&net, &[transfer(&payer, &to, 1_000_000)], &[&payer]).await;
        (bs58::encode(B64.decode(b64).unwrap()).into_string(), sig)
    };
    assert_eq!(
        result(&net, "sendTransaction", json!([tx58])).await,
        json!(sig58)
    );

    // Unknown blockhash.
    let stale = Transaction::new_signed_with_payer(
        &[transfer(&payer, &to, 1)],
        Some(&payer.pubkey()),
        &[&payer],
        solana_sdk::hash::Hash::new_from_array([3; 32]),
    );
    let stale = B64.encode(bincode::serialize(&stale).unwrap());
    let r = send(&net, &stale).await;
    assert_eq!(r["error"]["code"], -32002);
    assert_eq!(r["error"]["data"]["err"], json!("BlockhashNotFound"));

    // Wrong signer: signature verification failure.
    let mut forged = Transaction::new_signed_with_payer(
        &[transfer(&payer, &to, 1)],
        Some(&payer.pubkey()),
        &[&payer],
        blockhash(&net).await,
    );
    forged.signatures[0] = Keypair::new().sign_message(&forged.message_data());
    let forged = B64.encode(bincode::serialize(&forged).unwrap());
    assert_eq!(send(&net, &forged).await["error"]["code"], -32003);

    // Undecodable and oversized transactions.
    assert_eq!(send(&net, "!!!").await["error"]["code"], -32602);
    assert_eq!(
        send(&net, &B64.encode([1u8, 2, 3])).await["error"]["code"],
        -32602
    );
    assert_eq!(
        send(&net, &"A".repeat(2_000)).await["error"]["code"],
        -32602
    );

    // A failing instruction: preflight error with logs; with skipPreflight it lands and pays.
    let (bad, bad_sig) = signed(&net, &[transfer(&payer, &to, 100 * SOL)], &[&payer]).await;
    let r = send(&net, &bad).await;
    assert_eq!(r["error"]["code"], -32002);
    assert_eq!(
        r["error"]["data"]["err"],
        json!({ "InstructionError": [0, { "Custom": 1 }] })
    );
    assert!(r["error"]["data"]["logs"].as_array().unwrap().len() >= 2);
    let before = balance(&net, &payer.pubkey()).await;
    let r = call(
        &net,
        "sendTransaction",
        json!([bad, { "encoding": "base64", "skipPreflight": true }]),
    )
    .await;
    assert_eq!(r["result"], json!(bad_sig));
    assert_eq!(balance(&net, &payer.pubkey()).await, before - 5_000);
    let statuses = result(&net, "getSignatureStatuses", json!([[bad_sig, sig]])).await;
    assert_eq!(
        statuses["value"][0]["err"],
        json!({ "InstructionError": [0, { "Custom": 1 }] })
    );
    assert_eq!(statuses["value"][1]["err"], json!(null));
    assert_eq!(statuses["value"][1]["confirmationStatus"], "finalized");
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulate_transaction_options() {
    let net = start().await;
    let payer = funded(&net, 2 * SOL).await;
    let to = Pubkey::new_unique();
    // Unsigned, stale blockhash, replaced by the server.
    let mut tx = Transaction::new_with_payer(&[transfer(&payer, &to, SOL)], Some(&payer.pubkey()));
    tx.message.recent_blockhash = solana_sdk::hash::Hash::new_from_array([9; 32]);
    let tx = B64.encode(bincode::serialize(&tx).unwrap());
    let r = result(
        &net,
        "simulateTransaction",
        json!([tx, { "encoding": "base64", "replaceRecentBlockhash": true,
            "accounts": { "addresses": [to.to_string()], "encoding": "base64" } }]),
    )
    .await;
    assert_eq!(r["value"]["err"], json!(null));
    assert_eq!(r["value"]["accounts"][0]["lamports"], json!(SOL));
    assert!(r["value"]["replacementBlockhash"]["blockhash"].is_string());
    // Nothing was committed.
    assert_eq!(balance(&net, &to).await, 0);
    // Without the replacement the fake blockhash is unknown.
    let r = result(
        &net,
        "simulateTransaction",
        json!([tx, { "encoding": "base64" }]),
    )
    .await;
    assert_eq!(r["value"]["err"], json!("BlockhashNotFound"));
    // sigVerify on an unsigned transaction fails; with replaceRecentBlockhash it is refused.
    assert_eq!(
        error_code(
            &net,
            "simulateTransaction",
            json!([tx, { "encoding": "base64", "sigVerify": true, "replaceRecentBlockhash": true }])
        )
        .await,
        -32602
    );
    assert_eq!(
        error_code(
            &net,
            "simulateTransaction",
            json!([tx, { "encoding": "base64", "sigVerify": true }])
        )
        .await,
        -32003
    );
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_accounts_and_fees() {
    let net = start().await;
    let payer = funded(&net, 3 * SOL).await;
    let to = Pubkey::new_unique();
    let mut sigs = vec![];
    for lamports in [SOL, SOL / 2] {
        let (tx, sig) = signed(&net, &[transfer(&payer, &to, lamports)], &[&payer]).await;
        assert_eq!(send(&net, &tx).await["result"], json!(sig));
        sigs.push(sig);
    }
    // Newest first, before/until/limit.
    let list = result(&net, "getSignaturesForAddress", json!([to.to_string()])).await;
    let got: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["signature"].as_str().unwrap())
        .collect();
    assert_eq!(got, vec![sigs[1].as_str(), sigs[0].as_str()]);
    let list = result(
        &net,
        "getSignaturesForAddress",
        json!([to.to_string(), { "limit": 1 }]),
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let list = result(
        &net,
        "getSignaturesForAddress",
        json!([to.to_string(), { "before": sigs[1] }]),
    )
    .await;
    assert_eq!(list[0]["signature"], json!(sigs[0]));
    assert_eq!(
        error_code(
            &net,
            "getSignaturesForAddress",
            json!([to.to_string(), { "limit": 5000 }])
        )
        .await,
        -32602
    );

    // getTransaction in json and base64.
    let tx = result(&net, "getTransaction", json!([sigs[0], "json"])).await;
    assert_eq!(tx["meta"]["fee"], json!(5_000));
    assert_eq!(tx["meta"]["status"], json!({ "Ok": null }));
    assert_eq!(tx["transaction"]["signatures"][0], json!(sigs[0]));
    assert!(tx.get("version").is_none());
    let tx = result(
        &net,
        "getTransaction",
        json!([sigs[0], { "encoding": "base64", "maxSupportedTransactionVersion": 0 }]),
    )
    .await;
    assert_eq!(tx["transaction"][1], "base64");
    assert_eq!(tx["version"], "legacy");
    let unknown = solana_sdk::signature::Signature::from([1u8; 64]).to_string();
    assert_eq!(
        result(&net, "getTransaction", json!([unknown])).await,
        json!(null)
    );
    assert_eq!(
        result(&net, "getSignatureStatuses", json!([[unknown]])).await["value"][0],
        json!(null)
    );

    // Accounts: single, multiple (missing is null), encodings, data slices.
    let acc = result(
        &net,
        "getAccountInfo",
        json!([to.to_string(), { "encoding": "base64" }]),
    )
    .await;
    assert_eq!(acc["value"]["lamports"], json!(SOL + SOL / 2));
    assert_eq!(acc["value"]["owner"], "11111111111111111111111111111111");
    let missing = Pubkey::new_unique().to_string();
    let many = result(
        &net,
        "getMultipleAccounts",
        json!([[to.to_string(), missing], { "encoding": "base64" }]),
    )
    .await;
    assert_eq!(many["value"][1], json!(null));
    assert_eq!(
        error_code(
            &net,
            "getMultipleAccounts",
            json!([vec![to.to_string(); 101]])
        )
        .await,
        -32602
    );

    // Fee for a message with a live and with an unknown blockhash.
    let msg = Message::new_with_blockhash(
        &[transfer(&payer, &to, 1)],
        Some(&payer.pubkey()),
        &blockhash(&net).await,
    );
    let fee = result(
        &net,
        "getFeeForMessage",
        json!([B64.encode(msg.serialize())]),
    )
    .await;
    assert_eq!(fee["value"], json!(5_000));
    let msg = Message::new_with_blockhash(
        &[transfer(&payer, &to, 1)],
        Some(&payer.pubkey()),
        &solana_sdk::hash::Hash::new_from_array([5; 32]),
    );
    let fee = result(
        &net,
        "getFeeForMessage",
        json!([B64.encode(msg.serialize())]),
    )
    .await;
    assert_eq!(fee["value"], json!(null));
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn program_accounts_filters() {
    let net = start().await;
    let owner = Pubkey::new_unique();
    let a = Pubkey::new_unique();
    let b = Pubkey::new_unique();
    for (key, data) in [(a, vec![1u8; 16]), (b, vec![2u8; 24])] {
        let ok = result(
            &net,
            "localnet_setAccount",
            json!([{ "pubkey": key.to_string(), "lamports": 1_000_000,
            "data": B64.encode(&data), "owner": owner.to_string() }]),
        )
        .await;
        assert_eq!(ok, json!(true));
    }
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["pubkey"].as_str().unwrap().to_string())
            .collect();
        k.sort();
        k
    };
    let mut both = vec![a.to_string(), b.to_string()];
    both.sort();
    let all = result(
        &net,
        "getProgramAccounts",
        json!([owner.to_string(), { "encoding": "base64" }]),
    )
    .await;
    assert_eq!(keys(&all), both);
    let sized = result(
        &net,
        "getProgramAccounts",
        json!([owner.to_string(), { "filters": [{ "dataSize": 24 }] }]),
    )
    .await;
    assert_eq!(keys(&sized), vec![b.to_string()]);
    let b58 = result(&net, "getProgramAccounts", json!([owner.to_string(), { "filters": [{ "memcmp": { "offset": 3, "bytes": bs58::encode([1u8, 1]).into_string() } }] }])).await;
    assert_eq!(keys(&b58), vec![a.to_string()]);
    let b64 = result(&net, "getProgramAccounts", json!([owner.to_string(), { "withContext": true, "filters": [{ "memcmp": { "offset": 20, "bytes": B64.encode([2u8]), "encoding": "base64" } }] }])).await;
    assert_eq!(keys(&b64["value"]), vec![b.to_string()]);
    assert!(b64["context"]["slot"].is_u64());
    let slice = result(&net, "getProgramAccounts", json!([owner.to_string(), { "encoding": "base64", "dataSlice": { "offset": 0, "length": 2 }, "filters": [{ "dataSize": 16 }] }])).await;
    assert_eq!(slice[0]["account"]["data"][0], json!(B64.encode([1u8, 1])));
    let too_many = json!([owner.to_string(), { "filters": [{ "dataSize": 1 }, { "dataSize": 1 }, { "dataSize": 1 }, { "dataSize": 1 }, { "dataSize": 1 }] }]);
    assert_eq!(
        error_code(&net, "getProgramAccounts", too_many).await,
        -32602
    );
    let bad_bytes =
        json!([owner.to_string(), { "filters": [{ "memcmp": { "offset": 0, "bytes": "0OIl" } }] }]);
    assert_eq!(
        error_code(&net, "getProgramAccounts", bad_bytes).await,
        -32602
    );
    // Base58 is refused above 128 bytes of data, like the validator.
    let big_owner = Pubkey::new_unique();
    result(
        &net,
        "localnet_setAccount",
        json!([{ "pubkey": Pubkey::new_unique().to_string(), "lamports": 1_000_000,
        "data": B64.encode([0u8; 200]), "owner": big_owner.to_string() }]),
    )
    .await;
    assert_eq!(
        error_code(
            &net,
            "getProgramAccounts",
            json!([big_owner.to_string(), { "encoding": "base58" }])
        )
        .await,
        -32600
    );
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clock_and_slot_cheats() {
    let net = start().await;
    let clock_key = solana_sdk::sysvar::clock::ID.to_string();
    let read_clock = || async {
        let acc = result(
            &net,
            "getAccountInfo",
            json!([clock_key, { "encoding": "base64" }]),
        )
        .await;
        let data = B64
            .decode(acc["value"]["data"][0].as_str().unwrap())
            .unwrap();
        let clock: solana_sdk::clock::Clock = bincode::deserialize(&data).unwrap();
        clock
    };
    let r = result(
        &net,
        "localnet_setClock",
        json!([{ "unixTimestamp": 2_000_000_000i64, "freeze": true }]),
    )
    .await;
    assert_eq!(r["unixTimestamp"], json!(2_000_000_000i64));
    assert_eq!(read_clock().await.unix_timestamp, 2_000_000_000);
    // Frozen: still there a few slots later.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(read_clock().await.unix_timestamp, 2_000_000_000);
    // Moving from a new point.
    result(
        &net,
        "localnet_setClock",
        json!([{ "unixTimestamp": 2_100_000_000i64 }]),
    )
    .await;
    assert!(read_clock().await.unix_timestamp >= 2_100_000_000);

    let slot = result(&net, "getSlot", json!([])).await.as_u64().unwrap();
    let r = result(&net, "localnet_warpSlot", json!([{ "slot": slot + 1_000 }])).await;
    assert!(r["slot"].as_u64().unwrap() >= slot + 1_000);
    assert!(read_clock().await.slot >= slot + 1_000);
    assert_eq!(
        error_code(&net, "localnet_warpSlot", json!([{ "slot": 1 }])).await,
        -32602
    );
    assert_eq!(
        error_code(&net, "localnet_setClock", json!([{ "when": 1 }])).await,
        -32602
    );
    // Sysvars cannot be overwritten.
    assert_eq!(
        error_code(
            &net,
            "localnet_setAccount",
            json!([{ "pubkey": clock_key, "lamports": 1 }])
        )
        .await,
        -32602
    );
    let info = result(&net, "localnet_info", json!([])).await;
    assert_eq!(
        info["programs"][0]["programId"],
        json!(atelier::ID.to_string())
    );
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn airdrop_limits() {
    let net = start().await;
    let to = Pubkey::new_unique();
    let sig = result(&net, "requestAirdrop", json!([to.to_string(), 5 * SOL])).await;
    assert!(sig.is_string());
    assert_eq!(balance(&net, &to).await, 5 * SOL);
    assert_eq!(
        error_code(&net, "requestAirdrop", json!([to.to_string(), u64::MAX])).await,
        -32602
    );
    assert_eq!(
        error_code(&net, "requestAirdrop", json!(["nope", 1])).await,
        -32602
    );
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_core_standin_creates_a_collection() {
    let net = start().await;
    let payer = funded(&net, 2 * SOL).await;
    let collection = Keypair::new();
    let ix = mpl_core::instructions::CreateCollectionV2Builder::new()
        .collection(collection.pubkey())
        .payer(payer.pubkey())
        .name("Atelier".into())
        .uri("https://example.com/collection.json".into())
        .instruction();
    let (tx, sig) = signed(&net, &[ix], &[&payer, &collection]).await;
    assert_eq!(send(&net, &tx).await["result"], json!(sig));
    let acc = result(
        &net,
        "getAccountInfo",
        json!([collection.pubkey().to_string(), { "encoding": "base64" }]),
    )
    .await;
    assert_eq!(acc["value"]["owner"], json!(mpl_core::ID.to_string()));
    let data = B64
        .decode(acc["value"]["data"][0].as_str().unwrap())
        .unwrap();
    let decoded = mpl_core::accounts::BaseCollectionV1::from_bytes(&data).unwrap();
    assert_eq!(decoded.name, "Atelier");
    assert_eq!(decoded.update_authority, payer.pubkey());
    net.shutdown().await.unwrap();
}
