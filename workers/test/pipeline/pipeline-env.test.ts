/** The roles' env: `all` and comma lists, defaults from the model dir, every bad variable named. */
import { describe, expect, it } from "vitest";
import { EnvError } from "../../src/env.js";
import { parsePipelineEnv } from "../../src/roles/pipeline-env.js";

describe("parsePipelineEnv", () => {
  it("expands all, dedupes comma lists and derives the model dirs", () => {
    const all = parsePipelineEnv({ source: { ATELIER_ROLE: "all" }, modelDir: "/m" });
    expect(all.roles).toEqual(["watcher", "generator", "verifier", "crank"]);
    expect(all.sdModelDir).toBe("/m/sd-tiny");
    expect(all.clipModelDir).toBe("/m/clip-tiny");
    expect(all.influenceIndex).toBeUndefined();
    expect(all.verifyInfluenceTolerance).toBe(1_500);
    expect(parsePipelineEnv({ source: { ATELIER_VERIFY_INFLUENCE_TOLERANCE: "0" }, modelDir: "/m" }).verifyInfluenceTolerance).toBe(0);
    expect(parsePipelineEnv({ source: { ATELIER_ROLE: "verifier, crank,verifier" }, modelDir: "/m" }).roles).toEqual(["verifier", "crank"]);
  });

  it("names every bad variable", () => {
    let error: unknown;
    try {
      parsePipelineEnv({ source: { ATELIER_ROLE: "miner", ATELIER_SPOT_CHECK_RATE: "2", ATELIER_INFLUENCE_TOP_K: "12", ATELIER_VERIFY_INFLUENCE_TOLERANCE: "20001" }, modelDir: "/m" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).problems.map((p) => p.variable).sort()).toEqual(["ATELIER_INFLUENCE_TOP_K", "ATELIER_ROLE", "ATELIER_SPOT_CHECK_RATE", "ATELIER_VERIFY_INFLUENCE_TOLERANCE"]);
  });
});
