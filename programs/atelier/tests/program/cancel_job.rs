//! Tests of `cancel_job`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
