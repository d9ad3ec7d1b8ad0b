import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";

export const ROOT = new URL("../..", import.meta.url).pathname;

/**
 * A throwaway DATA_DIR holding a copy of the bundled articles, so tests never touch data/db.json;
 * with their parsed cache when the run's global setup made one, so a bot started on it does not
 * parse the corpus again.
 */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "casebot-"));
  const template = inject("templateDataDir");
  if (template) cpSync(template, dir, { recursive: true, preserveTimestamps: true });
  else cpSync(join(ROOT, "data", "articles"), join(dir, "articles"), { recursive: true });
  return dir;
}

/**
 * The environment of a spawned bot or CLI: only what the test sets, plus PATH and HOME. No env
 * file is read (CASEBOT_ENV_FILE empty), so a developer's own `.env` never reaches a test.
 */
export function isolatedEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", CASEBOT_ENV_FILE: "", ...env };
}

/** Starts the app exactly as `npm start` does (node --import tsx/esm src/main.ts), with a controlled environment. */
export function spawnApp(env: Record<string, string>, script = "src/main.ts"): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx/esm", script], {
    cwd: ROOT,
    env: isolatedEnv(env),
    stdio: ["pipe", "pipe", "pipe"],
  });
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Feeds `input` on stdin, closes it, and collects everything until the process exits. */
export function runToEnd(child: ChildProcess, input = ""): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  child.stdin?.end(input);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
