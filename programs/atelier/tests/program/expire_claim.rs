//! Tests of `expire_claim`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
