//! Hosting Anchor programs natively in solana-program-test (processor mode, no SBF).
//!
//! Two gaps of solana-program-test 2.2 are closed here, so native runs look like on-chain runs:
//! - anchor-lang's `entry` ties the accounts slice to `'info`; [`builtin!`] adapts it.
//! - `sol_log_data` (Anchor's `emit!`) is not routed to the transaction logs by
//!   solana-program-test's syscall stubs; [`install_event_stubs`] writes the exact on-chain line
//!   `Program data: <base64>...` into the log collector, so event parsers work unchanged.

use std::{cell::Cell, sync::Once};

use base64::Engine;
use solana_program_test::InvokeContext;
use solana_sdk::{
    account_info::AccountInfo, entrypoint::ProgramResult, instruction::Instruction,
    program_stubs::SyscallStubs, pubkey::Pubkey,
};

#[doc(hidden)]
pub use solana_program_test as __program_test;
#[doc(hidden)]
pub use solana_sdk as __sdk;

thread_local! {
    static INVOKE_CONTEXT: Cell<usize> = const { Cell::new(0) };
}

/// Records the running instruction's invoke context; returns the previous one to restore.
#[doc(hidden)]
pub fn __enter(invoke_context: &mut InvokeContext) -> usize {
    INVOKE_CONTEXT.with(|c| c.replace(invoke_context as *mut InvokeContext as usize))
}

#[doc(hidden)]
pub fn __leave(previous: usize) {
    INVOKE_CONTEXT.with(|c| c.set(previous));
}

/// Turns an Anchor program's `entry` into a builtin for `ProgramTest::new` / `add_program`:
/// `ProgramTest::new("atelier", atelier::ID, native_host::builtin!(atelier::entry))`.
#[macro_export]
macro_rules! builtin {
    ($entry:path) => {{
        fn __native_entry(
            program_id: &$crate::__sdk::pubkey::Pubkey,
            accounts: &[$crate::__sdk::account_info::AccountInfo],
            data: &[u8],
        ) -> $crate::__sdk::entrypoint::ProgramResult {
            // The accounts live for the whole instruction; leaking the small Vec of handles
            // gives them the `'info` lifetime anchor's entry asks for.
            let accounts = Box::leak(Box::new(accounts.to_vec()));
            $entry(program_id, accounts, data)
        }
        Some(|vm, _arg0, _arg1, _arg2, _arg3, _arg4| {
            let vm = unsafe {
                &mut *((vm as *mut u64)
                    .offset(-($crate::__program_test::get_runtime_environment_key() as isize))
                    as *mut $crate::__program_test::EbpfVm<$crate::__program_test::InvokeContext>)
            };
            let previous = $crate::__enter(vm.context_object_pointer);
            vm.program_result = $crate::__program_test::invoke_builtin_function(
                __native_entry,
                vm.context_object_pointer,
            )
            .map_err(|err| $crate::__program_test::EbpfError::SyscallError(err))
            .into();
            $crate::__leave(previous);
        })
    }};
}

/// Wraps solana-program-test's syscall stubs (call after the first `ProgramTest` started) so
/// that `sol_log_data` lands in the transaction's logs as on chain. Idempotent.
pub fn install_event_stubs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let inner = solana_sdk::program_stubs::set_syscall_stubs(Box::new(Placeholder));
        solana_sdk::program_stubs::set_syscall_stubs(Box::new(EventStubs { inner }));
    });
}

struct Placeholder;
impl SyscallStubs for Placeholder {}

struct EventStubs {
    inner: Box<dyn SyscallStubs>,
}

impl SyscallStubs for EventStubs {
    fn sol_log(&self, message: &str) {
        self.inner.sol_log(message)
    }
    fn sol_log_compute_units(&self) {
        self.inner.sol_log_compute_units()
    }
    fn sol_remaining_compute_units(&self) -> u64 {
        self.inner.sol_remaining_compute_units()
    }
    fn sol_invoke_signed(
        &self,
        instruction: &Instruction,
        account_infos: &[AccountInfo],
        signers_seeds: &[&[&[u8]]],
    ) -> ProgramResult {
        self.inner
            .sol_invoke_signed(instruction, account_infos, signers_seeds)
    }
    fn sol_get_sysvar(
        &self,
        sysvar_id_addr: *const u8,
        var_addr: *mut u8,
        offset: u64,
        length: u64,
    ) -> u64 {
        self.inner
            .sol_get_sysvar(sysvar_id_addr, var_addr, offset, length)
    }
    fn sol_get_clock_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_clock_sysvar(var_addr)
    }
    fn sol_get_epoch_schedule_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_epoch_schedule_sysvar(var_addr)
    }
    fn sol_get_fees_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_fees_sysvar(var_addr)
    }
    fn sol_get_rent_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_rent_sysvar(var_addr)
    }
    fn sol_get_epoch_rewards_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_epoch_rewards_sysvar(var_addr)
    }
    fn sol_get_last_restart_slot(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_last_restart_slot(var_addr)
    }
    fn sol_get_epoch_stake(&self, vote_address: *const u8) -> u64 {
        self.inner.sol_get_epoch_stake(vote_address)
    }
    unsafe fn sol_memcpy(&self, dst: *mut u8, src: *const u8, n: usize) {
        self.inner.sol_memcpy(dst, src, n)
    }
    unsafe fn sol_memmove(&self, dst: *mut u8, src: *const u8, n: usize) {
        self.inner.sol_memmove(dst, src, n)
    }
    unsafe fn sol_memcmp(&self, s1: *const u8, s2: *const u8, n: usize, result: *mut i32) {
        self.inner.sol_memcmp(s1, s2, n, result)
    }
    unsafe fn sol_memset(&self, s: *mut u8, c: u8, n: usize) {
        self.inner.sol_memset(s, c, n)
    }
    fn sol_get_return_data(&self) -> Option<(Pubkey, Vec<u8>)> {
        self.inner.sol_get_return_data()
    }
    fn sol_set_return_data(&self, data: &[u8]) {
        self.inner.sol_set_return_data(data)
    }
    fn sol_log_data(&self, fields: &[&[u8]]) {
        let ptr = INVOKE_CONTEXT.with(|c| c.get());
        if ptr == 0 {
            return self.inner.sol_log_data(fields);
        }
        // SAFETY: set by `builtin!` for the instruction running on this thread right now.
        let invoke_context = unsafe { &mut *(ptr as *mut InvokeContext) };
        if let Some(collector) = invoke_context.get_log_collector() {
            let encoded: Vec<String> = fields
                .iter()
                .map(|f| base64::engine::general_purpose::STANDARD.encode(f))
                .collect();
            collector
                .borrow_mut()
                .log(&format!("Program data: {}", encoded.join(" ")));
        }
    }
    fn sol_get_processed_sibling_instruction(&self, index: usize) -> Option<Instruction> {
        self.inner.sol_get_processed_sibling_instruction(index)
    }
    fn sol_get_stack_height(&self) -> u64 {
        self.inner.sol_get_stack_height()
    }
}
