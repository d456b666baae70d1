// Every instruction module exports a `handler`; lib.rs calls them by full path, so the
// glob re-exports (needed by `#[program]`) may shadow each other's `handler`.
pub mod audit_verifier;
pub mod audit_worker;
pub mod commit_attestation;
pub mod finalize_job;
pub mod reveal_attestation;

#[allow(ambiguous_glob_reexports)]
pub use audit_verifier::*;
#[allow(ambiguous_glob_reexports)]
pub use audit_worker::*;
#[allow(ambiguous_glob_reexports)]
pub use commit_attestation::*;
#[allow(ambiguous_glob_reexports)]
pub use finalize_job::*;
#[allow(ambiguous_glob_reexports)]
pub use reveal_attestation::*;
