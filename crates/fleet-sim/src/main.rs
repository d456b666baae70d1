//! `cargo run -p fleet-sim --release -- --workers 50 --jobs 2000 --seed 1`: runs the simulation,
//! prints the report and writes it to docs/fleet/report.md.

use fleet_sim::{cli, sim};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match cli::parse(&args) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("{msg}");
            std::process::exit(2);
        }
    };
    let command = format!(
        "cargo run -p fleet-sim --release --{}",
        if args.is_empty() {
            String::new()
        } else {
            format!(" {}", args.join(" "))
        }
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    // Natively, the program's `msg!` lines are printed to stdout (solana-msg's non-SBF
    // `sol_log`); keep stdout for the report.
    let report_out = quiet_stdout();
    let outcome = runtime.block_on(sim::run(parsed.cfg));
    let md = outcome.markdown(&command);
    {
        use std::io::Write;
        let mut out = report_out;
        let _ = writeln!(out, "{md}");
    }
    if let Some(path) = parsed.report {
        if let Some(dir) = std::path::Path::new(&path).parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = std::fs::write(&path, &md) {
            eprintln!("cannot write {path}: {e}");
            std::process::exit(1);
        }
        eprintln!("report written to {path}");
    }
}

/// Points fd 1 at /dev/null and returns a handle on the original stdout.
fn quiet_stdout() -> std::fs::File {
    use std::os::fd::{AsRawFd, FromRawFd};
    // SAFETY: plain descriptor calls on this process's own stdout, before any thread writes it.
    unsafe {
        let saved = libc::dup(1);
        assert!(saved >= 0, "dup(stdout)");
        let null = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/null")
            .expect("/dev/null");
        libc::dup2(null.as_raw_fd(), 1);
        std::fs::File::from_raw_fd(saved)
    }
}
