//! Tests of `submit_result`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
