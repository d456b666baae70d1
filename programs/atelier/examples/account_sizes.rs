//! Prints every account's size and rent-exempt minimum (default rent), for docs/program.md.
//!   cargo run -p atelier --example account_sizes
use anchor_lang::prelude::Rent;
use atelier::state::*;

fn main() {
    let rent = Rent::default();
    println!("| account | bytes | rent-exempt lamports | lifetime |");
    println!("|---|---:|---:|---|");
    for (name, space, lifetime) in [
        ("Config", Config::SPACE, "permanent (one)"),
        ("Artist", Artist::SPACE, "permanent (one per artist)"),
        ("Worker", Worker::SPACE, "until withdraw_stake"),
        (
            "Job",
            Job::SPACE,
            "create_job → cancel / expire-refund / finalize",
        ),
        ("Provenance", Provenance::SPACE, "permanent (one per image)"),
    ] {
        println!(
            "| {name} | {space} | {} | {lifetime} |",
            rent.minimum_balance(space)
        );
    }
}
