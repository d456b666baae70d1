//! The report: per-strategy outcomes, the headline numbers and the run's speed, as markdown.

use std::{collections::BTreeMap, fmt::Write};

use crate::{
    chain::SOL,
    sim::{ActorEnd, Outcome},
    strategy::Strategy,
};

/// Slash reasons in report order (the program's `SlashReason` names).
pub const REASONS: [&str; 6] = [
    "RejectedResult",
    "FailedAudit",
    "FailedVerifierAudit",
    "VerifierNoReveal",
    "VerifierDeviation",
    "ExpiredClaim",
];

/// One strategy's totals.
#[derive(Debug, Default, Clone)]
pub struct Row {
    pub actors: u64,
    pub stake_total: u64,
    pub claimed: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub unverified: u64,
    pub cheats_accepted: u64,
    pub commits: u64,
    pub reveals: u64,
    pub slashes: BTreeMap<String, u64>,
    pub slashed_actors: u64,
    pub deactivated: u64,
    /// Participations until the first slash, of the actors ever slashed.
    pub first_slash: Vec<u64>,
    pub stake_lost: u64,
    pub earnings: u64,
    pub net: i128,
    pub refusals: BTreeMap<String, u64>,
    pub audits: u64,
    pub audits_failed: u64,
    pub slashed_under_honest_majority: u64,
}

impl Row {
    pub fn median_first_slash(&self) -> Option<u64> {
        let mut v = self.first_slash.clone();
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        Some(v[(v.len() - 1) / 2])
    }

    pub fn net_per_actor(&self) -> f64 {
        if self.actors == 0 {
            0.0
        } else {
            self.net as f64 / self.actors as f64 / SOL as f64
        }
    }

    pub fn slash_count(&self) -> u64 {
        self.slashes.values().sum()
    }
}

pub fn rows(actors: &[ActorEnd]) -> BTreeMap<Strategy, Row> {
    let mut out: BTreeMap<Strategy, Row> = BTreeMap::new();
    for a in actors {
        let r = out.entry(a.strategy).or_default();
        r.actors += 1;
        r.stake_total += a.stake + a.total_slashed;
        r.claimed += a.st.jobs_claimed;
        r.accepted += a.st.accepted;
        r.rejected += a.st.rejected;
        r.unverified += a.st.unverified;
        r.cheats_accepted += a.st.cheats_accepted;
        r.commits += a.st.commits;
        r.reveals += a.st.reveals;
        for (k, v) in &a.st.slashes {
            *r.slashes.entry(k.clone()).or_default() += v;
        }
        if let Some(f) = a.st.first_slash_at {
            r.slashed_actors += 1;
            r.first_slash.push(f);
        }
        if a.status == atelier::state::WorkerStatus::Deactivated {
            r.deactivated += 1;
        }
        r.stake_lost += a.total_slashed;
        r.earnings += a.total_earned;
        r.net += a.net;
        for (k, v) in &a.st.refusals {
            *r.refusals.entry(k.clone()).or_default() += v;
        }
        r.audits += a.st.audits;
        r.audits_failed += a.st.audits_failed;
        r.slashed_under_honest_majority += a.st.slashed_under_honest_majority;
    }
    out
}

fn sol(l: u64) -> String {
    format!("{:.3}", l as f64 / SOL as f64)
}

