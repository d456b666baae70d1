//! Every handler but `submit_result` (artists) and `finalize_job` (the committee) refuses
//! remaining accounts: a stray account is never silently ignored.

use super::harness::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use atelier::error::AtelierError;
use solana_sdk::signature::{Keypair, Signer};

async fn refused_with_extra(env: &mut Env, mut ix: Instruction, signer: &Keypair) {
    ix.accounts
        .push(AccountMeta::new_readonly(env.treasury.pubkey(), false));
    assert_err(
        env.send(&[ix], &[signer]).await,
        AtelierError::UnexpectedRemainingAccounts,
    );
}

#[tokio::test]
async fn handlers_refuse_unexpected_remaining_accounts() {
    let mut env = setup().await;
    let s = env.open_job(SOL).await;
    let admin = env.admin.insecure_clone();
    let (worker, client, v) = (
        s.worker.insecure_clone(),
        s.client.insecure_clone(),
        s.verifiers[0].insecure_clone(),
    );
    refused_with_extra(&mut env, ix_set_paused(&admin.pubkey(), true), &admin).await;
    refused_with_extra(&mut env, ix_claim_job(&worker.pubkey(), &s.job), &worker).await;
    refused_with_extra(&mut env, ix_cancel_job(&client.pubkey(), &s.job), &client).await;
    let args = job_args(2, SOL, env.now().await + 3_600);
    refused_with_extra(&mut env, ix_create_job(&client.pubkey(), args), &client).await;
    let unstake = ix_request_unstake(&v.pubkey(), &worker_pda(&v.pubkey()));
    refused_with_extra(&mut env, unstake, &v).await;
    let top_up = ix_add_stake(&v.pubkey(), &worker_pda(&v.pubkey()), SOL);
    refused_with_extra(&mut env, top_up, &v).await;
    // The same instructions without the extra account go through.
    env.send(&[ix_claim_job(&worker.pubkey(), &s.job)], &[&worker])
        .await
        .unwrap();
    env.submit(&s, 3_100, vec![]).await.unwrap();
    env.next_slot().await;
    env.next_slot().await;
    refused_with_extra(&mut env, ix_commit(&v.pubkey(), &s.job, [1; 32]), &v).await;
    env.attest(&s, 0, 3_000, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();
}
