import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // `npm test` leaves these out (--tags-filter='!slow'); `npm run test:full` and CI (.ci/run) run
    // everything. Each starts the bot, the CLI or the build as a process, or drives an isolated
    // reader's thread to its limits: it loads the app's whole module graph once more, which costs
    // more than most test files do. What they check (exit codes, signals, stdin, a thread's heap)
    // needs the real process or thread.
    tags: [
      {
        name: "slow",
        description: "starts a process or exhausts a thread: left out of `npm test`, run by `npm run test:full` and CI",
        timeout: 60_000,
      },
    ],
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
