/** Euler ancestral (diffusers EulerAncestralDiscreteScheduler): Euler step to σ_down, then fresh noise σ_up. */
import type { SchedulerConfig } from "../manifest.js";
import { eulerSigmas, predictX0, scaleBySigma } from "./euler.js";
import type { Scheduler } from "./scheduler.js";

export function ancestralSigmas({ from, to }: { from: number; to: number }): { up: number; down: number } {
  if (from === 0) return { up: 0, down: 0 };
  const up = Math.sqrt(Math.max(0, (to * to * (from * from - to * to)) / (from * from)));
  const down = Math.sqrt(Math.max(0, to * to - up * up));
  return { up, down };
}

export function createEulerAncestralScheduler({ config, steps }: { config: SchedulerConfig; steps: number }): Scheduler {
  const { timesteps, sigmas, initNoiseSigma } = eulerSigmas({ config, steps });
  return {
    name: "euler-ancestral",
    timesteps,
    initNoiseSigma,
    scaleModelInput: ({ sample, stepIndex }) => scaleBySigma({ sample, sigma: sigmas[stepIndex]! }),
    step: ({ modelOutput, sample, stepIndex, rng }) => {
      const sigma = sigmas[stepIndex]!;
      const { up, down } = ancestralSigmas({ from: sigma, to: sigmas[stepIndex + 1]! });
      const x0 = predictX0({ modelOutput, sample, sigma, predictionType: config.predictionType });
      const dt = down - sigma;
      const out = new Float32Array(sample.length);
      for (let i = 0; i < out.length; i++) out[i] = sample[i]! + ((sample[i]! - x0[i]!) / sigma) * dt;
      if (up > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! + rng.nextGaussian() * up;
      return out;
    },
  };
}
