//! Tests of `attest_result`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
