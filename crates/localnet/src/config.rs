//! Command-line and environment configuration.

use std::{net::SocketAddr, path::PathBuf, str::FromStr, time::Duration};

use solana_sdk::{native_token::LAMPORTS_PER_SOL, pubkey::Pubkey};

/// How much the server prints on stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    /// Nothing but the ready line (on stdout) and fatal errors.
    Quiet,
    /// Start-up facts and errors.
    Info,
    /// Every request method and every transaction.
    Debug,
}

/// Everything a localnet needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    /// HTTP JSON-RPC address (port 0 picks a free port).
    pub rpc_addr: SocketAddr,
    /// WebSocket PubSub address (port 0 picks a free port).
    pub ws_addr: SocketAddr,
    /// Length of one slot; the blockhash rotates once per slot.
    pub slot_duration: Duration,
    /// Keep state across restarts in this directory.
    pub ledger: Option<PathBuf>,
    /// Wipe the ledger directory before starting.
    pub reset: bool,
    /// Accounts funded at genesis, with their lamports.
    pub prefund: Vec<(Pubkey, u64)>,
    /// Largest single airdrop, in lamports.
    pub max_airdrop: u64,
    /// The upgrade authority recorded in Atelier's ProgramData account (the key that "deployed"
    /// it, and so the only one that may call `initialize_config`); none makes it immutable.
    pub upgrade_authority: Option<Pubkey>,
    pub log_level: LogLevel,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            rpc_addr: "127.0.0.1:8899".parse().unwrap(),
            ws_addr: "127.0.0.1:8900".parse().unwrap(),
            slot_duration: Duration::from_millis(400),
            ledger: None,
            reset: false,
            prefund: vec![],
            max_airdrop: 1_000_000 * LAMPORTS_PER_SOL,
            upgrade_authority: None,
            log_level: LogLevel::Info,
        }
    }
}

/// Default lamports for `--prefund PUBKEY` without an amount.
pub const DEFAULT_PREFUND_SOL: u64 = 1_000;

/// The usage text printed by `--help` and on bad arguments.
pub const USAGE: &str = "\
localnet: Solana JSON-RPC (HTTP) + PubSub (WebSocket) endpoint running the Atelier program natively

USAGE: localnet [OPTIONS]

  --bind <ip>              listen address                     [env LOCALNET_BIND, default 127.0.0.1]
  --rpc-port <port>        HTTP JSON-RPC port, 0 = any free    [env LOCALNET_RPC_PORT, default 8899]
  --ws-port <port>         WebSocket PubSub port, 0 = any free [env LOCALNET_WS_PORT, default 8900]
  --slot-ms <ms>           slot length (blockhash rotation)    [env LOCALNET_SLOT_MS, default 400]
  --ledger <dir>           keep state across restarts in <dir> [env LOCALNET_LEDGER]
  --reset                  wipe <dir> before starting
  --prefund <pubkey[:sol]> fund an account at genesis (repeatable, default 1000 SOL)
  --upgrade-authority <pubkey>  Atelier's upgrade authority: the only key that may
                           initialize its config     [env LOCALNET_UPGRADE_AUTHORITY, default none]
  --quiet                  print only the ready line
  --log <quiet|info|debug> log level on stderr                 [env LOCALNET_LOG, default info]
  --help                   this text
";

