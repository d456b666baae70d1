//! Lamport movement and account creation shared by handlers.
use crate::{
    error::AtelierError,
    math,
    state::{Config, Worker},
};
use anchor_lang::{prelude::*, system_program};

/// Moves lamports from a wallet (system-owned signer) into any account, through the system program.
pub fn deposit<'info>(
    system_program: &Program<'info, System>,
    from: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    lamports: u64,
) -> Result<()> {
    if lamports == 0 {
        return Ok(());
    }
    system_program::transfer(
        CpiContext::new(
            system_program.to_account_info(),
            system_program::Transfer {
                from: from.clone(),
                to: to.clone(),
            },
        ),
        lamports,
    )
}

/// Refuses remaining accounts in a handler that takes none (the `check_context` of every
/// instruction but `submit_result` and `finalize_job`): a stray account is a client bug or an
/// attempt to smuggle state in, never something to ignore.
pub fn require_no_remaining_accounts(remaining: &[AccountInfo]) -> Result<()> {
    require!(
        remaining.is_empty(),
        AtelierError::UnexpectedRemainingAccounts
    );
    Ok(())
}

/// Slashes `bps` of a worker's stake to the treasury, keeping `Config::active_stake` in step;
/// returns the lamports moved. Every slash takes this path.
pub fn slash_to_treasury(
    config: &mut Config,
    worker: &mut Worker,
    worker_info: &AccountInfo,
    treasury: &AccountInfo,
    bps: u16,
) -> Result<u64> {
    let before = worker.active_stake();
    let amount = worker.slash(bps)?;
    config.track_stake(before, worker.active_stake())?;
    pay_out(worker_info, treasury, amount)?;
    Ok(amount)
}

/// Deactivates a worker (failed audit), keeping `Config::active_stake` in step.
pub fn deactivate(
    config: &mut Config,
    worker: &mut Worker,
    now: i64,
    unbonding_period: i64,
) -> Result<()> {
    let before = worker.active_stake();
    worker.deactivate(now, unbonding_period)?;
    config.track_stake(before, worker.active_stake())
}

/// Moves lamports out of an account this program owns (job escrow, worker stake).
pub fn pay_out(from: &AccountInfo, to: &AccountInfo, lamports: u64) -> Result<()> {
    if lamports == 0 {
        return Ok(());
    }
    // Crediting and debiting one account would add instead of move: refuse it outright.
    require_keys_neq!(from.key(), to.key(), AtelierError::SelfPayout);
    let from_balance = math::sub(from.lamports(), lamports)?;
    let to_balance = math::add(to.lamports(), lamports)?;
    **from.try_borrow_mut_lamports()? = from_balance;
    **to.try_borrow_mut_lamports()? = to_balance;
    Ok(())
}

/// Whether `to` can take `lamports` and stay valid: the runtime refuses any transaction that
/// leaves a credited account below its rent-exempt minimum (for example a wallet emptied to 0),
/// and clusters without SIMD-0162 refuse crediting an executable account.
pub fn can_receive(to: &AccountInfo, lamports: u64) -> Result<bool> {
    if lamports == 0 {
        return Ok(true);
    }
    if to.executable {
        return Ok(false);
    }
    let after = math::add(to.lamports(), lamports)?;
    Ok(after >= Rent::get()?.minimum_balance(to.data_len()))
}

/// Creates a program-owned PDA of `space` bytes, paid by `payer`. Fails with `already_exists`
/// when the program already owns it, and also works when someone pre-funded the address.
pub fn create_pda<'info>(
    payer: &AccountInfo<'info>,
    target: &AccountInfo<'info>,
    system_program: &Program<'info, System>,
    space: usize,
    signer_seeds: &[&[u8]],
    already_exists: AtelierError,
) -> Result<()> {
    create_pda_paid_by_pda(
        payer,
        &[],
        target,
        system_program,
        space,
        signer_seeds,
        already_exists,
    )
}

/// `create_pda` where the payer is itself a system-owned PDA signing with `payer_seeds`
/// (empty when the payer is a wallet that signed the transaction).
pub fn create_pda_paid_by_pda<'info>(
    payer: &AccountInfo<'info>,
    payer_seeds: &[&[u8]],
    target: &AccountInfo<'info>,
    system_program: &Program<'info, System>,
    space: usize,
    signer_seeds: &[&[u8]],
    already_exists: AtelierError,
) -> Result<()> {
    if target.owner == &crate::ID || !target.data_is_empty() {
        return Err(already_exists.into());
    }
    let rent = Rent::get()?.minimum_balance(space);
    let program = system_program.to_account_info();
    let signer = &[signer_seeds];
    let both = [signer_seeds, payer_seeds];
    let create_signers: &[&[&[u8]]] = if payer_seeds.is_empty() {
        signer
    } else {
        &both
    };
    if target.lamports() == 0 {
        return system_program::create_account(
            CpiContext::new_with_signer(
                program,
                system_program::CreateAccount {
                    from: payer.clone(),
                    to: target.clone(),
                },
                create_signers,
            ),
            rent,
            space as u64,
            &crate::ID,
        );
    }
    let top_up = rent.saturating_sub(target.lamports());
    if top_up > 0 {
        system_program::transfer(
            CpiContext::new_with_signer(
                program.clone(),
                system_program::Transfer {
                    from: payer.clone(),
                    to: target.clone(),
                },
                if payer_seeds.is_empty() {
                    &[]
                } else {
                    std::slice::from_ref(&payer_seeds)
                },
            ),
            top_up,
        )?;
    }
    system_program::allocate(
        CpiContext::new_with_signer(
            program.clone(),
            system_program::Allocate {
                account_to_allocate: target.clone(),
            },
            signer,
        ),
        space as u64,
    )?;
    system_program::assign(
        CpiContext::new_with_signer(
            program,
            system_program::Assign {
                account_to_assign: target.clone(),
            },
            signer,
        ),
        &crate::ID,
    )
}

/// Fails unless `info` holds at least the rent-exempt minimum for its size.
pub fn require_rent_exempt(info: &AccountInfo) -> Result<()> {
    let minimum = Rent::get()?.minimum_balance(info.data_len());
    require!(
        info.lamports() >= minimum,
        AtelierError::TreasuryNotRentExempt
    );
    Ok(())
}

/// Fails when a handler that takes no extra accounts got some.
pub fn require_no_remaining(remaining: &[AccountInfo], error: AtelierError) -> Result<()> {
    if remaining.is_empty() {
        Ok(())
    } else {
        Err(error.into())
    }
}
