/**
 * LCM scheduler (diffusers LCMScheduler): consistency-model boundary scalings, few steps, fresh noise
 * between steps. Timesteps are picked from the `originalInferenceSteps` skeleton.
 */
import type { SchedulerConfig } from "../manifest.js";
import { noiseSchedule } from "./noise-schedule.js";
import type { Scheduler } from "./scheduler.js";

export function lcmTimesteps({ config, steps }: { config: SchedulerConfig; steps: number }): number[] {
  const T = config.numTrainTimesteps;
  const original = config.originalInferenceSteps;
  if (steps > original) throw new RangeError(`LCM supports at most ${original} steps`);
  const c = Math.floor(T / original);
  const origin: number[] = [];
  for (let i = 1; i <= original; i++) origin.push(i * c - 1);
  origin.reverse();
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push(origin[Math.floor((i * origin.length) / steps)]!);
  return out;
}

/** c_skip, c_out for the consistency boundary condition (σ_data = 0.5, timestep scaling 10). */
export function lcmBoundaryScalings({ t }: { t: number }): { cSkip: number; cOut: number } {
  const sigmaData = 0.5;
  const scaled = t * 10;
  return { cSkip: sigmaData ** 2 / (scaled ** 2 + sigmaData ** 2), cOut: scaled / Math.sqrt(scaled ** 2 + sigmaData ** 2) };
}

export function createLcmScheduler({ config, steps }: { config: SchedulerConfig; steps: number }): Scheduler {
  const { alphasCumprod } = noiseSchedule({ config });
  const timesteps = lcmTimesteps({ config, steps });
  return {
    name: "lcm",
    timesteps,
    initNoiseSigma: 1,
    scaleModelInput: ({ sample }) => sample,
    step: ({ modelOutput, sample, stepIndex, rng }) => {
      const t = timesteps[stepIndex]!;
      const prevT = timesteps[stepIndex + 1];
      const a = alphasCumprod[t]!;
      const aPrev = prevT === undefined ? 1 : alphasCumprod[prevT]!;
      const { cSkip, cOut } = lcmBoundaryScalings({ t });
      const sa = Math.sqrt(a);
      const sb = Math.sqrt(1 - a);
      const out = new Float32Array(sample.length);
      for (let i = 0; i < out.length; i++) {
        const x = sample[i]!;
        const m = modelOutput[i]!;
        const x0 = config.predictionType === "epsilon" ? (x - sb * m) / sa : sa * x - sb * m;
        out[i] = cOut * x0 + cSkip * x;
      }
      if (prevT !== undefined) {
        const k = Math.sqrt(aPrev);
        const s = Math.sqrt(1 - aPrev);
        for (let i = 0; i < out.length; i++) out[i] = k * out[i]! + s * rng.nextGaussian();
      }
      return out;
    },
  };
}
