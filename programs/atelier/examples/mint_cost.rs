//! Measures what one minted asset costs: the Core asset account (rent + Core's create fee, as
//! the native Core STAND-IN charges it), the royalty splitter's rent, and the fee of the
//! settling transaction, for images naming 0 to 16 artists. Prints a markdown table.
//!   cargo run -p atelier --example mint_cost
#[path = "../tests/program/fixtures.rs"]
mod fixtures;
#[path = "../tests/program/harness.rs"]
mod harness;

use atelier::events::AssetMinted;
use harness::*;

fn sol(lamports: u64) -> String {
    format!("{:.6}", lamports as f64 / 1e9)
}

#[tokio::main]
async fn main() {
    let mut env = setup().await;
    println!("| artists | accounts created | asset bytes | asset lamports (rent + Core fee) | splitter bytes | splitter rent | mint total | SOL |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in [0usize, 1, 2, 3, 8, 16] {
        // n equal weights; the first takes the rounding remainder.
        let mut bps: Vec<u16> = vec![(10_000 / n.max(1)) as u16; n];
        if let Some(first) = bps.first_mut() {
            *first += 10_000 - (10_000 / n as u16) * n as u16;
        }
        let m = env.minted_job(SOL, &bps).await;
        let minted = &events::<AssetMinted>(&m.logs)[0];
        let asset = env.account(&m.s.asset()).await.expect("asset");
        let (splitter_len, splitter_lamports) = match env.account(&m.s.splitter()).await {
            Some(a) => (a.data.len(), a.lamports),
            None => (0, 0),
        };
        assert_eq!(minted.mint_cost, asset.lamports + splitter_lamports);
        println!(
            "| {n} | {} | {} | {} | {} | {} | {} | {} |",
            if n == 0 { 1 } else { 2 },
            asset.data.len(),
            asset.lamports,
            splitter_len,
            splitter_lamports,
            minted.mint_cost,
            sol(minted.mint_cost)
        );
    }
    println!(
        "\nThe mint adds no transaction: it runs inside finalize_job, whose {FEE_PER_SIGNATURE}-lamport signature fee the cranker pays with or without it."
    );
}
