/** Euler (k-diffusion "euler", diffusers EulerDiscreteScheduler without churn). */
import type { SchedulerConfig } from "../manifest.js";
import { noiseSchedule, sigmaAt, spacedTimesteps } from "./noise-schedule.js";
import type { Scheduler } from "./scheduler.js";

export interface EulerSigmas {
  readonly timesteps: number[];
  /** One σ per timestep plus a final 0. */
  readonly sigmas: number[];
  readonly initNoiseSigma: number;
}

export function eulerSigmas({ config, steps }: { config: SchedulerConfig; steps: number }): EulerSigmas {
  const schedule = noiseSchedule({ config });
  const timesteps = spacedTimesteps({ config, steps });
  const sigmas = [...timesteps.map((t) => sigmaAt({ schedule, t })), 0];
  const maxSigma = Math.max(...sigmas);
  const initNoiseSigma = config.timestepSpacing === "leading" ? Math.sqrt(maxSigma ** 2 + 1) : maxSigma;
  return { timesteps, sigmas, initNoiseSigma };
}

/** Predicted clean latents x̂₀ from the model output at σ. */
export function predictX0({ modelOutput, sample, sigma, predictionType }: { modelOutput: Float32Array; sample: Float32Array; sigma: number; predictionType: SchedulerConfig["predictionType"] }): Float32Array {
  const out = new Float32Array(sample.length);
  if (predictionType === "epsilon") {
    for (let i = 0; i < out.length; i++) out[i] = sample[i]! - sigma * modelOutput[i]!;
  } else {
    const c = 1 / (sigma * sigma + 1);
    const k = -sigma / Math.sqrt(sigma * sigma + 1);
    for (let i = 0; i < out.length; i++) out[i] = modelOutput[i]! * k + sample[i]! * c;
  }
  return out;
}

export function scaleBySigma({ sample, sigma }: { sample: Float32Array; sigma: number }): Float32Array {
  const k = 1 / Math.sqrt(sigma * sigma + 1);
  const out = new Float32Array(sample.length);
  for (let i = 0; i < out.length; i++) out[i] = sample[i]! * k;
  return out;
}

export function createEulerScheduler({ config, steps }: { config: SchedulerConfig; steps: number }): Scheduler {
  const { timesteps, sigmas, initNoiseSigma } = eulerSigmas({ config, steps });
  return {
    name: "euler",
    timesteps,
    initNoiseSigma,
    scaleModelInput: ({ sample, stepIndex }) => scaleBySigma({ sample, sigma: sigmas[stepIndex]! }),
    step: ({ modelOutput, sample, stepIndex }) => {
      const sigma = sigmas[stepIndex]!;
      const next = sigmas[stepIndex + 1]!;
      const x0 = predictX0({ modelOutput, sample, sigma, predictionType: config.predictionType });
      const dt = next - sigma;
      const out = new Float32Array(sample.length);
      for (let i = 0; i < out.length; i++) out[i] = sample[i]! + ((sample[i]! - x0[i]!) / sigma) * dt;
      return out;
    },
  };
}
