//! Tests of `request_unstake`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