impl Outcome {
    /// Everything but the timing: identical for identical configurations and seeds.
    pub fn deterministic_markdown(&self) -> String {
        let cfg = &self.cfg;
        let p = &cfg.params;
        let t = &self.totals;
        let rows = rows(&self.actors);
        let mut s = String::new();
        let mix: Vec<String> = cfg.mix.iter().map(|(k, v)| format!("{k} {v}%")).collect();
        let _ = writeln!(s, "## Run");
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "seed {}, {} workers ({}; honest the rest), {} clients ({}% self-attesting), {} jobs in {} rounds of {} (one verification window each), payment {} SOL, stake {} SOL each.",
            cfg.seed,
            cfg.workers,
            if mix.is_empty() { "all honest".to_string() } else { mix.join(", ") },
            cfg.clients,
            cfg.client_attest_pct,
            t.jobs_created,
            t.rounds,
            cfg.jobs_per_round,
            sol(cfg.payment),
            sol(cfg.stake),
        );
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Parameters: quorum {} of a committee of {}, oversample {}, commit window {} s, verification window {} s, tolerance {}, verifier slash {} bps, reject slash {} bps, floor {}, audit {} jobs / z > {:.2} / {} bps.",
            p.verifier_quorum,
            p.verifier_committee,
            p.verifier_oversample,
            p.commit_window,
            p.verification_window,
            p.verifier_tolerance,
            p.verifier_slash_bps,
            p.slash_bps,
            p.clip_score_floor,
            p.audit_min_jobs,
            p.audit_threshold_x100 as f64 / 100.0,
            p.audit_slash_bps,
        );
        let m = &cfg.model;
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Score model (`crates/fleet-sim/data/score-model.json`, {}): honest N({}, {}), noise N({}, {}), colluders' cheap results N({}, {}), colluders' votes against others N({}, {}), verifier recomputation ± N(0, {}). {}",
            m.units, m.honest.mean, m.honest.sd, m.noise.mean, m.noise.sd, m.cheap.mean, m.cheap.sd,
            m.colluder_vote_against.mean, m.colluder_vote_against.sd, m.verifier_sd, m.calibration
        );
        let _ = writeln!(s);
        let _ = writeln!(s, "## Outcomes per strategy");
        let _ = writeln!(s);
        let _ = writeln!(s, "Results are the strategy's own submissions as a worker; slashes count every `WorkerSlashed` event on its stake accounts (as worker and as verifier). \"Jobs until first slash\" counts claims and commitments up to the first slash, median over the actors ever slashed (slashed / all). Net is wallet + stake account at the end minus the genesis funding (fees, provenance rent, earnings and slashes included; a self-attesting client's net also includes what it paid for its jobs).");
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "| strategy | actors | claimed | accepted | rejected | unverified | cheats accepted | slashes: rejected / audit / verifier audit / no-reveal / deviation / late | slashed actors | jobs until first slash (median) | deactivated | stake lost (SOL) | earnings (SOL) | net per actor (SOL) | refused |"
        );
        let _ = writeln!(
            s,
            "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|"
        );
        for (k, r) in &rows {
            let sl: Vec<String> = REASONS
                .iter()
                .map(|x| r.slashes.get(*x).copied().unwrap_or(0).to_string())
                .collect();
            let refused: Vec<String> = r
                .refusals
                .iter()
                .map(|(k, v)| format!("{k} ×{v}"))
                .collect();
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {}/{} | {} | {} | {} | {} | {:+.4} | {} |",
                k,
                r.actors,
                r.claimed,
                r.accepted,
                r.rejected,
                r.unverified,
                r.cheats_accepted,
                sl.join(" / "),
                r.slashed_actors,
                r.actors,
                r.median_first_slash().map_or("—".to_string(), |m| m.to_string()),
                r.deactivated,
                sol(r.stake_lost),
                sol(r.earnings),
                r.net_per_actor(),
                if refused.is_empty() { "—".to_string() } else { refused.join(", ") },
            );
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "## Headlines");
        let _ = writeln!(s);
        let honest = rows.get(&Strategy::Honest).cloned().unwrap_or_default();
        let _ = writeln!(
            s,
            "- Honest actors slashed: {} times ({} under an honest revealed majority; {} failed audits out of {} audits of honest workers; {} lamports lost).",
            honest.slash_count(),
            honest.slashed_under_honest_majority,
            honest.audits_failed,
            honest.audits,
            honest.stake_lost,
        );
        if let Some(c) = rows.get(&Strategy::Collude) {
            let stake_all: u64 = rows
                .iter()
                .filter(|(k, _)| **k != Strategy::ClientAttest)
                .map(|(_, r)| r.stake_total)
                .sum();
            let _ = writeln!(
                s,
                "- Colluding group ({} actors, {:.1} % of the workers' stake at registration): net {:+.4} SOL per actor vs honest {:+.4} SOL per actor; {} of its results accepted, {} rejected; {} slashes ({} lamports).",
                c.actors,
                100.0 * c.stake_total as f64 / stake_all.max(1) as f64,
                c.net_per_actor(),
                honest.net_per_actor(),
                c.accepted,
                c.rejected,
                c.slash_count(),
                c.stake_lost,
            );
        }
        for (k, r) in &rows {
            if *k == Strategy::Honest || *k == Strategy::Collude {
                continue;
            }
            let refused: u64 = r.refusals.values().sum();
            let _ = writeln!(
                s,
                "- {}: {} slashes on {}/{} actors, median {} jobs until the first; net {:+.4} SOL per actor{}.",
                k,
                r.slash_count(),
                r.slashed_actors,
                r.actors,
                r.median_first_slash().map_or("—".to_string(), |m| m.to_string()),
                r.net_per_actor(),
                if refused > 0 { format!("; {refused} transactions refused") } else { String::new() },
            );
        }
        let diff = t.ledger_before as i128 - (t.ledger_after + t.fees) as i128;
        let _ = writeln!(
            s,
            "- Verdicts: {} accepted, {} rejected, {} unverified of {} settled ({} cancelled). Committee sizes (commits → jobs): {}. Widened draws (second half of the commit window): {}.",
            t.accepted,
            t.rejected,
            t.unverified,
            t.jobs_settled,
            t.jobs_cancelled,
            t.committee_sizes
                .iter()
                .map(|(k, v)| format!("{k} → {v}"))
                .collect::<Vec<_>>()
                .join(", "),
            t.widened_draws,
        );
        let _ = writeln!(
            s,
            "- Invariants: lamports conserved across the simulated ledger ({} before = {} after + {} fees; difference {}); results below the floor accepted under an honest majority: {}; honest results rejected under an honest majority: {}; worker audits run {}, verifier audits run {}, refused as too early {}.",
            t.ledger_before, t.ledger_after, t.fees, diff,
            t.cheats_accepted_under_honest_majority,
            t.honest_rejected_under_honest_majority,
            t.audits_run,
            t.verifier_audits_run,
            t.audits_too_early,
        );
        s
    }

    pub fn speed_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "## Speed");
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "{} transactions in the simulation proper ({} failed as intended or refused, all counted) in {:.1} s: **{:.0} transactions per second**, {:.2} ms per job; {:.1} s for the whole run including setup ({} transactions). One process, BanksClient over solana-program-test, {} build.",
            self.sim_tx,
            self.tx.failed,
            self.sim_secs,
            self.sim_tx as f64 / self.sim_secs.max(1e-9),
            1000.0 * self.sim_secs / self.totals.jobs_created.max(1) as f64,
            self.total_secs,
            self.tx.sent,
            if cfg!(debug_assertions) { "debug" } else { "release" },
        );
        s
    }

    pub fn markdown(&self, command: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# Fleet simulation report");
        let _ = writeln!(s);
        let _ = writeln!(s, "Regenerate: `{command}` (see docs/fleet-simulation.md). Every number but the speed is a function of the command line.");
        let _ = writeln!(s);
        s.push_str(&self.deterministic_markdown());
        let _ = writeln!(s);
        s.push_str(&self.speed_markdown());
        s
    }
}
