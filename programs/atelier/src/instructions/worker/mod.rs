// Every instruction module exports a `handler`; lib.rs calls them by full path, so the
// glob re-exports (needed by `#[program]`) may shadow each other's `handler`.
pub mod add_stake;
pub mod register_worker;
pub mod request_unstake;
pub mod withdraw_stake;

#[allow(ambiguous_glob_reexports)]
pub use add_stake::*;
#[allow(ambiguous_glob_reexports)]
pub use register_worker::*;
#[allow(ambiguous_glob_reexports)]
pub use request_unstake::*;
#[allow(ambiguous_glob_reexports)]
pub use withdraw_stake::*;
