//! Tests of `create_job`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
