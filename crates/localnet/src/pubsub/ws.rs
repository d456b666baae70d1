//! The WebSocket PubSub endpoint: `*Subscribe` / `*Unsubscribe` requests in, notifications out.

use std::sync::{
    atomic::{AtomicU64, Ordering},
    Arc,
};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use solana_account_decoder_client_types::UiAccountEncoding;
use solana_rpc_client_api::config::{
    RpcAccountInfoConfig, RpcProgramAccountsConfig, RpcSignatureSubscribeConfig,
    RpcTransactionLogsConfig, RpcTransactionLogsFilter,
};
use tokio::{
    net::{TcpListener, TcpStream},
    sync::{mpsc, watch},
};
use tokio_tungstenite::tungstenite::Message;

use super::hub::{Hub, LogsFilter, Topic};
use crate::rpc::{
    error::{RpcError, RpcResult},
    filters,
    params::{pubkey, signature, Params},
    Ctx,
};

static CONNECTIONS: AtomicU64 = AtomicU64::new(1);

/// Serves until `shutdown` turns true.
pub async fn serve(
    listener: TcpListener,
    ctx: Arc<Ctx>,
    hub: Arc<Hub>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let (ctx, hub, shutdown) = (ctx.clone(), hub.clone(), shutdown.clone());
                tokio::spawn(async move { connection(stream, ctx, hub, shutdown).await });
            }
            _ = shutdown.changed() => return,
        }
    }
}

async fn connection(
    stream: TcpStream,
    ctx: Arc<Ctx>,
    hub: Arc<Hub>,
    mut shutdown: watch::Receiver<bool>,
) {
    let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let id = CONNECTIONS.fetch_add(1, Ordering::Relaxed);
    let (mut sink, mut source) = ws.split();
    let (out, mut outbox) = mpsc::unbounded_channel::<String>();
    loop {
        tokio::select! {
            incoming = source.next() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    let reply = handle(&ctx, &hub, id, &out, &text);
                    if sink.send(Message::Text(reply)).await.is_err() { break; }
                }
                Some(Ok(Message::Binary(bytes))) => {
                    let text = String::from_utf8_lossy(&bytes).to_string();
                    let reply = handle(&ctx, &hub, id, &out, &text);
                    if sink.send(Message::Text(reply)).await.is_err() { break; }
                }
                Some(Ok(Message::Ping(p))) => { let _ = sink.send(Message::Pong(p)).await; }
                // Answer the client's Close (tungstenite queued the reply; closing the sink
                // sends it) so the client sees a clean 1000, not 1006: web3.js's socket
                // reconnects after an abnormal close, and logs `ws error` once localnet is gone.
                Some(Ok(Message::Close(_))) => { let _ = sink.close().await; break; }
                None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
            Some(note) = outbox.recv() => {
                if sink.send(Message::Text(note)).await.is_err() { break; }
            }
            _ = shutdown.changed() => { let _ = sink.send(Message::Close(None)).await; break; }
        }
    }
    hub.close(id);
}

fn handle(
    ctx: &Ctx,
    hub: &Hub,
    conn: u64,
    out: &mpsc::UnboundedSender<String>,
    text: &str,
) -> String {
    let reply = |id: Value, r: RpcResult| match r {
        Ok(v) => json!({ "jsonrpc": "2.0", "result": v, "id": id }).to_string(),
        Err(e) => json!({ "jsonrpc": "2.0", "error": e.to_json(), "id": id }).to_string(),
    };
    let Ok(request) = serde_json::from_str::<Value>(text) else {
        return reply(Value::Null, Err(RpcError::parse_error()));
    };
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let Some(method) = request.get("method").and_then(Value::as_str) else {
        return reply(id, Err(RpcError::invalid_request()));
    };
    let result = Params::new(request.get("params").cloned())
        .and_then(|p| method_call(ctx, hub, conn, out, method, p));
    reply(id, result)
}

fn encoding_of(config: &RpcAccountInfoConfig) -> UiAccountEncoding {
    config.encoding.unwrap_or(UiAccountEncoding::Binary)
}

fn method_call(
    ctx: &Ctx,
    hub: &Hub,
    conn: u64,
    out: &mpsc::UnboundedSender<String>,
    method: &str,
    p: Params,
) -> RpcResult {
    let subscribe = |topic: Topic| hub.subscribe(topic, conn, out.clone());
    match method {
        "signatureSubscribe" => {
            p.at_most(2)?;
            let sig = signature(&p.req::<String>(0, "signature")?)?;
            let _config: Option<RpcSignatureSubscribeConfig> = p.opt(1)?;
            // Subscribing under the chain lock: a commit cannot slip between the check and
            // the registration.
            let chain = ctx.chain();
            let id = subscribe(Topic::Signature(sig));
            if let Some((slot, err)) = chain.status(&sig) {
                // Already committed: notify at once. The connection sends this reply before
                // it reads its outbox, so the client sees the id before the notification.
                hub.unsubscribe(id, conn, "signatureUnsubscribe");
                let _ = out.send(hub_note(id, slot, &err));
            }
            Ok(json!(id))
        }
        "accountSubscribe" => {
            p.at_most(2)?;
            let key = pubkey(&p.req::<String>(0, "pubkey")?)?;
            let config: RpcAccountInfoConfig = p.opt(1)?.unwrap_or_default();
            Ok(json!(subscribe(Topic::Account {
                pubkey: key,
                encoding: encoding_of(&config),
                slice: config.data_slice,
            })))
        }
        "programSubscribe" => {
            p.at_most(2)?;
            let program = pubkey(&p.req::<String>(0, "program id")?)?;
            let config: RpcProgramAccountsConfig = p.opt(1)?.unwrap_or_default();
            let filters = filters::prepare(config.filters)?;
            Ok(json!(subscribe(Topic::Program {
                program,
                encoding: encoding_of(&config.account_config),
                slice: config.account_config.data_slice,
                filters,
            })))
        }
        "logsSubscribe" => {
            p.at_most(2)?;
            let filter: RpcTransactionLogsFilter = p.req(0, "filter")?;
            let _config: Option<RpcTransactionLogsConfig> = p.opt(1)?;
            let filter = match filter {
                RpcTransactionLogsFilter::All | RpcTransactionLogsFilter::AllWithVotes => {
                    LogsFilter::All
                }
                RpcTransactionLogsFilter::Mentions(keys) => {
                    if keys.len() != 1 {
                        return Err(RpcError::invalid_params(
                            "Invalid Request: Only 1 address supported",
                        ));
                    }
                    LogsFilter::Mentions(pubkey(&keys[0])?)
                }
            };
            Ok(json!(subscribe(Topic::Logs(filter))))
        }
        "slotSubscribe" => {
            p.at_most(0)?;
            Ok(json!(subscribe(Topic::Slot)))
        }
        "signatureUnsubscribe"
        | "accountUnsubscribe"
        | "programUnsubscribe"
        | "logsUnsubscribe"
        | "slotUnsubscribe" => {
            p.at_most(1)?;
            let id: u64 = p.req(0, "subscription id")?;
            if hub.unsubscribe(id, conn, method) {
                Ok(json!(true))
            } else {
                Err(RpcError::invalid_params("Invalid subscription id"))
            }
        }
        _ => Err(RpcError::method_not_found()),
    }
}

fn hub_note(id: u64, slot: u64, err: &Option<solana_sdk::transaction::TransactionError>) -> String {
    json!({
        "jsonrpc": "2.0",
        "method": "signatureNotification",
        "params": { "result": { "context": { "slot": slot }, "value": { "err": err } }, "subscription": id },
    })
    .to_string()
}
