// Every instruction module exports a `handler`; lib.rs calls them by full path, so the
// glob re-exports (needed by `#[program]`) may shadow each other's `handler`.
pub mod admin;
pub mod artist;
pub mod job;
pub mod market;
pub mod royalty;
pub mod verification;
pub mod worker;

#[allow(ambiguous_glob_reexports)]
pub use admin::*;
#[allow(ambiguous_glob_reexports)]
pub use artist::*;
#[allow(ambiguous_glob_reexports)]
pub use job::*;
#[allow(ambiguous_glob_reexports)]
pub use market::*;
#[allow(ambiguous_glob_reexports)]
pub use royalty::*;
#[allow(ambiguous_glob_reexports)]
pub use verification::*;
#[allow(ambiguous_glob_reexports)]
pub use worker::*;
