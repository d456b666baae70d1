// Every instruction module exports a `handler`; lib.rs calls them by full path, so the
// glob re-exports (needed by `#[program]`) may shadow each other's `handler`.
pub mod accept_admin;
pub mod initialize_collection;
pub mod initialize_config;
pub mod set_paused;
pub mod update_config;

#[allow(ambiguous_glob_reexports)]
pub use accept_admin::*;
#[allow(ambiguous_glob_reexports)]
pub use initialize_collection::*;
#[allow(ambiguous_glob_reexports)]
pub use initialize_config::*;
#[allow(ambiguous_glob_reexports)]
pub use set_paused::*;
#[allow(ambiguous_glob_reexports)]
pub use update_config::*;
