// Every instruction module exports a `handler`; lib.rs calls them by full path, so the
// glob re-exports (needed by `#[program]`) may shadow each other's `handler`.
pub mod cancel_job;
pub mod claim_job;
pub mod create_job;
pub mod expire_claim;
pub mod refund_expired_job;
pub mod release_claim;
pub mod submit_result;

#[allow(ambiguous_glob_reexports)]
pub use cancel_job::*;
#[allow(ambiguous_glob_reexports)]
pub use claim_job::*;
#[allow(ambiguous_glob_reexports)]
pub use create_job::*;
#[allow(ambiguous_glob_reexports)]
pub use expire_claim::*;
#[allow(ambiguous_glob_reexports)]
pub use refund_expired_job::*;
#[allow(ambiguous_glob_reexports)]
pub use release_claim::*;
#[allow(ambiguous_glob_reexports)]
pub use submit_result::*;
