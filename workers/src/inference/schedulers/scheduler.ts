/** The scheduler contract the text-to-image loop drives. */
import type { Rng } from "../noise.js";

export const SchedulerName = { euler: "euler", eulerAncestral: "euler-ancestral", lcm: "lcm" } as const;
export type SchedulerName = (typeof SchedulerName)[keyof typeof SchedulerName];

export interface Scheduler {
  readonly name: SchedulerName;
  /** Timesteps fed to the UNet, in order. */
  readonly timesteps: readonly number[];
  /** Multiplier for the initial unit Gaussian latents. */
  readonly initNoiseSigma: number;
  /** Scale the latents before the UNet call at `stepIndex` (Euler: x / sqrt(σ² + 1)). */
  scaleModelInput(args: { sample: Float32Array; stepIndex: number }): Float32Array;
  /** One denoising step from the model output (ε or v), returning the next latents. */
  step(args: { modelOutput: Float32Array; sample: Float32Array; stepIndex: number; rng: Rng }): Float32Array;
}
