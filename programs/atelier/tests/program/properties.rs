//! Property tests (proptest) of the pure money and weight functions.

#[allow(unused_imports)]
use super::{fixtures::*, harness::*};
