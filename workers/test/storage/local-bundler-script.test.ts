import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseLocalBundlerConfig } from "../../src/storage/local-bundler/index.js";

const SCRIPT = fileURLToPath(new URL("../../scripts/local-bundler.ts", import.meta.url));
const TSX = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

describe("local-bundler entry script", () => {
  it("prints its ready line, serves /health and /info as a stand-in, and stops on SIGTERM", async () => {
    const child = spawn(TSX, [SCRIPT, "--port", "0", "--lamports-per-byte", "2"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no ready line: ${out}`)), 60_000);
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /local-bundler ready url=(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      expect(((await (await fetch(`${url}/health`)).json()) as { standIn: string }).standIn).toBe("local-bundler");
      const info = (await (await fetch(`${url}/info`)).json()) as { standIn: boolean; addresses: { solana: string }; pricing: { lamportsPerByte: string } };
      expect(info.standIn).toBe(true);
      expect(info.addresses.solana).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
      expect(info.pricing.lamportsPerByte).toBe("2");
      expect(await (await fetch(`${url}/price/solana/1000`)).json()).toBe(2000);
      const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("refuses bad configuration with a message naming the field", () => {
    expect(() => parseLocalBundlerConfig({ argv: ["--port", "70000"], env: {} })).toThrow(/port/);
    expect(() => parseLocalBundlerConfig({ argv: [], env: { LOCAL_BUNDLER_LAMPORTS_PER_BYTE: "-1" } })).toThrow(/lamportsPerByte/);
    expect(() => parseLocalBundlerConfig({ argv: ["--bogus", "1"], env: {} })).toThrow();
    const ok = parseLocalBundlerConfig({ argv: ["--port", "1234"], env: { LOCAL_BUNDLER_BASE_FEE_LAMPORTS: "5" } });
    expect(ok).toMatchObject({ port: 1234, pricing: { lamportsPerByte: 0n, baseFeeLamports: 5n } });
  });
});
