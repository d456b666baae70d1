//! Tests of `initialize_config`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
