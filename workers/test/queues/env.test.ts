/** Env validation: localnet defaults, typed values, and one error naming every bad variable. */
import { describe, expect, it } from "vitest";
import { EXIT_CONFIG, EnvError, generatorConcurrency, loadEnvOrExit, parseEnv } from "../../src/env.js";

describe("env", () => {
  it("runs on localnet defaults with nothing set", () => {
    const env = parseEnv({ source: {} });
    expect(env.role).toBe("generator");
    expect(env.redisUrl).toBe("redis://127.0.0.1:6379");
    expect(env.rpcUrl).toBe("http://127.0.0.1:8899");
    expect(env.devices).toEqual([{ provider: "cpu", deviceId: 0 }]);
    expect(generatorConcurrency({ env })).toBe(1);
    expect(env.programId).toBeUndefined();
  });

  it("parses typed values; empty strings mean unset", () => {
    const env = parseEnv({
      source: {
        ATELIER_ROLE: "verifier",
        ATELIER_DEVICES: "0, 1,1",
        ATELIER_CONCURRENCY_PER_DEVICE: "3",
        ATELIER_ALLOW_CPU_FALLBACK: "1",
        ATELIER_METRICS_PORT: "0",
        ATELIER_REDIS_URL: "",
        ATELIER_PROGRAM_ID: "11111111111111111111111111111111",
      },
    });
    expect(env.role).toBe("verifier");
    expect(env.devices).toEqual([
      { provider: "cuda", deviceId: 0 },
      { provider: "cuda", deviceId: 1 },
    ]);
    expect(generatorConcurrency({ env })).toBe(6);
    expect(env.allowCpuFallback).toBe(true);
    expect(env.metricsPort).toBe(0);
    expect(env.redisUrl).toBe("redis://127.0.0.1:6379");
    expect(env.programId).toBe("11111111111111111111111111111111");
  });

  it("lists every bad variable in one error", () => {
    const bad = {
      ATELIER_ROLE: "miner",
      ATELIER_REDIS_URL: "http://127.0.0.1:6379",
      ATELIER_WS_URL: "not a url",
      ATELIER_METRICS_PORT: "70000",
      ATELIER_DEVICES: "gpu",
      ATELIER_JOB_ATTEMPTS: "1.5",
      ATELIER_LOG_LEVEL: "loud",
      ATELIER_ALLOW_CPU_FALLBACK: "yes",
      ATELIER_PROGRAM_ID: "0OIl",
    };
    let error: unknown;
    try {
      parseEnv({ source: { ...bad, ATELIER_RPC_URL: "https://rpc.example" } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const envError = error as EnvError;
    expect(envError.code).toBe("ENV_INVALID");
    expect(envError.problems.map((p) => p.variable).sort()).toEqual(Object.keys(bad).sort());
    for (const variable of Object.keys(bad)) expect(envError.message).toContain(variable);
    expect(envError.message).not.toContain("http://127.0.0.1:6379"); // values are not echoed
  });

  it("loadEnvOrExit prints one paragraph and exits with EX_CONFIG", () => {
    const lines: string[] = [];
    const codes: number[] = [];
    expect(() =>
      loadEnvOrExit({ source: { ATELIER_SHUTDOWN_DEADLINE_MS: "-1" }, write: (l) => lines.push(l), exit: (c) => void codes.push(c) }),
    ).toThrow(EnvError);
    expect(codes).toEqual([EXIT_CONFIG]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("ATELIER_SHUTDOWN_DEADLINE_MS");
    expect(lines[0]).not.toMatch(/\n\s+at /); // no stack trace
  });
});
