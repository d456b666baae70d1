//! Whole job lives, with every lamport accounted for: the sum of all balances involved changes
//! by exactly the transaction fees.

use super::harness::*;
use atelier::{events::JobFinalized, state::*};
use solana_sdk::signature::Signer;

#[tokio::test]
async fn accepted_job_pays_worker_verifiers_and_treasury_to_the_lamport() {
    let mut env = setup().await;
    let payment = 3 * SOL;
    let s = env.submitted_job(payment).await;
    env.attest(&s, 0, 3_050, true).await.unwrap();
    env.attest(&s, 1, 3_000, true).await.unwrap();

    let keys = s.ledger_keys(&env);
    let before_total = env.total(&keys).await;
    let worker_wallet = env.balance(&s.worker.pubkey()).await;
    let client = env.balance(&s.client.pubkey()).await;
    let treasury = env.balance(&env.treasury.pubkey()).await;
    let v0 = env.balance(&s.verifiers[0].pubkey()).await;
    let job_lamports = env.balance(&s.job).await;

    let cranker = env.wallet(SOL).await;
    let payees = vec![s.verifiers[0].pubkey(), s.verifiers[1].pubkey()];
    let logs = env
        .send(
            &[ix_finalize(&s.finalize_keys(
                &env,
                &cranker.pubkey(),
                payees,
            ))],
            &[&cranker],
        )
        .await
        .unwrap();

    // 5 % protocol fee, 3 % verifier pool split between two agreeing verifiers.
    let fee = payment * 500 / 10_000;
    let pool = payment * 300 / 10_000;
    assert_eq!(
        env.balance(&s.worker.pubkey()).await - worker_wallet,
        payment - fee - pool
    );
    assert_eq!(env.balance(&s.verifiers[0].pubkey()).await - v0, pool / 2);
    assert_eq!(
        env.balance(&env.treasury.pubkey()).await - treasury,
        fee + pool % 2
    );
    // The job account closed; its rent went back to the client.
    assert!(!env.exists(&s.job).await);
    assert_eq!(
        env.balance(&s.client.pubkey()).await - client,
        job_lamports - payment
    );
    // The cranker paid only its fee; nothing else was created or lost.
    assert_eq!(env.total(&keys).await, before_total);

    let provenance: Provenance = env.fetch(&provenance_pda(&s.content_hash)).await;
    assert_eq!(provenance.status, ProvenanceStatus::Accepted);
    assert_eq!(provenance.verified_score, Some(3_025));
    let worker: Worker = env.fetch(&worker_pda(&s.worker.pubkey())).await;
    assert_eq!(
        (
            worker.jobs_completed,
            worker.jobs_failed,
            worker.jobs_in_flight
        ),
        (1, 0, 0)
    );
    assert_eq!((worker.scores.count, worker.scores.sum), (1, 3_025));
    assert_eq!(worker.total_earned, payment - fee - pool);
    let event = &events::<JobFinalized>(&logs)[0];
    assert!(event.accepted);
    assert_eq!(event.worker_paid, payment - fee - pool);
}
