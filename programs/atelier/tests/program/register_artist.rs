//! Tests of `register_artist`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
