//! Small simulations with known answers, run against the real program (the full run is a
//! benchmark: `cargo run -p fleet-sim --release`).

use fleet_sim::{
    report::rows,
    sim::{run, Outcome, SimConfig},
    strategy::Strategy,
};

fn tiny(mix: Vec<(Strategy, f64)>, client_attest_pct: f64, seed: u64) -> SimConfig {
    let mut cfg = SimConfig::new(8, 30, seed);
    cfg.mix = mix;
    cfg.client_attest_pct = client_attest_pct;
    cfg.clients = 4;
    cfg
}

#[track_caller]
fn assert_conserved(o: &Outcome) {
    let t = &o.totals;
    assert_eq!(
        t.ledger_before,
        t.ledger_after + t.fees,
        "lamports across the simulated ledger: before = after + fees"
    );
}

#[tokio::test]
async fn honest_network_with_noise_workers() {
    let o = run(tiny(vec![(Strategy::Noise, 25.0)], 0.0, 7)).await;
    assert_eq!(o.totals.jobs_settled, 30, "every job settles");
    assert_conserved(&o);
    let r = rows(&o.actors);
    let honest = &r[&Strategy::Honest];
    let noise = &r[&Strategy::Noise];
    assert_eq!(noise.actors, 2);
    assert!(noise.claimed > 0, "noise workers got jobs");
    assert_eq!(
        noise.accepted, 0,
        "a noise result is never accepted by honest verifiers"
    );
    assert_eq!(
        noise.slashed_actors, noise.actors,
        "every noise worker is slashed"
    );
    assert_eq!(
        honest.slash_count(),
        0,
        "no honest actor is slashed when every verifier is honest"
    );
    assert_eq!(honest.rejected, 0);
    assert_eq!(honest.accepted + honest.unverified, honest.claimed);
    assert!(honest.net > 0, "honest work pays");
    assert_eq!(o.totals.honest_rejected_under_honest_majority, 0);
    assert_eq!(o.totals.cheats_accepted_under_honest_majority, 0);
}

#[tokio::test]
async fn every_strategy_and_determinism() {
    let mix = vec![
        (Strategy::Noise, 12.5),
        (Strategy::Lazy, 12.5),
        (Strategy::Silent, 12.5),
        (Strategy::SelfAttr, 12.5),
    ];
    let a = run(tiny(mix.clone(), 50.0, 3)).await;
    assert_conserved(&a);
    let r = rows(&a.actors);
    // The program refuses a self-attributing submission every time, and a client's own vote.
    let sa = &r[&Strategy::SelfAttr];
    assert_eq!(
        sa.refusals.get("SelfInfluence").copied().unwrap_or(0),
        sa.claimed,
        "every self-attributing submission is refused: {:?}",
        sa.refusals
    );
    let ca = &r[&Strategy::ClientAttest];
    assert!(
        !ca.refusals.keys().any(|k| k.starts_with("ACCEPTED")),
        "a client's commit on its own job went through: {:?}",
        ca.refusals
    );
    assert!(
        ca.refusals.get("ClientAttestation").copied().unwrap_or(0) > 0,
        "a drawn client is refused ClientAttestation: {:?}",
        ca.refusals
    );
    // A silent verifier that committed is slashed for it.
    let silent = &r[&Strategy::Silent];
    if silent.commits > 0 {
        assert_eq!(
            silent.slashes.get("VerifierNoReveal").copied(),
            Some(silent.commits)
        );
    }
    let honest = &r[&Strategy::Honest];
    assert_eq!(honest.slashed_under_honest_majority, 0);
    assert_eq!(a.totals.honest_rejected_under_honest_majority, 0);
    assert_eq!(a.totals.cheats_accepted_under_honest_majority, 0);

    let b = run(tiny(mix, 50.0, 3)).await;
    assert_eq!(
        a.deterministic_markdown(),
        b.deterministic_markdown(),
        "same seed, same report"
    );
}
