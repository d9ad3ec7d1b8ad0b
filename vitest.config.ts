import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // End-to-end suites start real processes and servers; keep them from fighting over 2 cores.
    maxWorkers: 2,
    // Test files share a worker's module cache instead of re-importing the corpus, search and
    // platform modules for every file (the largest cost of the suite after spawned processes).
    // Tests keep no state in modules; those that change process.env restore it.
    isolate: false,
    // Transformed modules are kept on disk between runs (node_modules/.experimental-vitest-cache),
    // keyed on their content: a rerun transforms only what changed.
    experimental: { fsModuleCache: true },
  },
});
