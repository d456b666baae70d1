//! Shared test support: a localnet on free ports, a tiny HTTP JSON-RPC client, a WebSocket
//! client, and transaction helpers.
#![allow(dead_code)]

use std::{path::PathBuf, time::Duration};

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use futures_util::{SinkExt, StreamExt};
use localnet::{
    config::{Config, LogLevel},
    Localnet,
};
use serde_json::{json, Value};
use solana_sdk::{
    hash::Hash,
    instruction::Instruction,
    pubkey::Pubkey,
    signature::{Keypair, Signer},
    transaction::Transaction,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};
use tokio_tungstenite::{tungstenite::Message, WebSocketStream};

pub const SOL: u64 = 1_000_000_000;

/// A config on free loopback ports with fast slots.
pub fn config() -> Config {
    Config {
        rpc_addr: "127.0.0.1:0".parse().unwrap(),
        ws_addr: "127.0.0.1:0".parse().unwrap(),
        slot_duration: Duration::from_millis(50),
        log_level: LogLevel::Quiet,
        ..Config::default()
    }
}

pub async fn start() -> Localnet {
    localnet::start(config()).await.expect("localnet starts")
}

pub async fn start_with_ledger(dir: PathBuf, reset: bool) -> Localnet {
    localnet::start(Config {
        ledger: Some(dir),
        reset,
        ..config()
    })
    .await
    .expect("localnet starts")
}

/// POSTs `body` and returns the parsed response (HTTP/1.1, Connection: close).
pub async fn post(net: &Localnet, body: &str) -> Value {
    let text = post_raw(net, body.as_bytes()).await;
    let (_, body) = text.split_once("\r\n\r\n").expect("http response");
    serde_json::from_str(body).unwrap_or(Value::Null)
}

/// POSTs raw bytes; returns the whole response text.
pub async fn post_raw(net: &Localnet, body: &[u8]) -> String {
    let mut s = TcpStream::connect(net.rpc_addr).await.unwrap();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    // The server may answer (413) and close before reading an oversized body.
    let _ = s.write_all(body).await;
    let mut out = vec![];
    let _ = s.read_to_end(&mut out).await;
    String::from_utf8(out).unwrap()
}

/// Calls `method`; returns the whole JSON-RPC response.
pub async fn call(net: &Localnet, method: &str, params: Value) -> Value {
    post(
        net,
        &json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string(),
    )
    .await
}

/// Calls `method` and returns `result`, panicking on an error.
pub async fn result(net: &Localnet, method: &str, params: Value) -> Value {
    let r = call(net, method, params).await;
    assert!(r.get("error").is_none(), "{method} failed: {r}");
    r["result"].clone()
}

