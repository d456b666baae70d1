// Every instruction module exports a `handler`; lib.rs calls them by full path, so the
// glob re-exports (needed by `#[program]`) may shadow each other's `handler`.
pub mod attest_result;
pub mod audit_worker;
pub mod finalize_job;

#[allow(ambiguous_glob_reexports)]
pub use attest_result::*;
#[allow(ambiguous_glob_reexports)]
pub use audit_worker::*;
#[allow(ambiguous_glob_reexports)]
pub use finalize_job::*;
