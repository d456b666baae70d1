//! Native tests of the Atelier program: the real instruction handlers run inside
//! solana-program-test's bank (processor mode, no SBF). One module per instruction, plus whole
//! job lives (`lifecycle`) and property tests of the pure functions (`properties`).

mod fixtures;
mod harness;

mod audit_properties;
mod lifecycle;
mod properties;
mod remaining_accounts;
mod splitter_properties;
mod verification_properties;

// admin
mod initialize_config;
mod set_paused;
mod update_config;

// artist
mod opt_out_artist;
mod register_artist;
mod update_artist;

// worker operator
mod add_stake;
mod register_worker;
mod request_unstake;
mod withdraw_stake;

// job escrow
mod cancel_job;
mod claim_job;
mod create_job;
mod expire_claim;
mod refund_expired_job;
mod release_claim;
mod submit_result;

// verification and settlement
mod audit_worker;
mod commit_reveal;
mod finalize_job;
mod finalize_job_minting;
mod verification_game;

// minting, royalties and market
mod buy_asset;
mod claim_royalties;
mod delist_asset;
mod initialize_collection;
mod list_asset;
mod market_lifecycle;
