pub mod artist;
pub mod config;
pub mod job;
pub mod listing;
pub mod provenance;
pub mod splitter;
pub mod worker;

pub use artist::*;
pub use config::*;
pub use job::*;
pub use listing::*;
pub use provenance::*;
pub use splitter::*;
pub use worker::*;
