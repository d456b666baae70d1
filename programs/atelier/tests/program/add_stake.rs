//! Tests of `add_stake`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
