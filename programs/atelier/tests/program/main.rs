//! Native tests of the Atelier program: the real instruction handlers run inside
//! solana-program-test's bank (processor mode, no SBF). One module per instruction.

mod fixtures;
mod harness;

mod lifecycle;
