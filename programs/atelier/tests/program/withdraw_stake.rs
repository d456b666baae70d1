//! Tests of `withdraw_stake`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
