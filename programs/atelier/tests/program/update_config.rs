//! Tests of `update_config`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
