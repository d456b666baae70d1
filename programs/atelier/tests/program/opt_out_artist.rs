//! Tests of `opt_out_artist`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
