// Every instruction module exports a `handler`; lib.rs calls them by full path, so the
// glob re-exports (needed by `#[program]`) may shadow each other's `handler`.
pub mod opt_out_artist;
pub mod register_artist;
pub mod update_artist;

#[allow(ambiguous_glob_reexports)]
pub use opt_out_artist::*;
#[allow(ambiguous_glob_reexports)]
pub use register_artist::*;
#[allow(ambiguous_glob_reexports)]
pub use update_artist::*;
