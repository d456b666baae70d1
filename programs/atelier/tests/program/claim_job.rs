//! Tests of `claim_job`.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
