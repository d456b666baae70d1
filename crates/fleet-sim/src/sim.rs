//! The simulation: actors with strategies drive the real program, round by round.
//!
//! One round is one verification window of simulated time. At its start clients create jobs and
//! workers claim and submit them (all in slot `S`); two slots end, so slot `S + 1`'s hash seeds
//! the draws; every staked actor checks itself against the program's own draw
//! (`atelier::sortition::is_drawn`, as the SDK's simulated commit does) and the drawn ones commit
//! in a random order until the committee is full, wider draws in the second half of the commit
//! window; once commits close the committed verifiers reveal (silent ones do not); when the
//! window closes a cranker finalizes every job, every worker with `audit_min_jobs` new verified
//! jobs is audited (`audit_worker`) and every verifier with `audit_min_jobs` new reveals
//! (`audit_verifier`). Outcomes (verdicts, payouts, slashes, audits) are read from the
//! program's events and accounts, never computed here.

use std::collections::{BTreeMap, HashMap};

use anchor_lang::prelude::Pubkey;
use atelier::{
    constants::ASSIGNMENT_DELAY_SLOTS,
    events::{JobFinalized, WorkerAudited, WorkerSlashed},
    sortition,
    state::{
        attestation_commitment, InfluenceWeight, Job, ProtocolParams, RoyaltyEnforcement, Worker,
        WorkerStatus,
    },
};
use rand::{seq::SliceRandom, Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use solana_sdk::{
    signature::{Keypair, Signer},
    signer::keypair::keypair_from_seed,
};

use crate::{chain::*, model::ScoreModel, strategy::Strategy};

/// Everything a run depends on.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Staked worker/verifier actors (the self-attesting clients' workers come on top).
    pub workers: usize,
    /// Jobs to create.
    pub jobs: usize,
    pub seed: u64,
    /// Percent of the workers per cheating strategy; honest workers are the rest.
    pub mix: Vec<(Strategy, f64)>,
    /// Clients (job creators).
    pub clients: usize,
    /// Percent of the clients that also run a staked worker and try to vote their own jobs down.
    pub client_attest_pct: f64,
    /// Jobs created per round (default: one per worker).
    pub jobs_per_round: usize,
    /// Lamports paid per job.
    pub payment: u64,
    /// Lamports each actor stakes at registration.
    pub stake: u64,
    /// Honest artists that honest results name.
    pub artists: usize,
    pub params: ProtocolParams,
    pub model: ScoreModel,
    /// Progress lines on stderr.
    pub progress: bool,
}

/// The protocol parameters of migration 001 (`migrations/params.ts`).
pub fn default_params() -> ProtocolParams {
    ProtocolParams {
        protocol_fee_bps: 500,
        verifier_fee_bps: 300,
        min_worker_stake: SOL,
        unbonding_period: 7 * 24 * 3600,
        claim_timeout: 600,
        verification_window: 3600,
        commit_window: 60,
        verifier_quorum: 2,
        verifier_committee: 3,
        verifier_oversample: 2,
        verifier_tolerance: 300,
        verifier_slash_bps: 1_000,
        clip_score_floor: 2_000,
        slash_bps: 1_000,
        late_penalty_bps: 100,
        royalty_bps: 500,
        royalty_enforcement: RoyaltyEnforcement::None,
        mint_deposit: atelier::constants::MIN_MINT_DEPOSIT,
        audit_min_jobs: 30,
        audit_threshold_x100: 310,
        audit_slash_bps: 5_000,
    }
}

impl SimConfig {
    pub fn new(workers: usize, jobs: usize, seed: u64) -> SimConfig {
        SimConfig {
            workers,
            jobs,
            seed,
            mix: vec![],
            clients: (workers / 4).max(2),
            client_attest_pct: 0.0,
            jobs_per_round: workers,
            payment: SOL / 20,
            stake: 2 * SOL,
            artists: 4,
            params: default_params(),
            model: ScoreModel::default_model(),
            progress: false,
        }
    }
}

