import { defineConfig } from "vitest/config";

// One test runner across the npm workspaces (CONVENTIONS 15).
export default defineConfig({
  test: {
    include: ["workers/**/*.test.ts", "sdk/**/*.test.ts", "tests/**/*.test.ts", "migrations/**/*.test.ts"],
    exclude: ["**/node_modules/**", "target/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
