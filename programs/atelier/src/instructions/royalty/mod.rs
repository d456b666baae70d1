// Every instruction module exports a `handler`; lib.rs calls them by full path, so the
// glob re-exports (needed by `#[program]`) may shadow each other's `handler`.
pub mod claim_royalties;

#[allow(ambiguous_glob_reexports)]
pub use claim_royalties::*;
