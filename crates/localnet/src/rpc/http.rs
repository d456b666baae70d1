//! A small HTTP/1.1 server for JSON-RPC: POST bodies with Content-Length, keep-alive, CORS for
//! browser wallets, `GET /health`. (hyper in Cargo.lock lacks its `server` feature; enabling it
//! would rebuild most of the Solana crates, see docs/localnet.md.)

use std::sync::Arc;

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::watch,
};

use super::{error::RpcError, handle_body, Ctx};

/// Largest request body (batches included).
pub const MAX_BODY: usize = 2 * 1024 * 1024;
/// Largest request head.
pub const MAX_HEAD: usize = 16 * 1024;

const CORS: &str = "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: POST, GET, OPTIONS\r\nAccess-Control-Allow-Headers: *\r\nAccess-Control-Max-Age: 86400\r\n";

/// Serves until `shutdown` turns true.
pub async fn serve(listener: TcpListener, ctx: Arc<Ctx>, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let ctx = ctx.clone();
                let shutdown = shutdown.clone();
                tokio::spawn(async move { connection(stream, ctx, shutdown).await });
            }
            _ = shutdown.changed() => return,
        }
    }
}

struct Request {
    method: String,
    path: String,
    keep_alive: bool,
    body: Vec<u8>,
}

enum ReadError {
    Closed,
    Bad(u16, &'static str),
}

async fn connection(mut stream: TcpStream, ctx: Arc<Ctx>, mut shutdown: watch::Receiver<bool>) {
    let mut buf = Vec::with_capacity(8 * 1024);
    loop {
        let request = tokio::select! {
            r = read_request(&mut stream, &mut buf) => r,
            _ = shutdown.changed() => return,
        };
        let request = match request {
            Ok(r) => r,
            Err(ReadError::Closed) => return,
            Err(ReadError::Bad(status, reason)) => {
                let _ = write(
                    &mut stream,
                    status,
                    reason,
                    "text/plain",
                    reason.as_bytes(),
                    false,
                )
                .await;
                return;
            }
        };
        let keep = request.keep_alive;
        let result = match (request.method.as_str(), request.path.as_str()) {
            ("POST", _) => {
                let ctx = ctx.clone();
                let body = request.body;
                // Transactions run native program code: keep it off the I/O threads.
                let out = match tokio::task::spawn_blocking(move || handle_body(&ctx, &body)).await
                {
                    Ok(out) => out.unwrap_or_default(),
                    // A panic while serving: answer, keep serving.
                    Err(e) => serde_json::json!({ "jsonrpc": "2.0", "id": null,
                        "error": RpcError::internal(e).to_json() })
                    .to_string(),
                };
                write(
                    &mut stream,
                    200,
                    "OK",
                    "application/json",
                    out.as_bytes(),
                    keep,
                )
                .await
            }
            ("GET", "/health") => write(&mut stream, 200, "OK", "text/plain", b"ok", keep).await,
            ("OPTIONS", _) => write(&mut stream, 204, "No Content", "text/plain", b"", keep).await,
            _ => {
                write(
                    &mut stream,
                    405,
                    "Method Not Allowed",
                    "text/plain",
                    b"Used HTTP Method is not allowed. POST or OPTIONS is required",
                    keep,
                )
                .await
            }
        };
        if result.is_err() || !keep {
            return;
        }
    }
}

async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<Request, ReadError> {
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(buf) {
            Ok(httparse::Status::Complete(head_len)) => {
                let method = req.method.unwrap_or("").to_string();
                let path = req.path.unwrap_or("/").to_string();
                let http10 = req.version == Some(0);
                let mut length = 0usize;
                let mut keep_alive = !http10;
                for h in req.headers.iter() {
                    let value = std::str::from_utf8(h.value).unwrap_or("").trim();
                    if h.name.eq_ignore_ascii_case("content-length") {
                        length = value
                            .parse()
                            .map_err(|_| ReadError::Bad(400, "Bad Request"))?;
                    } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
                        return Err(ReadError::Bad(411, "Length Required"));
                    } else if h.name.eq_ignore_ascii_case("connection") {
                        let v = value.to_ascii_lowercase();
                        keep_alive = if http10 {
                            v == "keep-alive"
                        } else {
                            v != "close"
                        };
                    }
                }
                if length > MAX_BODY {
                    return Err(ReadError::Bad(413, "Payload Too Large"));
                }
                while buf.len() < head_len + length {
                    read_more(stream, buf).await?;
                }
                let body = buf[head_len..head_len + length].to_vec();
                buf.drain(..head_len + length);
                return Ok(Request {
                    method,
                    path,
                    keep_alive,
                    body,
                });
            }
            Ok(httparse::Status::Partial) => {
                if buf.len() > MAX_HEAD {
                    return Err(ReadError::Bad(431, "Request Header Fields Too Large"));
                }
                read_more(stream, buf).await?;
            }
            Err(_) => return Err(ReadError::Bad(400, "Bad Request")),
        }
    }
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<(), ReadError> {
    let mut chunk = [0u8; 16 * 1024];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => Err(ReadError::Closed),
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            Ok(())
        }
    }
}

async fn write(
    stream: &mut TcpStream,
    status: u16,
    reason: &str,
    content_type: &str,
    body: &[u8],
    keep_alive: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{CORS}Connection: {}\r\n\r\n",
        body.len(),
        if keep_alive { "keep-alive" } else { "close" }
    );
    let mut out = Vec::with_capacity(head.len() + body.len());
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(body);
    stream.write_all(&out).await?;
    stream.flush().await
}
