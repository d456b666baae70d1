//! Tests of `finalize_job`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
