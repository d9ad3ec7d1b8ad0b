import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.ts";
import { upsertSubscription } from "../src/store/subscriptions.ts";
import { emptyState } from "../src/store/types.ts";
import { tempDataDir } from "./support/spawn-app.ts";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1";

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await runCli(args, { stdin: new PassThrough(), stdout, stderr, env: { LOG_LEVEL: "warn", ...env } });
  return { code, out, err };
}

/** Every file under a directory, recursively, with its text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, "latin1") }));
}

describe("secrets never reach disk", () => {
  it("a push run against an unreachable Bot API leaves no token in any file under DATA_DIR", async () => {
    const dir = tempDataDir();
    const state = emptyState();
    upsertSubscription(state, { platform: "telegram", chatId: "-100", cron: "* * * * *", timezone: "Asia/Shanghai", by: { id: "1" } }, new Date(Date.now() - 120_000));
    writeFileSync(join(dir, "db.json"), JSON.stringify(state));
    // Port 1 on loopback: nothing listens, every request fails at once with ECONNREFUSED.
    const r = await cli(["digest", "send"], { DATA_DIR: dir, BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "http://127.0.0.1:1" });
    expect(JSON.parse(r.out)).toMatchObject({ due: 1, sent: 0 });
    const db = readFileSync(join(dir, "db.json"), "utf8");
    expect(db).toContain("[redacted-token]"); // the failure was recorded, scrubbed
    for (const f of filesUnder(dir)) expect(f.text.includes(TOKEN.split(":")[1]!), f.path).toBe(false);
    expect(r.err).not.toContain(TOKEN);
  });
});
