//! Command-line flags (`--name value`), parsed into a `SimConfig`.

use crate::{chain::SOL, model::ScoreModel, sim::SimConfig, strategy::Strategy};

pub const USAGE: &str = "\
fleet-sim: a seeded fleet of workers/verifiers with strategies against the real Atelier program

  --workers N            staked worker/verifier actors (default 50)
  --jobs N               jobs to create (default 2000)
  --seed N               RNG seed (default 1)
  --clients N            clients (default workers/4, at least 2)
  --jobs-per-round N     jobs per verification window (default: workers)
  --payment-sol X        payment per job (default 0.05)
  --stake-sol X          stake per actor (default 2)
  --artists N            honest artists (default 4)
  strategy mix, percent of the workers (honest = the rest):
  --noise P --lazy P --silent P --collude P --self-attr P     (defaults 10 10 5 10 5)
  --all-honest           every mix percentage 0
  --client-attest P      percent of the clients that vote on their own jobs (default 10)
  protocol parameters (migration 001 defaults):
  --quorum N --committee N --oversample N --tolerance N --verifier-slash-bps N
  --slash-bps N --floor N --audit-min-jobs N --audit-threshold-x100 N --audit-slash-bps N
  --score-model PATH     score distributions (default crates/fleet-sim/data/score-model.json)
  --report PATH          markdown report (default docs/fleet/report.md); --no-report
  --quiet                no progress lines
";

/// Parsed command line.
pub struct Cli {
    pub cfg: SimConfig,
    pub report: Option<String>,
}

fn num<T: std::str::FromStr>(flag: &str, v: Option<&String>) -> Result<T, String> {
    let v = v.ok_or_else(|| format!("{flag} needs a value"))?;
    v.parse().map_err(|_| format!("{flag}: cannot parse '{v}'"))
}

pub fn default_mix() -> Vec<(Strategy, f64)> {
    vec![
        (Strategy::Noise, 10.0),
        (Strategy::Lazy, 10.0),
        (Strategy::Silent, 5.0),
        (Strategy::Collude, 10.0),
        (Strategy::SelfAttr, 5.0),
    ]
}

pub fn parse(args: &[String]) -> Result<Cli, String> {
    let mut cfg = SimConfig::new(50, 2000, 1);
    cfg.mix = default_mix();
    cfg.client_attest_pct = 10.0;
    cfg.progress = true;
    let mut clients: Option<usize> = None;
    let mut per_round: Option<usize> = None;
    let mut report =
        Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/fleet/report.md").to_string());
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        let v = args.get(i + 1);
        let mut takes = true;
        match flag {
            "--workers" => cfg.workers = num(flag, v)?,
            "--jobs" => cfg.jobs = num(flag, v)?,
            "--seed" => cfg.seed = num(flag, v)?,
            "--clients" => clients = Some(num(flag, v)?),
            "--jobs-per-round" => per_round = Some(num(flag, v)?),
            "--payment-sol" => cfg.payment = (num::<f64>(flag, v)? * SOL as f64) as u64,
            "--stake-sol" => cfg.stake = (num::<f64>(flag, v)? * SOL as f64) as u64,
            "--artists" => cfg.artists = num(flag, v)?,
            "--client-attest" => cfg.client_attest_pct = num(flag, v)?,
            "--quorum" => cfg.params.verifier_quorum = num(flag, v)?,
            "--committee" => cfg.params.verifier_committee = num(flag, v)?,
            "--oversample" => cfg.params.verifier_oversample = num(flag, v)?,
            "--tolerance" => cfg.params.verifier_tolerance = num(flag, v)?,
            "--verifier-slash-bps" => cfg.params.verifier_slash_bps = num(flag, v)?,
            "--slash-bps" => cfg.params.slash_bps = num(flag, v)?,
            "--floor" => cfg.params.clip_score_floor = num(flag, v)?,
            "--audit-min-jobs" => cfg.params.audit_min_jobs = num(flag, v)?,
            "--audit-threshold-x100" => cfg.params.audit_threshold_x100 = num(flag, v)?,
            "--audit-slash-bps" => cfg.params.audit_slash_bps = num(flag, v)?,
            "--score-model" => {
                cfg.model = ScoreModel::from_path(v.ok_or("--score-model needs a path")?)?
            }
            "--report" => report = Some(v.ok_or("--report needs a path")?.clone()),
            "--no-report" => {
                report = None;
                takes = false;
            }
            "--quiet" => {
                cfg.progress = false;
                takes = false;
            }
            "--all-honest" => {
                cfg.mix.clear();
                cfg.client_attest_pct = 0.0;
                takes = false;
            }
            "--help" | "-h" => return Err(USAGE.to_string()),
            _ => {
                let name = flag.trim_start_matches("--");
                match Strategy::parse(name)
                    .filter(|s| Strategy::WORKER.contains(s) && *s != Strategy::Honest)
                {
                    Some(s) => {
                        let pct: f64 = num(flag, v)?;
                        cfg.mix.retain(|(k, _)| *k != s);
                        cfg.mix.push((s, pct));
                        cfg.mix.sort_by_key(|(k, _)| *k);
                    }
                    None => return Err(format!("unknown flag {flag}\n\n{USAGE}")),
                }
            }
        }
        i += if takes { 2 } else { 1 };
    }
    cfg.mix.retain(|(_, v)| *v > 0.0);
    let total: f64 = cfg.mix.iter().map(|(_, v)| v).sum();
    if total > 100.0 {
        return Err(format!("the mix adds up to {total}% (> 100)"));
    }
    if cfg.workers < 2 || cfg.jobs == 0 {
        return Err("--workers must be at least 2 and --jobs at least 1".into());
    }
    cfg.clients = clients.unwrap_or((cfg.workers / 4).max(2)).max(1);
    cfg.jobs_per_round = per_round.unwrap_or(cfg.workers).max(1);
    Ok(Cli { cfg, report })
}
