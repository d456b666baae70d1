//! Tests of `set_paused`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
