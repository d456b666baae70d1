//! Native tests of the Metaplex Core STAND-IN (solana-program-test, processor mode), driven by
//! the real `mpl-core` crate's instruction and CPI builders, decoded with its deserializers.

mod caller;
mod create_collection_v2;
mod create_v2;
mod dispatch;
mod harness;
mod transfer_v1;
mod update_plugin_v1;
