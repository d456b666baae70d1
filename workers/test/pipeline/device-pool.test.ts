/** Explicit concurrency per device: never more than `perDevice` jobs on one device, least-busy first. */
import { describe, expect, it } from "vitest";
import { createDevicePool } from "../../src/processors/device-pool.js";

describe("createDevicePool", () => {
  it("caps each device at perDevice and spreads jobs across devices", async () => {
    const pool = createDevicePool({ resources: ["gpu0", "gpu1"], perDevice: 2 });
    let peak = 0;
    const seen: string[] = [];
    const release: (() => void)[] = [];
    const jobs = Array.from({ length: 6 }, () =>
      pool.use(async (device) => {
        seen.push(device);
        peak = Math.max(peak, ...pool.busy());
        await new Promise<void>((r) => release.push(r));
      }),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(pool.busy()).toEqual([2, 2]); // four running, two waiting
    expect(seen.filter((d) => d === "gpu0").length).toBe(2);
    while (release.length > 0 || seen.length < 6) {
      release.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(jobs);
    expect(peak).toBe(2);
    expect(pool.busy()).toEqual([0, 0]);
  });

  it("releases the slot when the job throws", async () => {
    const pool = createDevicePool({ resources: ["cpu"], perDevice: 1 });
    await expect(pool.use(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await pool.use(async (d) => d)).toBe("cpu");
  });

  it("refuses an empty pool and a zero concurrency", () => {
    expect(() => createDevicePool({ resources: [], perDevice: 1 })).toThrow();
    expect(() => createDevicePool({ resources: ["cpu"], perDevice: 0 })).toThrow();
  });
});
