//! Prints every account's size and rent-exempt minimum (default rent), for docs/program.md.
//!   cargo run -p atelier --example account_sizes
use anchor_lang::prelude::Rent;
use atelier::{constants::MAX_INFLUENCES, state::*};

fn main() {
    let rent = Rent::default();
    println!("| account | bytes | rent-exempt lamports | lifetime |");
    println!("|---|---:|---:|---|");
    let splitter_lifetime = "permanent (one per minted asset naming artists)";
    let rows = [
        ("Config", Config::SPACE, "permanent (one)"),
        ("Artist", Artist::SPACE, "permanent (one per artist)"),
        ("Worker", Worker::SPACE, "until withdraw_stake"),
        (
            "Job",
            Job::SPACE,
            "create_job → cancel / expire-refund / finalize",
        ),
        (
            "Provenance (largest: 16 artists, longest strings)",
            Provenance::SPACE,
            "permanent for accepted images",
        ),
        (
            "Provenance (typical: 15-byte model id, 2 artists, 43-byte storage id, 60-byte URI)",
            Provenance::space(15, 2, 43, 60),
            "permanent for accepted images",
        ),
        (
            "RoyaltySplitter (1 artist)",
            RoyaltySplitter::space(1),
            splitter_lifetime,
        ),
        (
            "RoyaltySplitter (2 artists)",
            RoyaltySplitter::space(2),
            splitter_lifetime,
        ),
        (
            "RoyaltySplitter (16 artists)",
            RoyaltySplitter::space(MAX_INFLUENCES as usize),
            splitter_lifetime,
        ),
        (
            "Listing",
            Listing::SPACE,
            "list_asset → buy_asset / delist_asset",
        ),
    ];
    for (name, space, lifetime) in rows {
        println!(
            "| {name} | {space} | {} | {lifetime} |",
            rent.minimum_balance(space)
        );
    }
}