/// What happened to one actor, counted from the program's answers and events.
#[derive(Debug, Default, Clone)]
pub struct ActorStats {
    /// Jobs claimed plus commitments made: the "jobs" counted until the first slash.
    pub participations: u64,
    pub jobs_claimed: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub unverified: u64,
    /// Accepted results whose true score is below the floor (cheating that got through).
    pub cheats_accepted: u64,
    pub commits: u64,
    pub reveals: u64,
    /// WorkerSlashed events by reason.
    pub slashes: BTreeMap<String, u64>,
    pub slashed_lamports: u64,
    /// `participations` when the first slash landed.
    pub first_slash_at: Option<u64>,
    /// Refused transactions by error name.
    pub refusals: BTreeMap<String, u64>,
    pub audits: u64,
    pub audits_failed: u64,
    /// `audit_verifier` runs on this actor.
    pub verifier_audits: u64,
    /// Slashed while the committee's revealed majority was honest (a false slash).
    pub slashed_under_honest_majority: u64,
}

/// A simulated actor: a wallet with a stake account.
pub struct Actor {
    pub kp: Keypair,
    pub pda: Pubkey,
    pub strategy: Strategy,
    /// A self-attributing worker's own artist account.
    pub own_artist: Option<Pubkey>,
    /// Lamports its wallet had at genesis.
    pub funded: u64,
    pub st: ActorStats,
}

/// One actor's state at the end, read from the chain.
#[derive(Debug, Clone)]
pub struct ActorEnd {
    pub strategy: Strategy,
    pub stake: u64,
    pub total_earned: u64,
    pub total_slashed: u64,
    pub status: WorkerStatus,
    /// Wallet + stake account lamports minus the genesis funding.
    pub net: i128,
    pub st: ActorStats,
}

/// Global counters of a run.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    pub jobs_created: u64,
    pub jobs_settled: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub unverified: u64,
    pub jobs_cancelled: u64,
    pub rounds: u64,
    /// Committee sizes reached (number of commits per job → jobs).
    pub committee_sizes: BTreeMap<usize, u64>,
    /// Jobs whose committee filled only in the second half of the commit window.
    pub widened_draws: u64,
    /// Audits answered `AuditTooEarly` (population below the minimum) and audits run.
    pub audits_too_early: u64,
    pub audits_run: u64,
    pub verifier_audits_run: u64,
    /// Honest results rejected while the revealed majority of their committee was honest.
    pub honest_rejected_under_honest_majority: u64,
    /// Results below the floor accepted while the revealed majority was honest.
    pub cheats_accepted_under_honest_majority: u64,
    /// Lamports: sum over the simulated ledger after setup, at the end, and the fees paid between.
    pub ledger_before: u128,
    pub ledger_after: u128,
    pub fees: u128,
}

/// Everything a run produced.
pub struct Outcome {
    pub cfg: SimConfig,
    pub actors: Vec<ActorEnd>,
    pub totals: Totals,
    pub tx: TxStats,
    /// Seconds of the simulation proper (after setup) and of the whole run.
    pub sim_secs: f64,
    pub total_secs: f64,
    /// Transactions sent in the simulation proper.
    pub sim_tx: u64,
}

struct Vote {
    actor: usize,
    score: u16,
    agree: bool,
    salt: [u8; 32],
    reveals: bool,
}

struct JobRun {
    job: Pubkey,
    client: usize,
    worker: usize,
    content_hash: [u8; 32],
    true_score: u16,
    claimed: u16,
    submitted: bool,
    submitted_slot: u64,
    eligible: u64,
    votes: Vec<Vote>,
}

struct Client {
    kp: Keypair,
    next_job_id: u64,
    /// The actor index when this client also runs a staked worker (`ClientAttest`).
    actor: Option<usize>,
    funded: u64,
}

