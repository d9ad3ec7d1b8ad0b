// @module-tag slow (npm test leaves it out; npm run test:full and CI run it): runs the build as processes
/**
 * The production path: `npm run build`, then `node dist/main.js` / `node dist/cli.js` without tsx.
 * Building takes longer than the whole suite should, so this runs where dist/ exists: CI builds
 * first (.ci/run), and so does a developer who ran `npm run build`. In CI a missing build fails.
 */
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isolatedEnv, ROOT, runToEnd, tempDataDir } from "./support/spawn-app.ts";

const built = existsSync(join(ROOT, "dist", "main.js"));

const run = (script: string, args: string[], env: Record<string, string>, input: string) =>
  runToEnd(spawn(process.execPath, [join(ROOT, "dist", script), ...args], { cwd: ROOT, env: isolatedEnv(env), stdio: ["pipe", "pipe", "pipe"] }), input);

describe.skipIf(!built && !process.env.CI)("the build (dist/), run with plain node", () => {
  it("exists in CI", () => {
    expect(built, "run `npm run build` before the tests").toBe(true);
  });

  it("node dist/main.js answers in the console; node dist/cli.js answers one question", async () => {
    const dataDir = tempDataDir();
    const ingestDir = tempDataDir();
    try {
      // Three processes side by side (the ingest on a data directory of its own).
      const [chat, cli, pdf] = await Promise.all([
        run("main.js", [], { DATA_DIR: dataDir }, "逢6进站\n"),
        run("cli.js", ["ask", "--json", "逢6进站"], { DATA_DIR: dataDir, LOG_LEVEL: "silent" }, ""),
        // A PDF goes through the pdf.js worker script, which the build must carry beside its module.
        run("cli.js", ["ingest", "--dry-run", join(ROOT, "test/fixtures/docs/newsletter.pdf")], { DATA_DIR: ingestDir, LOG_LEVEL: "silent" }, ""),
      ]);
      expect(chat.code).toBe(0);
      expect(chat.stderr).toBe("");
      expect(chat.stdout).toMatch(/^【.+ · .+】\n/);
      expect(chat.stdout).toContain("逢6进站");
      expect(cli.code).toBe(0);
      expect((JSON.parse(cli.stdout) as { hits: unknown[] }).hits.length).toBeGreaterThan(0);
      expect(pdf.code).toBe(0);
      expect(pdf.stdout).toContain("newsletter.pdf");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(ingestDir, { recursive: true, force: true });
    }
  });
});
