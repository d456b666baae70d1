//! localnet: a standard Solana JSON-RPC (HTTP) and PubSub (WebSocket) endpoint that runs the
//! Atelier program natively inside solana-runtime, for machines where no SBF toolchain and no
//! solana-test-validator exist. See docs/localnet.md.

pub mod chain;
pub mod config;
pub mod ledger;
pub mod pubsub;
pub mod rpc;

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use solana_sdk::signature::{Keypair, Signer};
use tokio::{net::TcpListener, sync::watch, task::JoinHandle};

use chain::{genesis, Chain};
use config::{Config, LogLevel};
use pubsub::hub::Hub;
use rpc::Ctx;

/// How often a changed chain is written to the ledger.
pub const LEDGER_SAVE_INTERVAL: Duration = Duration::from_secs(2);

/// A running localnet.
pub struct Localnet {
    /// Where HTTP JSON-RPC listens.
    pub rpc_addr: SocketAddr,
    /// Where WebSocket PubSub listens.
    pub ws_addr: SocketAddr,
    /// The faucet behind requestAirdrop.
    pub faucet: solana_sdk::pubkey::Pubkey,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    chain: Arc<Mutex<Chain>>,
    config: Config,
}

impl Localnet {
    /// `http://…` URL of the JSON-RPC endpoint.
    pub fn rpc_url(&self) -> String {
        format!("http://{}", self.rpc_addr)
    }

    /// `ws://…` URL of the PubSub endpoint.
    pub fn ws_url(&self) -> String {
        format!("ws://{}", self.ws_addr)
    }

    /// The line printed once the server accepts requests.
    pub fn ready_line(&self) -> String {
        format!(
            "localnet ready http={} ws={}",
            self.rpc_url(),
            self.ws_url()
        )
    }

    /// Stops serving, waits for the tasks and writes the ledger.
    pub async fn shutdown(self) -> Result<(), String> {
        let _ = self.shutdown.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
        if let Some(dir) = &self.config.ledger {
            let chain = self.chain.lock().unwrap_or_else(|e| e.into_inner());
            ledger::save(dir, &chain)?;
        }
        Ok(())
    }
}

/// Builds the chain and starts serving.
pub async fn start(config: Config) -> Result<Localnet, String> {
    genesis::install_syscall_stubs(match config.log_level {
        LogLevel::Debug => "warn,solana_runtime::message_processor::stable_log=debug",
        _ => "error",
    })
    .await;
    let snapshot = match &config.ledger {
        Some(dir) => {
            if config.reset {
                ledger::reset(dir)?;
            }
            ledger::load(dir)?
        }
        None => None,
    };
    let mut accounts: Vec<_> = config
        .prefund
        .iter()
        .map(|(k, lamports)| (*k, genesis::wallet(*lamports)))
        .collect();
    // Before a reloaded ledger's accounts, so a ledger keeps the authority it was started with.
    accounts.insert(0, genesis::program_data(config.upgrade_authority));
    let (faucet, resume) = match snapshot {
        Some(s) => {
            let faucet = Keypair::try_from(s.faucet.as_slice())
                .map_err(|e| format!("ledger faucet: {e}"))?;
            let (restored, resume) = s.into_parts();
            accounts.extend(restored);
            (faucet, Some(resume))
        }
        None => (Keypair::new(), None),
    };
    let faucet_key = faucet.pubkey();
    let g = genesis::build(&faucet, accounts);
    let hub = Arc::new(Hub::default());
    let chain = Arc::new(Mutex::new(Chain::new(g, faucet, hub.clone(), resume)));

    let rpc = TcpListener::bind(config.rpc_addr)
        .await
        .map_err(|e| format!("cannot listen on {} (HTTP): {e}", config.rpc_addr))?;
    let ws = TcpListener::bind(config.ws_addr)
        .await
        .map_err(|e| format!("cannot listen on {} (WebSocket): {e}", config.ws_addr))?;
    let rpc_addr = rpc.local_addr().map_err(|e| e.to_string())?;
    let ws_addr = ws.local_addr().map_err(|e| e.to_string())?;

    let ctx = Arc::new(Ctx::new(chain.clone(), config.clone()));
    let (shutdown, stop) = watch::channel(false);
    let tasks = vec![
        tokio::spawn(rpc::http::serve(rpc, ctx.clone(), stop.clone())),
        tokio::spawn(pubsub::ws::serve(ws, ctx.clone(), hub, stop.clone())),
        tokio::spawn(tick(chain.clone(), config.clone(), stop)),
    ];
    Ok(Localnet {
        rpc_addr,
        ws_addr,
        faucet: faucet_key,
        shutdown,
        tasks,
        chain,
        config,
    })
}

/// Advances one slot per slot duration and saves the ledger when due.
async fn tick(chain: Arc<Mutex<Chain>>, config: Config, mut stop: watch::Receiver<bool>) {
    let mut interval = tokio::time::interval(config.slot_duration);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    interval.tick().await;
    let mut last_save = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            _ = stop.changed() => return,
        }
        let save = config
            .ledger
            .clone()
            .filter(|_| last_save.elapsed() >= LEDGER_SAVE_INTERVAL);
        if save.is_some() {
            last_save = tokio::time::Instant::now();
        }
        let chain = chain.clone();
        let quiet = config.log_level == LogLevel::Quiet;
        let _ = tokio::task::spawn_blocking(move || {
            let mut chain = chain.lock().unwrap_or_else(|e| e.into_inner());
            chain.advance_slot();
            if let Some(dir) = save.filter(|_| chain.dirty()) {
                match ledger::save(&dir, &chain) {
                    Ok(()) => chain.mark_saved(),
                    Err(e) if !quiet => eprintln!("localnet: ledger not saved: {e}"),
                    Err(_) => {}
                }
            }
        })
        .await;
    }
}