/// The error code of a call that must fail.
pub async fn error_code(net: &Localnet, method: &str, params: Value) -> i64 {
    let r = call(net, method, params).await;
    r["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("{method} should fail: {r}"))
}

pub async fn blockhash(net: &Localnet) -> Hash {
    let r = result(net, "getLatestBlockhash", json!([])).await;
    r["value"]["blockhash"].as_str().unwrap().parse().unwrap()
}

/// A new keypair holding `lamports` (airdropped).
pub async fn funded(net: &Localnet, lamports: u64) -> Keypair {
    let k = Keypair::new();
    result(
        net,
        "requestAirdrop",
        json!([k.pubkey().to_string(), lamports]),
    )
    .await;
    k
}

pub async fn balance(net: &Localnet, key: &Pubkey) -> u64 {
    result(net, "getBalance", json!([key.to_string()])).await["value"]
        .as_u64()
        .unwrap()
}

/// Signs `ixs` paid by `signers[0]` with the latest blockhash, base64 encoded.
pub async fn signed(net: &Localnet, ixs: &[Instruction], signers: &[&Keypair]) -> (String, String) {
    let tx = Transaction::new_signed_with_payer(
        ixs,
        Some(&signers[0].pubkey()),
        signers,
        blockhash(net).await,
    );
    (
        B64.encode(bincode::serialize(&tx).unwrap()),
        tx.signatures[0].to_string(),
    )
}

/// Sends base64 `tx`; returns the full response.
pub async fn send(net: &Localnet, tx: &str) -> Value {
    call(
        net,
        "sendTransaction",
        json!([tx, { "encoding": "base64" }]),
    )
    .await
}

pub fn transfer(from: &Keypair, to: &Pubkey, lamports: u64) -> Instruction {
    solana_system_interface::instruction::transfer(&from.pubkey(), to, lamports)
}

/// A PubSub client.
pub struct Ws {
    stream: WebSocketStream<TcpStream>,
    next_id: u64,
    /// Messages read while waiting for something else.
    pending: Vec<Value>,
}

impl Ws {
    pub async fn connect(net: &Localnet) -> Ws {
        let tcp = TcpStream::connect(net.ws_addr).await.unwrap();
        let (stream, _) = tokio_tungstenite::client_async(net.ws_url(), tcp)
            .await
            .unwrap();
        Ws {
            stream,
            next_id: 1,
            pending: vec![],
        }
    }

    /// Sends a request and returns its response (skipping notifications).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let msg = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.stream
            .send(Message::Text(msg.to_string()))
            .await
            .unwrap();
        loop {
            let v = self.read().await;
            if v["id"] == json!(id) {
                return v;
            }
            self.pending.push(v);
        }
    }

    /// Subscribes; returns the subscription id.
    pub async fn subscribe(&mut self, method: &str, params: Value) -> u64 {
        let r = self.request(method, params).await;
        r["result"]
            .as_u64()
            .unwrap_or_else(|| panic!("{method}: {r}"))
    }

    /// The next message from the socket (5 s at most).
    async fn read(&mut self) -> Value {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(5), self.stream.next())
                .await
                .expect("a message within 5 s")
                .expect("open stream")
                .unwrap();
            if let Message::Text(t) = msg {
                return serde_json::from_str(&t).unwrap();
            }
        }
    }

    /// The next notification of `method`, skipping others.
    pub async fn notification(&mut self, method: &str) -> Value {
        if let Some(i) = self
            .pending
            .iter()
            .position(|v| v["method"] == json!(method))
        {
            return self.pending.remove(i)["params"].clone();
        }
        loop {
            let v = self.read().await;
            if v["method"] == json!(method) {
                return v["params"].clone();
            }
            self.pending.push(v);
        }
    }

    /// Closes with code 1000 and returns the close code the server answered with, or `None`
    /// when the connection ended without the server's Close frame (clients then see 1006).
    pub async fn close(mut self) -> Option<u16> {
        use tokio_tungstenite::tungstenite::protocol::{frame::coding::CloseCode, CloseFrame};
        let frame = CloseFrame {
            code: CloseCode::Normal,
            reason: "".into(),
        };
        self.stream.close(Some(frame)).await.unwrap();
        loop {
            match tokio::time::timeout(Duration::from_secs(5), self.stream.next())
                .await
                .expect("the server answers within 5 s")
            {
                Some(Ok(Message::Close(reply))) => return reply.map(|f| u16::from(f.code)),
                Some(Ok(_)) => {}
                None | Some(Err(_)) => return None,
            }
        }
    }

    /// True when no message of `method` arrives within `ms`.
    pub async fn quiet(&mut self, method: &str, ms: u64) -> bool {
        if self.pending.iter().any(|v| v["method"] == json!(method)) {
            return false;
        }
        let deadline = tokio::time::Instant::now() + Duration::from_millis(ms);
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match tokio::time::timeout(left, self.stream.next()).await {
                Err(_) => return true,
                Ok(Some(Ok(Message::Text(t)))) => {
                    let v: Value = serde_json::from_str(&t).unwrap();
                    if v["method"] == json!(method) {
                        return false;
                    }
                }
                Ok(_) => {}
            }
        }
    }
}
