pub mod artist;
pub mod config;
pub mod job;
pub mod provenance;
pub mod worker;

pub use artist::*;
pub use config::*;
pub use job::*;
pub use provenance::*;
pub use worker::*;
