//! Fleet simulation (dev tool, issue 11): a deterministic, seeded network of staked workers and
//! verifiers with cheating strategies, clients and a cranker, driving the REAL Atelier
//! instruction handlers natively (solana-program-test, processor mode) — claim, submit,
//! commit/reveal on the program's own stake-weighted draw, finalize and audits — and reporting
//! what each strategy earned and lost. Nothing of the protocol's rules is re-implemented here:
//! verdicts, payouts and slashes are read from the program's events and accounts.
//!
//! `chain` is adapted from the program's test harness (`programs/atelier/tests/program/harness.rs`);
//! it is dev-only code and does not ship anywhere.

pub mod chain;
pub mod cli;
pub mod model;
pub mod report;
pub mod sim;
pub mod strategy;
