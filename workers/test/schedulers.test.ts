import { describe, expect, it } from "vitest";
import { schedulerSchema } from "../src/inference/manifest.js";
import { createRng } from "../src/inference/noise.js";
import { createScheduler } from "../src/inference/schedulers/create-scheduler.js";
import { ancestralSigmas } from "../src/inference/schedulers/euler-ancestral.js";
import { eulerSigmas } from "../src/inference/schedulers/euler.js";
import { lcmBoundaryScalings, lcmTimesteps } from "../src/inference/schedulers/lcm.js";
import { noiseSchedule, spacedTimesteps } from "../src/inference/schedulers/noise-schedule.js";

const sd = schedulerSchema.parse({});

describe("noise schedule (SD scaled_linear 0.00085..0.012, 1000 steps)", () => {
  it("matches reference values derived by hand", () => {
    const { alphasCumprod, sigmas } = noiseSchedule({ config: sd });
    expect(alphasCumprod[0]).toBeCloseTo(1 - 0.00085, 12);
    // ᾱ_1 = (1 − β_0)(1 − β_1), β_1 = (√0.00085 + (√0.012 − √0.00085)/999)²
    const b1 = (Math.sqrt(0.00085) + (Math.sqrt(0.012) - Math.sqrt(0.00085)) / 999) ** 2;
    expect(alphasCumprod[1]).toBeCloseTo((1 - 0.00085) * (1 - b1), 12);
    // Well-known k-diffusion bounds for SD: σ_min ≈ 0.0292, σ_max ≈ 14.6146.
    expect(sigmas[0]).toBeCloseTo(Math.sqrt(0.00085 / (1 - 0.00085)), 10);
    expect(sigmas[0]).toBeCloseTo(0.029168, 5);
    expect(sigmas[999]).toBeCloseTo(14.6146, 3);
  });

  it("spaces timesteps like diffusers", () => {
    expect(spacedTimesteps({ config: sd, steps: 4 })).toEqual([999, 749, 499, 249]); // trailing (SD-Turbo)
    expect(spacedTimesteps({ config: sd, steps: 1 })).toEqual([999]);
    expect(spacedTimesteps({ config: { ...sd, timestepSpacing: "leading" }, steps: 4 })).toEqual([751, 501, 251, 1]);
    expect(spacedTimesteps({ config: { ...sd, timestepSpacing: "linspace" }, steps: 4 })).toEqual([999, 666, 333, 0]);
    expect(lcmTimesteps({ config: sd, steps: 4 })).toEqual([999, 759, 499, 259]);
    expect(lcmTimesteps({ config: sd, steps: 1 })).toEqual([999]);
  });
});

describe("Euler", () => {
  it("init noise sigma is σ_max for trailing, sqrt(σ_max²+1) for leading", () => {
    const t = eulerSigmas({ config: sd, steps: 4 });
    expect(t.sigmas.length).toBe(5);
    expect(t.sigmas[4]).toBe(0);
    expect(t.initNoiseSigma).toBeCloseTo(14.6146, 3);
    const l = eulerSigmas({ config: { ...sd, timestepSpacing: "leading" }, steps: 4 });
    expect(l.initNoiseSigma).toBeCloseTo(Math.sqrt(l.sigmas[0]! ** 2 + 1), 10);
  });

  it("scales model input by 1/sqrt(σ²+1) and takes x + ε·(σ_next − σ)", () => {
    const s = createScheduler({ name: "euler", config: sd, steps: 2 });
    const { sigmas } = eulerSigmas({ config: sd, steps: 2 });
    const x = Float32Array.from([1, -2, 3]);
    const eps = Float32Array.from([0.5, 0.25, -1]);
    expect(s.scaleModelInput({ sample: x, stepIndex: 0 })[1]).toBeCloseTo(-2 / Math.sqrt(sigmas[0]! ** 2 + 1), 6);
    const next = s.step({ modelOutput: eps, sample: x, stepIndex: 0, rng: createRng({ seed: 1 }) });
    for (let i = 0; i < 3; i++) expect(next[i]).toBeCloseTo(x[i]! + eps[i]! * (sigmas[1]! - sigmas[0]!), 4);
  });

  it.each(["euler", "euler-ancestral"] as const)("%s recovers x0 exactly from an oracle ε predictor", (name) => {
    const x0 = Float32Array.from([0.3, -0.7, 1.1, 0]);
    const rng = createRng({ seed: 7 });
    for (const steps of [1, 4, 10]) {
      const s = createScheduler({ name, config: sd, steps });
      const { sigmas } = eulerSigmas({ config: sd, steps });
      let x = Float32Array.from(x0, (v, i) => v + s.initNoiseSigma * [0.5, -1, 2, 0.1][i]!);
      for (let i = 0; i < s.timesteps.length; i++) {
        const eps = Float32Array.from(x, (v, k) => (v - x0[k]!) / sigmas[i]!);
        x = s.step({ modelOutput: eps, sample: x, stepIndex: i, rng }) as Float32Array<ArrayBuffer>;
      }
      for (let k = 0; k < 4; k++) expect(x[k]).toBeCloseTo(x0[k]!, 3);
    }
  });

  it("ancestral split keeps σ_down² + σ_up² = σ_to²", () => {
    const { up, down } = ancestralSigmas({ from: 10, to: 4 });
    expect(up).toBeCloseTo(Math.sqrt((16 * (100 - 16)) / 100), 12);
    expect(down ** 2 + up ** 2).toBeCloseTo(16, 10);
    expect(ancestralSigmas({ from: 5, to: 0 })).toEqual({ up: 0, down: 0 });
  });
});

describe("LCM", () => {
  it("boundary scalings: c_skip = 0.25/((10t)² + 0.25), c_out = 10t/sqrt((10t)² + 0.25)", () => {
    expect(lcmBoundaryScalings({ t: 0 })).toEqual({ cSkip: 1, cOut: 0 });
    const { cSkip, cOut } = lcmBoundaryScalings({ t: 999 });
    expect(cSkip).toBeCloseTo(0.25 / (9990 ** 2 + 0.25), 15);
    expect(cOut).toBeCloseTo(9990 / Math.sqrt(9990 ** 2 + 0.25), 12);
  });

  it("the final step returns the predicted x0 (scaled by c_out, plus c_skip·x)", () => {
    const s = createScheduler({ name: "lcm", config: sd, steps: 1 });
    const { alphasCumprod } = noiseSchedule({ config: sd });
    const a = alphasCumprod[999]!;
    const x = Float32Array.from([2, -1]);
    const eps = Float32Array.from([0.1, 0.2]);
    const out = s.step({ modelOutput: eps, sample: x, stepIndex: 0, rng: createRng({ seed: 1 }) });
    const { cSkip, cOut } = lcmBoundaryScalings({ t: 999 });
    for (let i = 0; i < 2; i++) expect(out[i]).toBeCloseTo(cOut * ((x[i]! - Math.sqrt(1 - a) * eps[i]!) / Math.sqrt(a)) + cSkip * x[i]!, 4);
  });
});
