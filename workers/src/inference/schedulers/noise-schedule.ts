/** Shared diffusion noise-schedule maths (diffusers conventions): betas, ᾱ, Karras-style sigmas, timestep spacing. */
import type { SchedulerConfig } from "../manifest.js";

export interface NoiseSchedule {
  readonly alphasCumprod: Float64Array;
  /** σ_t = sqrt((1 − ᾱ_t) / ᾱ_t) for every training timestep t. */
  readonly sigmas: Float64Array;
}

export function noiseSchedule({ config }: { config: SchedulerConfig }): NoiseSchedule {
  const T = config.numTrainTimesteps;
  const alphasCumprod = new Float64Array(T);
  const sigmas = new Float64Array(T);
  let acp = 1;
  for (let i = 0; i < T; i++) {
    const frac = T === 1 ? 0 : i / (T - 1);
    const beta =
      config.betaSchedule === "scaled_linear"
        ? (Math.sqrt(config.betaStart) + frac * (Math.sqrt(config.betaEnd) - Math.sqrt(config.betaStart))) ** 2
        : config.betaStart + frac * (config.betaEnd - config.betaStart);
    acp *= 1 - beta;
    alphasCumprod[i] = acp;
    sigmas[i] = Math.sqrt((1 - acp) / acp);
  }
  return { alphasCumprod, sigmas };
}

/** Inference timesteps, descending, as diffusers' Euler schedulers place them (may be fractional for "linspace"). */
export function spacedTimesteps({ config, steps }: { config: SchedulerConfig; steps: number }): number[] {
  const T = config.numTrainTimesteps;
  const out: number[] = [];
  if (config.timestepSpacing === "linspace") {
    for (let i = 0; i < steps; i++) out.push(steps === 1 ? T - 1 : ((T - 1) * i) / (steps - 1));
  } else if (config.timestepSpacing === "leading") {
    const ratio = Math.floor(T / steps);
    for (let i = 0; i < steps; i++) out.push(Math.round(i * ratio) + config.stepsOffset);
  } else {
    const ratio = T / steps;
    for (let t = T; t > 0; t -= ratio) out.push(Math.round(t) - 1);
    out.length = steps;
    return out;
  }
  return out.reverse();
}

/** Linear interpolation of σ at a (possibly fractional) timestep, like np.interp. */
export function sigmaAt({ schedule, t }: { schedule: NoiseSchedule; t: number }): number {
  const s = schedule.sigmas;
  if (t <= 0) return s[0]!;
  if (t >= s.length - 1) return s[s.length - 1]!;
  const lo = Math.floor(t);
  const w = t - lo;
  return s[lo]! * (1 - w) + s[lo + 1]! * w;
}
