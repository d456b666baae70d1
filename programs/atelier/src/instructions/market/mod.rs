// Every instruction module exports a `handler`; lib.rs calls them by full path, so the
// glob re-exports (needed by `#[program]`) may shadow each other's `handler`.
pub mod buy_asset;
pub mod delist_asset;
pub mod list_asset;

#[allow(ambiguous_glob_reexports)]
pub use buy_asset::*;
#[allow(ambiguous_glob_reexports)]
pub use delist_asset::*;
#[allow(ambiguous_glob_reexports)]
pub use list_asset::*;
