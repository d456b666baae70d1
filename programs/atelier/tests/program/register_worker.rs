//! Tests of `register_worker`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
