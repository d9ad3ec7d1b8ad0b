import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // End-to-end suites start real processes and servers; keep them from fighting over 2 cores.
    maxWorkers: 2,
  },
});