fn keypair(rng: &mut ChaCha8Rng) -> Keypair {
    let mut seed = [0u8; 32];
    rng.fill(&mut seed);
    keypair_from_seed(&seed).expect("32-byte seed")
}

fn bytes32(rng: &mut ChaCha8Rng) -> [u8; 32] {
    let mut b = [0u8; 32];
    rng.fill(&mut b);
    b
}

/// How many of `n` get each strategy: rounded percentages, honest the rest.
pub fn allocate(n: usize, mix: &[(Strategy, f64)]) -> Vec<Strategy> {
    let mut out = Vec::with_capacity(n);
    for (s, pct) in mix {
        if *s == Strategy::Honest {
            continue;
        }
        let k = ((pct / 100.0) * n as f64).round() as usize;
        for _ in 0..k.min(n - out.len()) {
            out.push(*s);
        }
    }
    while out.len() < n {
        out.push(Strategy::Honest);
    }
    out
}

/// Does this strategy reveal what it measured on the image?
fn verifies_honestly(s: Strategy) -> bool {
    matches!(
        s,
        Strategy::Honest | Strategy::Noise | Strategy::SelfAttr | Strategy::ClientAttest
    )
}

pub async fn run(cfg: SimConfig) -> Outcome {
    let started = std::time::Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let p = cfg.params;
    let model = cfg.model.clone();

    // ---- actors, deterministic keys from the seed
    let admin = keypair(&mut rng);
    let treasury = keypair(&mut rng);
    let cranker = keypair(&mut rng);
    let mut strategies = allocate(cfg.workers, &cfg.mix);
    strategies.shuffle(&mut rng);
    let jobs_per_client = cfg.jobs / cfg.clients.max(1) + 2;
    let client_budget = (jobs_per_client as u64) * (cfg.payment + p.mint_deposit + SOL / 100);
    let actor_budget =
        cfg.stake + 10 * SOL + (cfg.jobs as u64 / cfg.workers.max(1) as u64 + 2) * SOL / 100;
    let mut actors: Vec<Actor> = strategies
        .iter()
        .map(|s| {
            let kp = keypair(&mut rng);
            Actor {
                pda: worker_pda(&kp.pubkey()),
                kp,
                strategy: *s,
                own_artist: None,
                funded: actor_budget,
                st: ActorStats::default(),
            }
        })
        .collect();
    let attesting_clients = ((cfg.client_attest_pct / 100.0) * cfg.clients as f64).round() as usize;
    let mut clients: Vec<Client> = (0..cfg.clients)
        .map(|i| {
            let kp = keypair(&mut rng);
            let actor = if i < attesting_clients {
                actors.push(Actor {
                    pda: worker_pda(&kp.pubkey()),
                    kp: kp.insecure_clone(),
                    strategy: Strategy::ClientAttest,
                    own_artist: None,
                    funded: client_budget + actor_budget,
                    st: ActorStats::default(),
                });
                Some(actors.len() - 1)
            } else {
                None
            };
            Client {
                kp,
                next_job_id: 1,
                actor,
                funded: client_budget + if actor.is_some() { actor_budget } else { 0 },
            }
        })
        .collect();
    let artist_kps: Vec<Keypair> = (0..cfg.artists.max(1)).map(|_| keypair(&mut rng)).collect();
    let artist_payouts: Vec<Pubkey> = artist_kps
        .iter()
        .map(|_| keypair(&mut rng).pubkey())
        .collect();

    let mut funded: Vec<(Pubkey, u64)> = vec![
        (admin.pubkey(), 10 * SOL),
        (treasury.pubkey(), SOL),
        (cranker.pubkey(), 1_000 * SOL),
    ];
    for a in &actors {
        if a.strategy != Strategy::ClientAttest {
            funded.push((a.kp.pubkey(), a.funded));
        }
    }
    for c in &clients {
        funded.push((c.kp.pubkey(), c.funded));
    }
    for k in &artist_kps {
        funded.push((k.pubkey(), SOL));
    }
    let mut chain = Chain::start(&admin.pubkey(), &funded).await;
    let t_start = 1_800_000_000i64;
    chain.set_time(t_start);

    // ---- setup through the real handlers
    chain
        .send(
            &[ix_initialize_config(&admin.pubkey(), &treasury.pubkey(), p)],
            &[&admin],
        )
        .await
        .expect("initialize_config");
    chain
        .send(&[ix_initialize_collection(&admin.pubkey())], &[&admin])
        .await
        .expect("initialize_collection");
    let mut artists = Vec::new();
    for (i, (k, payout)) in artist_kps.iter().zip(&artist_payouts).enumerate() {
        chain
            .send(
                &[ix_register_artist(
                    &k.pubkey(),
                    &format!("artist-{i}"),
                    *payout,
                )],
                &[k],
            )
            .await
            .expect("register_artist");
        artists.push(artist_pda(&k.pubkey()));
    }
    for a in actors.iter_mut() {
        chain
            .send(&[ix_register_worker(&a.kp.pubkey(), cfg.stake)], &[&a.kp])
            .await
            .expect("register_worker");
        if a.strategy == Strategy::SelfAttr {
            // Its own artist: authority and payout are the worker's wallet.
            let me = a.kp.pubkey();
            chain
                .send(&[ix_register_artist(&me, "my-own-style", me)], &[&a.kp])
                .await
                .expect("register_artist (self)");
            a.own_artist = Some(artist_pda(&me));
        }
    }
    chain.next_slot();

    let by_pda: HashMap<Pubkey, usize> =
        actors.iter().enumerate().map(|(i, a)| (a.pda, i)).collect();
    let mut ledger_keys: Vec<Pubkey> = funded.iter().map(|(k, _)| *k).collect();
    ledger_keys.extend(actors.iter().map(|a| a.pda));
    ledger_keys.extend(actors.iter().filter_map(|a| a.own_artist));
    ledger_keys.extend(artists.iter().copied());
    ledger_keys.extend(artist_payouts.iter().copied());
    ledger_keys.extend([
        config_pda(),
        collection_pda(),
        collection_authority_pda(),
        mint_payer_pda(),
        program_data_pda(),
    ]);
    let mut totals = Totals::default();
    for k in &ledger_keys {
        totals.ledger_before += chain.balance(k).await as u128;
    }
    let sig_before = chain.stats.signatures;
    let tx_before = chain.stats.sent;
    let sim_started = std::time::Instant::now();

    let committee = p.verifier_committee as usize;
    let mut t0 = t_start + 10;
    let mut created = 0usize;
    while created < cfg.jobs {
        totals.rounds += 1;
        chain.set_time(t0);
        // Stake accounts as the round starts (nothing slashes before this round's settlement).
        let mut snap: Vec<Worker> = Vec::with_capacity(actors.len());
        for a in &actors {
            snap.push(chain.fetch::<Worker>(&a.pda).await.expect("worker account"));
        }
        let can_act =
            |w: &Worker| w.status == WorkerStatus::Active && w.stake >= p.min_worker_stake;
        let mut working: Vec<usize> = (0..actors.len())
            .filter(|i| actors[*i].strategy.works() && can_act(&snap[*i]))
            .collect();
        if working.is_empty() {
            if cfg.progress {
                eprintln!("round {}: no active worker left; stopping", totals.rounds);
            }
            break;
        }
        working.shuffle(&mut rng);
        let n = cfg.jobs_per_round.min(cfg.jobs - created);

        // ---- clients create, workers claim and submit (slot S)
        let mut runs: Vec<JobRun> = Vec::with_capacity(n);
        for i in 0..n {
            created += 1;
            let ci = rng.gen_range(0..clients.len());
            let wi = working[i % working.len()];
            let client = &mut clients[ci];
            let job_id = client.next_job_id;
            client.next_job_id += 1;
            let job = job_pda(&client.kp.pubkey(), job_id);
            ledger_keys.push(job);
            let client_kp = client.kp.insecure_clone();
            chain
                .send(
                    &[ix_create_job(
                        &client_kp.pubkey(),
                        job_id,
                        cfg.payment,
                        t0 + 86_400,
                    )],
                    &[&client_kp],
                )
                .await
                .expect("create_job");
            totals.jobs_created += 1;
            let worker_kp = actors[wi].kp.insecure_clone();
            actors[wi].st.participations += 1;
            if let Err(f) = chain
                .send(&[ix_claim_job(&worker_kp.pubkey(), &job)], &[&worker_kp])
                .await
            {
                *actors[wi].st.refusals.entry(f.name).or_default() += 1;
                chain
                    .send(&[ix_cancel_job(&client_kp.pubkey(), &job)], &[&client_kp])
                    .await
                    .expect("cancel_job");
                totals.jobs_cancelled += 1;
                continue;
            }
            actors[wi].st.jobs_claimed += 1;
            let strategy = actors[wi].strategy;
            let (true_score, claimed) = match strategy {
                Strategy::Noise => (model.noise.sample(&mut rng), model.honest.sample(&mut rng)),
                Strategy::Collude => (model.cheap.sample(&mut rng), model.honest.sample(&mut rng)),
                _ => {
                    let s = model.honest.sample(&mut rng);
                    (s, s)
                }
            };
            let content_hash = bytes32(&mut rng);
            ledger_keys.push(provenance_pda(&content_hash));
            ledger_keys.push(asset_pda(&content_hash));
            ledger_keys.push(splitter_pda(&asset_pda(&content_hash)));
            let named = artists[rng.gen_range(0..artists.len())];
            let mut run = JobRun {
                job,
                client: ci,
                worker: wi,
                content_hash,
                true_score,
                claimed,
                submitted: false,
                submitted_slot: 0,
                eligible: 0,
                votes: Vec::new(),
            };
            if let Some(own) = actors[wi].own_artist {
                let ix = ix_submit_result(
                    &worker_kp.pubkey(),
                    &job,
                    content_hash,
                    claimed,
                    vec![InfluenceWeight {
                        artist: own,
                        bps: 10_000,
                    }],
                );
                let name = match chain.send(&[ix], &[&worker_kp]).await {
                    Ok(_) => {
                        // The program took it: not resubmitted (the report shows the hole).
                        run.submitted = true;
                        "ACCEPTED(self-influence)".to_string()
                    }
                    Err(f) => f.name,
                };
                *actors[wi].st.refusals.entry(name).or_default() += 1;
            }
            if !run.submitted {
                let ix = ix_submit_result(
                    &worker_kp.pubkey(),
                    &job,
                    content_hash,
                    claimed,
                    vec![InfluenceWeight {
                        artist: named,
                        bps: 10_000,
                    }],
                );
                match chain.send(&[ix], &[&worker_kp]).await {
                    Ok(_) => run.submitted = true,
                    Err(f) => *actors[wi].st.refusals.entry(f.name).or_default() += 1,
                }
            }
            runs.push(run);
        }

        // ---- the seeding slot S + 1 ends
        chain.next_slot();
        chain.next_slot();
        for r in runs.iter_mut().filter(|r| r.submitted) {
            let job: Job = chain.fetch(&r.job).await.expect("job account");
            r.submitted_slot = job.submitted_slot;
            r.eligible = job.eligible_stake;
        }

        // ---- the client's own attempt to vote its job down (refused by the program)
        for r in runs.iter_mut().filter(|r| r.submitted) {
            let Some(ai) = clients[r.client].actor else {
                continue;
            };
            if !can_act(&snap[ai]) || ai == r.worker {
                continue;
            }
            let salt = bytes32(&mut rng);
            let score = model.colluder_vote_against.sample(&mut rng);
            let commitment = attestation_commitment(&r.job, &actors[ai].pda, score, false, &salt);
            let kp = actors[ai].kp.insecure_clone();
            match chain
                .send(&[ix_commit(&kp.pubkey(), &r.job, commitment)], &[&kp])
                .await
            {
                Ok(_) => {
                    actors[ai].st.participations += 1;
                    actors[ai].st.commits += 1;
                    *actors[ai]
                        .st
                        .refusals
                        .entry("ACCEPTED(client-attestation)".into())
                        .or_default() += 1;
                    r.votes.push(Vote {
                        actor: ai,
                        score,
                        agree: false,
                        salt,
                        reveals: true,
                    });
                }
                Err(f) => *actors[ai].st.refusals.entry(f.name).or_default() += 1,
            }
        }

        // ---- commit phase: first half at the base draw, second half widened
        for phase in 0..2 {
            if phase == 1 {
                chain.set_time(t0 + p.commit_window / 2);
            }
            let factor = if phase == 0 {
                1
            } else {
                atelier::constants::SORTITION_FALLBACK_FACTOR
            };
            let expected = (p.verifier_committee as u64) * (p.verifier_oversample as u64) * factor;
            for r in runs.iter_mut().filter(|r| r.submitted) {
                if r.votes.len() >= committee {
                    continue;
                }
                let slot_hash = slot_hash_of(r.submitted_slot + ASSIGNMENT_DELAY_SLOTS);
                let seed = sortition::job_seed(&slot_hash, &r.job);
                let client_wallet = clients[r.client].kp.pubkey();
                let mut drawn: Vec<usize> = (0..actors.len())
                    .filter(|i| {
                        let w = &snap[*i];
                        *i != r.worker
                            && actors[*i].kp.pubkey() != client_wallet
                            && can_act(w)
                            && w.stake_raised_slot <= r.submitted_slot
                            && !r.votes.iter().any(|v| v.actor == *i)
                            && sortition::is_drawn(
                                &seed,
                                &actors[*i].pda,
                                expected,
                                w.stake,
                                r.eligible,
                            )
                    })
                    .collect();
                drawn.shuffle(&mut rng);
                if phase == 1 && !drawn.is_empty() {
                    totals.widened_draws += 1;
                }
                for vi in drawn {
                    if r.votes.len() >= committee {
                        break;
                    }
                    let worker_strategy = actors[r.worker].strategy;
                    let measured = (r.true_score as f64
                        + model.verifier_sd * crate::model::standard_normal(&mut rng))
                    .round()
                    .clamp(0.0, 10_000.0) as u16;
                    let (score, agree, reveals) = match actors[vi].strategy {
                        Strategy::Lazy => (r.claimed, r.claimed >= p.clip_score_floor, true),
                        Strategy::Silent => (measured, measured >= p.clip_score_floor, false),
                        Strategy::Collude if worker_strategy == Strategy::Collude => {
                            (r.claimed, r.claimed >= p.clip_score_floor, true)
                        }
                        Strategy::Collude => {
                            (model.colluder_vote_against.sample(&mut rng), false, true)
                        }
                        _ => (measured, measured >= p.clip_score_floor, true),
                    };
                    let salt = bytes32(&mut rng);
                    let commitment =
                        attestation_commitment(&r.job, &actors[vi].pda, score, agree, &salt);
                    let kp = actors[vi].kp.insecure_clone();
                    actors[vi].st.participations += 1;
                    match chain
                        .send(&[ix_commit(&kp.pubkey(), &r.job, commitment)], &[&kp])
                        .await
                    {
                        Ok(_) => {
                            actors[vi].st.commits += 1;
                            r.votes.push(Vote {
                                actor: vi,
                                score,
                                agree,
                                salt,
                                reveals,
                            });
                        }
                        Err(f) => *actors[vi].st.refusals.entry(f.name).or_default() += 1,
                    }
                }
            }
        }

        // ---- reveal phase (commits closed everywhere)
        chain.set_time(t0 + p.commit_window);
        for r in runs.iter().filter(|r| r.submitted) {
            *totals.committee_sizes.entry(r.votes.len()).or_default() += 1;
            for v in r.votes.iter().filter(|v| v.reveals) {
                let kp = actors[v.actor].kp.insecure_clone();
                match chain
                    .send(
                        &[ix_reveal(&kp.pubkey(), &r.job, v.score, v.agree, v.salt)],
                        &[&kp],
                    )
                    .await
                {
                    Ok(_) => actors[v.actor].st.reveals += 1,
                    Err(f) => *actors[v.actor].st.refusals.entry(f.name).or_default() += 1,
                }
            }
        }

        // ---- settlement once the window has closed
        chain.set_time(t0 + p.verification_window);
        for r in &runs {
            let client = clients[r.client].kp.pubkey();
            let worker_wallet = actors[r.worker].kp.pubkey();
            if !r.submitted {
                // The claim expires; the reopened job is cancelled by its client.
                let _ = chain
                    .send(
                        &[ix_expire(
                            &cranker.pubkey(),
                            &r.job,
                            &worker_wallet,
                            &client,
                            &treasury.pubkey(),
                        )],
                        &[&cranker],
                    )
                    .await;
                let ckp = clients[r.client].kp.insecure_clone();
                let _ = chain.send(&[ix_cancel_job(&client, &r.job)], &[&ckp]).await;
                totals.jobs_cancelled += 1;
                continue;
            }
            let keys = FinalizeKeys {
                cranker: cranker.pubkey(),
                job: r.job,
                content_hash: r.content_hash,
                worker_authority: worker_wallet,
                client,
                treasury: treasury.pubkey(),
                payees: r
                    .votes
                    .iter()
                    .map(|v| actors[v.actor].kp.pubkey())
                    .collect(),
            };
            let logs = chain
                .send(&[ix_finalize(&keys)], &[&cranker])
                .await
                .unwrap_or_else(|f| panic!("finalize_job refused: {}", f.name));
            let fin = events::<JobFinalized>(&logs);
            let fin = fin.first().expect("JobFinalized event");
            totals.jobs_settled += 1;
            // Honest majority among the revealed votes.
            let revealed: Vec<&Vote> = r.votes.iter().filter(|v| v.reveals).collect();
            let honest_revealed = revealed
                .iter()
                .filter(|v| verifies_honestly(actors[v.actor].strategy))
                .count();
            let honest_majority = !revealed.is_empty()
                && 2 * honest_revealed > revealed.len()
                && honest_revealed >= p.verifier_quorum as usize;
            let ws = &mut actors[r.worker].st;
            if fin.accepted {
                totals.accepted += 1;
                ws.accepted += 1;
                if r.true_score < p.clip_score_floor {
                    ws.cheats_accepted += 1;
                    if honest_majority {
                        totals.cheats_accepted_under_honest_majority += 1;
                    }
                }
            } else if fin.unverified {
                totals.unverified += 1;
                ws.unverified += 1;
            } else {
                totals.rejected += 1;
                ws.rejected += 1;
                if r.true_score >= p.clip_score_floor
                    && r.claimed == r.true_score
                    && honest_majority
                {
                    totals.honest_rejected_under_honest_majority += 1;
                }
            }
            for s in events::<WorkerSlashed>(&logs) {
                let Some(&ai) = by_pda.get(&s.worker) else {
                    continue;
                };
                let honest_victim = verifies_honestly(actors[ai].strategy)
                    && (ai != r.worker || r.true_score >= p.clip_score_floor);
                record_slash(&mut actors[ai].st, &s, honest_majority && honest_victim);
            }
        }

        // ---- audits of every worker with `audit_min_jobs` new verified jobs
        for actor in actors.iter_mut() {
            let Some(w) = chain.fetch::<Worker>(&actor.pda).await else {
                continue;
            };
            let min = p.audit_min_jobs as u64;
            if w.status == WorkerStatus::Deactivated
                || w.scores.count < min
                || w.scores.count < w.audited_at_count + min
            {
                continue;
            }
            match chain
                .send(
                    &[ix_audit_worker(&actor.pda, &treasury.pubkey())],
                    &[&cranker],
                )
                .await
            {
                Ok(logs) => {
                    totals.audits_run += 1;
                    actor.st.audits += 1;
                    if events::<WorkerAudited>(&logs).iter().any(|a| a.failed) {
                        actor.st.audits_failed += 1;
                    }
                    for s in events::<WorkerSlashed>(&logs) {
                        record_slash(&mut actor.st, &s, false);
                    }
                }
                Err(f) if f.name == "AuditTooEarly" => totals.audits_too_early += 1,
                Err(f) => *actor.st.refusals.entry(f.name).or_default() += 1,
            }
        }

        // ---- verifier audits: reveals' distances from their committees' medians
        for actor in actors.iter_mut() {
            let Some(w) = chain.fetch::<Worker>(&actor.pda).await else {
                continue;
            };
            let min = p.audit_min_jobs as u64;
            let d = w.verifier_deviations;
            if w.status == WorkerStatus::Deactivated
                || d.count < min
                || d.count < w.verifier_audited_at_count + min
            {
                continue;
            }
            match chain
                .send(
                    &[ix_audit_verifier(&actor.pda, &treasury.pubkey())],
                    &[&cranker],
                )
                .await
            {
                Ok(logs) => {
                    totals.verifier_audits_run += 1;
                    actor.st.verifier_audits += 1;
                    for s in events::<WorkerSlashed>(&logs) {
                        record_slash(&mut actor.st, &s, false);
                    }
                }
                Err(f) if f.name == "AuditTooEarly" => totals.audits_too_early += 1,
                Err(f) => *actor.st.refusals.entry(f.name).or_default() += 1,
            }
        }

        if cfg.progress {
            eprintln!(
                "round {:>4}: {:>7}/{} jobs, {:>9} tx, {:>6.1} s",
                totals.rounds,
                created,
                cfg.jobs,
                chain.stats.sent,
                sim_started.elapsed().as_secs_f64()
            );
        }
        chain.next_slot();
        t0 += p.verification_window + 10;
    }
    let sim_secs = sim_started.elapsed().as_secs_f64();
    let sim_tx = chain.stats.sent - tx_before;
    totals.fees = ((chain.stats.signatures - sig_before) * FEE_PER_SIGNATURE) as u128;
    for k in &ledger_keys {
        totals.ledger_after += chain.balance(k).await as u128;
    }

    let mut ends = Vec::with_capacity(actors.len());
    for a in &actors {
        let w: Worker = chain.fetch(&a.pda).await.expect("worker account");
        let wallet = chain.balance(&a.kp.pubkey()).await as i128;
        let pda = chain.balance(&a.pda).await as i128;
        ends.push(ActorEnd {
            strategy: a.strategy,
            stake: w.stake,
            total_earned: w.total_earned,
            total_slashed: w.total_slashed,
            status: w.status,
            net: wallet + pda - a.funded as i128,
            st: a.st.clone(),
        });
    }
    // A self-attesting client also paid for its jobs; its net is reported apart from them.
    Outcome {
        cfg,
        actors: ends,
        totals,
        tx: chain.stats.clone(),
        sim_secs,
        total_secs: started.elapsed().as_secs_f64(),
        sim_tx,
    }
}

fn record_slash(st: &mut ActorStats, s: &WorkerSlashed, under_honest_majority: bool) {
    *st.slashes.entry(format!("{:?}", s.reason)).or_default() += 1;
    st.slashed_lamports += s.amount;
    if st.first_slash_at.is_none() {
        st.first_slash_at = Some(st.participations);
    }
    if under_honest_majority {
        st.slashed_under_honest_majority += 1;
    }
}
