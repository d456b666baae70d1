//! The statistical audit's one-sided false-positive rate: honest workers whose verified scores
//! come from the same distribution as everyone else's, audited once, with the program's own
//! integer test (`math::audit_stats`). Prints a markdown table of the simulated rate next to
//! the normal approximation 1 − Φ(threshold).
//!   cargo run -p atelier --example audit_false_positive [-- --trials 100000]
use atelier::{math::audit_stats, state::ScoreStats};

/// xorshift64*: a small deterministic generator (no dependency, reproducible tables).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn uniform(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// Score distributions (cosine × 10000, clamped to [0, 10000]).
#[derive(Clone, Copy)]
enum Dist {
    /// CLIP-like: normal, mean 30.00, sd 3.00.
    Normal,
    /// Skewed: 90 % normal(31.00, 2.00), 10 % a long low tail normal(22.00, 4.00).
    Skewed,
}

impl Dist {
    fn name(self) -> &'static str {
        match self {
            Dist::Normal => "normal(30.00, 3.00)",
            Dist::Skewed => "skewed mixture",
        }
    }
    fn sample(self, rng: &mut Rng) -> u16 {
        let x = match self {
            Dist::Normal => 3_000.0 + 300.0 * rng.normal(),
            Dist::Skewed => {
                if rng.uniform() < 0.9 {
                    3_100.0 + 200.0 * rng.normal()
                } else {
                    2_200.0 + 400.0 * rng.normal()
                }
            }
        };
        x.round().clamp(0.0, 10_000.0) as u16
    }
}

/// 1 − Φ(z), by the complementary error function (Numerical Recipes' erfc, |error| < 1.2e-7).
fn upper_tail(z: f64) -> f64 {
    let x = z / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * x.abs());
    let poly = -x * x - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * poly.exp();
    0.5 * if x >= 0.0 { erfc } else { 2.0 - erfc }
}

fn main() {
    let trials: u64 = std::env::args()
        .skip_while(|a| a != "--trials")
        .nth(1)
        .map(|t| t.parse().expect("--trials takes a number"))
        .unwrap_or(100_000);
    let thresholds = [200u16, 250, 300, 350, 400];
    let others_n = 10_000;
    println!("Honest workers, one audit each, {trials} trials per row; the rest of the population: {others_n} verified scores.\n");
    print!("| scores | worker jobs |");
    for t in thresholds {
        print!(" z > {:.2} |", t as f64 / 100.0);
    }
    println!();
    print!("|---|---:|");
    for _ in thresholds {
        print!("---:|");
    }
    println!();
    print!("| normal approximation | any |");
    for t in thresholds {
        print!(" {:.4} % |", 100.0 * upper_tail(t as f64 / 100.0));
    }
    println!();
    let mut rng = Rng(0x5EED_A7E1_1E12_0003);
    for dist in [Dist::Normal, Dist::Skewed] {
        for worker_n in [30u64, 100] {
            let mut others = ScoreStats::default();
            for _ in 0..others_n {
                others.record(dist.sample(&mut rng)).unwrap();
            }
            let mut flagged = [0u64; 5];
            for _ in 0..trials {
                let mut worker = ScoreStats::default();
                for _ in 0..worker_n {
                    worker.record(dist.sample(&mut rng)).unwrap();
                }
                let population = ScoreStats {
                    count: others.count + worker.count,
                    sum: others.sum + worker.sum,
                    sum_sq: others.sum_sq + worker.sum_sq,
                };
                let z = audit_stats(&worker, &population).unwrap().unwrap().z_x100;
                for (i, t) in thresholds.iter().enumerate() {
                    if z > *t as i64 {
                        flagged[i] += 1;
                    }
                }
            }
            print!("| {} | {worker_n} |", dist.name());
            for f in flagged {
                print!(" {:.4} % |", 100.0 * f as f64 / trials as f64);
            }
            println!();
        }
    }
}