impl Config {
    /// Parses `args` (without the program name), reading defaults from `env`.
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        let mut c = Config::default();
        let mut bind = env("LOCALNET_BIND").unwrap_or_else(|| "127.0.0.1".into());
        let mut rpc_port = env("LOCALNET_RPC_PORT").unwrap_or_else(|| "8899".into());
        let mut ws_port = env("LOCALNET_WS_PORT").unwrap_or_else(|| "8900".into());
        let mut slot_ms = env("LOCALNET_SLOT_MS").unwrap_or_else(|| "400".into());
        c.ledger = env("LOCALNET_LEDGER").map(PathBuf::from);
        let mut upgrade_authority = env("LOCALNET_UPGRADE_AUTHORITY");
        if let Some(level) = env("LOCALNET_LOG") {
            c.log_level = parse_level(&level)?;
        }
        let mut it = args.into_iter();
        while let Some(arg) = it.next() {
            let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
            match arg.as_str() {
                "--bind" => bind = value("--bind")?,
                "--rpc-port" => rpc_port = value("--rpc-port")?,
                "--ws-port" => ws_port = value("--ws-port")?,
                "--slot-ms" => slot_ms = value("--slot-ms")?,
                "--ledger" => c.ledger = Some(PathBuf::from(value("--ledger")?)),
                "--reset" => c.reset = true,
                "--prefund" => c.prefund.push(parse_prefund(&value("--prefund")?)?),
                "--upgrade-authority" => upgrade_authority = Some(value("--upgrade-authority")?),
                "--quiet" => c.log_level = LogLevel::Quiet,
                "--log" => c.log_level = parse_level(&value("--log")?)?,
                "--help" | "-h" => return Err(String::new()),
                other => return Err(format!("unknown argument {other}")),
            }
        }
        let port = |p: &str, name: &str| u16::from_str(p).map_err(|_| format!("bad {name}: {p}"));
        let ip: std::net::IpAddr = bind.parse().map_err(|_| format!("bad --bind: {bind}"))?;
        c.rpc_addr = SocketAddr::new(ip, port(&rpc_port, "--rpc-port")?);
        c.ws_addr = SocketAddr::new(ip, port(&ws_port, "--ws-port")?);
        if let Some(key) = upgrade_authority {
            c.upgrade_authority = Some(
                Pubkey::from_str(&key).map_err(|_| format!("bad --upgrade-authority: {key}"))?,
            );
        }
        let ms = u64::from_str(&slot_ms).map_err(|_| format!("bad --slot-ms: {slot_ms}"))?;
        if !(10..=10_000).contains(&ms) {
            return Err(format!("--slot-ms must be within 10..=10000, got {ms}"));
        }
        c.slot_duration = Duration::from_millis(ms);
        if c.reset && c.ledger.is_none() {
            return Err("--reset needs --ledger <dir>".into());
        }
        Ok(c)
    }
}

fn parse_level(s: &str) -> Result<LogLevel, String> {
    match s {
        "quiet" => Ok(LogLevel::Quiet),
        "info" => Ok(LogLevel::Info),
        "debug" => Ok(LogLevel::Debug),
        other => Err(format!("bad log level {other} (quiet|info|debug)")),
    }
}

fn parse_prefund(s: &str) -> Result<(Pubkey, u64), String> {
    let (key, sol) = match s.split_once(':') {
        Some((k, sol)) => (
            k,
            sol.parse::<u64>()
                .map_err(|_| format!("bad SOL amount in {s}"))?,
        ),
        None => (s, DEFAULT_PREFUND_SOL),
    };
    let key = Pubkey::from_str(key).map_err(|_| format!("bad pubkey in --prefund {s}"))?;
    let lamports = sol
        .checked_mul(LAMPORTS_PER_SOL)
        .ok_or(format!("amount too large in --prefund {s}"))?;
    Ok((key, lamports))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        Config::parse(args.iter().map(|s| s.to_string()), |_| None)
    }

    #[test]
    fn defaults_and_flags() {
        let c = parse(&[]).unwrap();
        assert_eq!(c.rpc_addr.port(), 8899);
        assert_eq!(c.ws_addr.port(), 8900);
        let key = Pubkey::new_unique();
        let c = parse(&[
            "--rpc-port",
            "0",
            "--prefund",
            &format!("{key}:5"),
            "--quiet",
        ])
        .unwrap();
        assert_eq!(c.rpc_addr.port(), 0);
        assert_eq!(c.prefund, vec![(key, 5 * LAMPORTS_PER_SOL)]);
        assert_eq!(c.log_level, LogLevel::Quiet);
    }

    #[test]
    fn bad_arguments_are_refused() {
        assert!(parse(&["--rpc-port", "x"]).is_err());
        assert!(parse(&["--reset"]).is_err());
        assert!(parse(&["--prefund", "nope"]).is_err());
        assert!(parse(&["--slot-ms", "1"]).is_err());
        assert!(parse(&["--what"]).is_err());
    }
}
