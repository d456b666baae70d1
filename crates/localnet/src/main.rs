//! `localnet` binary: parse flags, start, print the ready line, stop on SIGINT/SIGTERM.

use localnet::config::{Config, LogLevel, USAGE};

fn main() {
    let config = match Config::parse(std::env::args().skip(1), |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) if e.is_empty() => {
            print!("{USAGE}");
            return;
        }
        Err(e) => {
            eprintln!("localnet: {e}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let code = runtime.block_on(run(config));
    std::process::exit(code);
}

async fn run(config: Config) -> i32 {
    let level = config.log_level;
    let net = match localnet::start(config).await {
        Ok(n) => n,
        Err(e) => {
            eprintln!("localnet: {e}");
            return 1;
        }
    };
    if level >= LogLevel::Info {
        eprintln!("localnet: faucet {}", net.faucet);
        for p in localnet::chain::genesis::native_programs() {
            eprintln!("localnet: native program {} {}", p.name, p.id);
        }
    }
    println!("{}", net.ready_line());
    wait_for_signal().await;
    if level >= LogLevel::Info {
        eprintln!("localnet: shutting down");
    }
    match net.shutdown().await {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("localnet: {e}");
            1
        }
    }
}

async fn wait_for_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
