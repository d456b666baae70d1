//! Core's own error codes (`MplCoreError`, custom program errors 0..) for the stand-in.

use anchor_lang::solana_program::program_error::ProgramError;
use mpl_core::errors::MplCoreError;

/// The `ProgramError::Custom` code the real Core program returns for `error`.
pub fn core_error(error: MplCoreError) -> ProgramError {
    ProgramError::Custom(error as u32)
}

/// Account bytes that do not decode as Core's types.
pub(crate) fn deserialization(_: std::io::Error) -> ProgramError {
    core_error(MplCoreError::DeserializationError)
}

/// Core's types that do not encode (never expected).
pub(crate) fn serialization(_: std::io::Error) -> ProgramError {
    core_error(MplCoreError::SerializationError)
}
