//! Tests of `update_artist`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
