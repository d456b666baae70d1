//! WebSocket PubSub: signature, account, program, logs and slot subscriptions, unsubscribes,
//! and an Atelier event arriving as a `Program data:` log line.

mod support;

use anchor_lang::{InstructionData, ToAccountMetas};
use serde_json::json;
use solana_sdk::{instruction::Instruction, pubkey::Pubkey, signature::Signer};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signature_account_and_logs_notifications() {
    let net = start().await;
    let payer = funded(&net, 2 * SOL).await;
    let to = Pubkey::new_unique();
    let mut ws = Ws::connect(&net).await;
    let (tx, sig) = signed(&net, &[transfer(&payer, &to, SOL)], &[&payer]).await;
    let sig_sub = ws
        .subscribe(
            "signatureSubscribe",
            json!([sig, { "commitment": "confirmed" }]),
        )
        .await;
    let acc_sub = ws
        .subscribe(
            "accountSubscribe",
            json!([to.to_string(), { "encoding": "base64" }]),
        )
        .await;
    let logs_sub = ws
        .subscribe("logsSubscribe", json!([{ "mentions": [to.to_string()] }]))
        .await;
    let other_logs = ws
        .subscribe(
            "logsSubscribe",
            json!([{ "mentions": [Pubkey::new_unique().to_string()] }]),
        )
        .await;
    assert_eq!(send(&net, &tx).await["result"], json!(sig));

    let n = ws.notification("signatureNotification").await;
    assert_eq!(n["subscription"], json!(sig_sub));
    assert_eq!(n["result"]["value"]["err"], json!(null));
    let n = ws.notification("accountNotification").await;
    assert_eq!(n["subscription"], json!(acc_sub));
    assert_eq!(n["result"]["value"]["lamports"], json!(SOL));
    let n = ws.notification("logsNotification").await;
    assert_eq!(n["subscription"], json!(logs_sub));
    assert_eq!(n["result"]["value"]["signature"], json!(sig));
    assert!(n["result"]["value"]["logs"][0]
        .as_str()
        .unwrap()
        .contains("invoke [1]"));

    // The signature subscription ended itself; the unrelated logs filter never fired.
    let r = ws.request("signatureUnsubscribe", json!([sig_sub])).await;
    assert_eq!(r["error"]["code"], -32602);
    assert_eq!(
        ws.request("logsUnsubscribe", json!([other_logs])).await["result"],
        json!(true)
    );
    // Wrong kind of unsubscribe for an id.
    assert_eq!(
        ws.request("logsUnsubscribe", json!([acc_sub])).await["error"]["code"],
        -32602
    );
    assert_eq!(
        ws.request("accountUnsubscribe", json!([acc_sub])).await["result"],
        json!(true)
    );

    // A second transfer: no account notification any more.
    let (tx, _) = signed(&net, &[transfer(&payer, &to, 1_000)], &[&payer]).await;
    send(&net, &tx).await;
    assert!(ws.quiet("accountNotification", 300).await);

    // Subscribing to an already committed signature notifies at once.
    let late = ws.subscribe("signatureSubscribe", json!([sig])).await;
    let n = ws.notification("signatureNotification").await;
    assert_eq!(n["subscription"], json!(late));
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn program_and_slot_subscriptions() {
    let net = start().await;
    let mut ws = Ws::connect(&net).await;
    let slot_sub = ws.subscribe("slotSubscribe", json!([])).await;
    let n = ws.notification("slotNotification").await;
    assert_eq!(n["subscription"], json!(slot_sub));
    assert!(n["result"]["slot"].as_u64().unwrap() > 0);
    assert_eq!(
        ws.request("slotUnsubscribe", json!([slot_sub])).await["result"],
        json!(true)
    );

    // programSubscribe with a dataSize filter, on the system program.
    let payer = funded(&net, 2 * SOL).await;
    let sub = ws
        .subscribe("programSubscribe", json!([solana_sdk_ids::system_program::ID.to_string(), { "encoding": "base64", "filters": [{ "dataSize": 0 }] }]))
        .await;
    let to = Pubkey::new_unique();
    let (tx, _) = signed(&net, &[transfer(&payer, &to, SOL)], &[&payer]).await;
    send(&net, &tx).await;
    let mut seen = vec![];
    for _ in 0..2 {
        let n = ws.notification("programNotification").await;
        assert_eq!(n["subscription"], json!(sub));
        seen.push(n["result"]["value"]["pubkey"].as_str().unwrap().to_string());
    }
    seen.sort();
    let mut expected = vec![payer.pubkey().to_string(), to.to_string()];
    expected.sort();
    assert_eq!(seen, expected);

    // Bad requests on the socket.
    assert_eq!(
        ws.request("accountSubscribe", json!(["nope"])).await["error"]["code"],
        -32602
    );
    assert_eq!(
        ws.request("blockSubscribe", json!([])).await["error"]["code"],
        -32601
    );
    let r = ws.request("logsSubscribe", json!([{ "mentions": [Pubkey::new_unique().to_string(), Pubkey::new_unique().to_string()] }])).await;
    assert_eq!(r["error"]["code"], -32602);
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn atelier_events_arrive_through_logs_subscribe() {
    let net = start().await;
    let admin = funded(&net, 10 * SOL).await;
    let treasury = funded(&net, SOL).await;
    let mut ws = Ws::connect(&net).await;
    let sub = ws
        .subscribe(
            "logsSubscribe",
            json!([{ "mentions": [atelier::ID.to_string()] }]),
        )
        .await;
    let config = Pubkey::find_program_address(&[atelier::constants::CONFIG_SEED], &atelier::ID).0;
    // The admin "deployed" the program: only the upgrade authority may initialize it.
    let deployed = result(
        &net,
        "localnet_setUpgradeAuthority",
        json!([{ "authority": admin.pubkey().to_string() }]),
    )
    .await;
    let program_data = Pubkey::from_str_const(deployed["programData"].as_str().unwrap());
    let ix = Instruction {
        program_id: atelier::ID,
        accounts: atelier::accounts::InitializeConfig {
            admin: admin.pubkey(),
            program_data,
            config,
            treasury: treasury.pubkey(),
            system_program: solana_sdk_ids::system_program::ID,
        }
        .to_account_metas(None),
        data: atelier::instruction::InitializeConfig {
            params: atelier::state::ProtocolParams {
                protocol_fee_bps: 500,
                verifier_fee_bps: 300,
                min_worker_stake: SOL,
                unbonding_period: 3600,
                claim_timeout: 600,
                verification_window: 3600,
                commit_window: 60,
                verifier_quorum: 2,
                verifier_committee: 3,
                verifier_oversample: 2,
                verifier_tolerance: 300,
                verifier_slash_bps: 1_000,
                clip_score_floor: 2_000,
                slash_bps: 1_000,
                late_penalty_bps: 100,
                royalty_bps: 500,
                royalty_enforcement: atelier::state::RoyaltyEnforcement::None,
                mint_deposit: atelier::constants::MIN_MINT_DEPOSIT,
                audit_min_jobs: 30,
                audit_threshold_x100: 300,
                audit_slash_bps: 5_000,
            },
        }
        .data(),
    };
    let (tx, sig) = signed(&net, &[ix], &[&admin]).await;
    assert_eq!(send(&net, &tx).await["result"], json!(sig));
    let n = ws.notification("logsNotification").await;
    assert_eq!(n["subscription"], json!(sub));
    let logs: Vec<String> = serde_json::from_value(n["result"]["value"]["logs"].clone()).unwrap();
    let event = logs
        .iter()
        .find_map(|l| l.strip_prefix("Program data: "))
        .expect("an event line");
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(event)
        .unwrap();
    use anchor_lang::Discriminator;
    assert!(bytes.starts_with(atelier::events::ConfigInitialized::DISCRIMINATOR));
    // The config account is owned by the program and visible to getProgramAccounts.
    let all = result(
        &net,
        "getProgramAccounts",
        json!([atelier::ID.to_string(), { "encoding": "base64" }]),
    )
    .await;
    assert_eq!(all[0]["pubkey"], json!(config.to_string()));
    net.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_close_gets_the_closing_handshake() {
    // Without the server's Close frame a client sees 1006 and web3.js reconnects (and logs
    // `ws error: connect ECONNREFUSED` once localnet is gone), even after an idle close.
    let net = start().await;
    let mut ws = Ws::connect(&net).await;
    let sub = ws.subscribe("slotSubscribe", json!([])).await;
    let r = ws.request("slotUnsubscribe", json!([sub])).await;
    assert_eq!(r["result"], json!(true));
    assert_eq!(ws.close().await, Some(1000));
    assert_eq!(Ws::connect(&net).await.close().await, Some(1000));
    net.shutdown().await.unwrap();
}
