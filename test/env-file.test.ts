import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "./support/config.ts";
import { loadEnvFile } from "../src/config/env-file.ts";
import { ConfigError } from "../src/errors.ts";
import { startBotApiServer } from "./support/bot-api-server.ts";
import { ROOT, runToEnd, spawnApp, tempDataDir } from "./support/spawn-app.ts";

const dir = mkdtempSync(join(tmpdir(), "casebot-envfile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(".env at start-up", () => {
  it("fills in what the environment leaves unset; the real environment wins; quotes and comments are read", () => {
    writeFileSync(join(dir, ".env"), 'BOT_TOKEN=123:from-file\nLOG_LEVEL=debug\n# DATA_DIR=commented\nDIGEST_CRON="30 17 * * 5"\nEMPTY=\n');
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: "warn", EMPTY: "set" };
    const result = loadEnvFile(env, dir);
    expect(result).toEqual({ file: join(dir, ".env"), applied: ["BOT_TOKEN", "DIGEST_CRON"] });
    expect(env).toEqual({ LOG_LEVEL: "warn", EMPTY: "set", BOT_TOKEN: "123:from-file", DIGEST_CRON: "30 17 * * 5" });
  });

  it("reads no file when there is none, or when CASEBOT_ENV_FILE is set empty", () => {
    const empty = mkdtempSync(join(dir, "none-"));
    expect(loadEnvFile({}, empty)).toEqual({ applied: [] });
    const env = { CASEBOT_ENV_FILE: "" };
    expect(loadEnvFile(env, dir)).toEqual({ applied: [] });
    expect(env).toEqual({ CASEBOT_ENV_FILE: "" });
  });

  it("stops with the variable to fix when the file it names is missing", () => {
    expect(() => loadEnvFile({ CASEBOT_ENV_FILE: "missing.env" }, dir)).toThrow(ConfigError);
    expect(() => loadEnvFile({ CASEBOT_ENV_FILE: "missing.env" }, dir)).toThrow(`CASEBOT_ENV_FILE: cannot read ${join(dir, "missing.env")} (ENOENT); fix the path or unset it`);
  });

  it(".env.example sources cleanly in bash, reads the same in Node, and is a valid configuration", () => {
    const example = join(ROOT, ".env.example");
    // What `set -a; . ./.env.example` exports: every assignment, as the shell reads it.
    const script = `set -euo pipefail; set -a; . '${example}'; set +a; env -0`;
    const out = execFileSync("bash", ["--norc", "--noprofile", "-c", script], { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" });
    const shell = Object.fromEntries(out.split("\0").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
    const node = parseEnv(readFileSync(example, "utf8"));
    expect(Object.keys(node).length).toBeGreaterThan(10);
    for (const [key, value] of Object.entries(node)) expect(shell[key], key).toBe(value);
    const config = loadConfig(node);
    expect(config.digest.cron).toBe("0 9 * * 1");
    expect(config.platforms.console).toBeDefined();
  });

  it("npm start takes BOT_TOKEN from the env file and runs the Telegram bot, not the console", { tags: ["slow"] }, async () => {
    const api = await startBotApiServer();
    const data = tempDataDir();
    const file = join(dir, "telegram.env");
    writeFileSync(file, `BOT_TOKEN=${api.token}\nTELEGRAM_API_ROOT=${api.apiRoot}\nDATA_DIR=/nonexistent/overridden\n`);
    const child = spawnApp({ CASEBOT_ENV_FILE: file, DATA_DIR: data });
    try {
      const finished = runToEnd(child);
      await api.waitForPolling(15_000);
      child.kill("SIGTERM");
      const out = await finished;
      expect(out.stdout).not.toContain("案例通 · 控制台对话");
      expect(out.stderr).toBe("");
      expect(api.callsTo("getMe")).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await api.close();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
