import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { upsertSubscription } from "../src/store/subscriptions.ts";
import { emptyState } from "../src/store/types.ts";
import { runCliInProcess } from "./support/run-cli.ts";
import { tempDataDir } from "./support/spawn-app.ts";

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const r = await runCliInProcess(args, { LOG_LEVEL: "silent", ...env });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe("npm run -s cli -- digest", () => {
  it("plan lists every active subscription with its next push and case", async () => {
    const dir = tempDataDir();
    const state = emptyState();
    const at = new Date(); // subscribed just now: nothing owed yet, every next push is a fire time
    upsertSubscription(state, { platform: "telegram", chatId: "-100", cron: "30 17 * * 5", timezone: "Asia/Shanghai", by: { id: "1" } }, at);
    upsertSubscription(state, { platform: "wecom-webhook", chatId: "研究室", cron: "0 9 * * 1", timezone: "Asia/Shanghai", by: { id: "1" } }, at);
    const { record } = upsertSubscription(state, { platform: "telegram", chatId: "-200", cron: "0 9 * * 1", timezone: "Asia/Shanghai", by: { id: "1" } }, at);
    record.active = false;
    writeFileSync(join(dir, "db.json"), JSON.stringify(state));
    const r = await cli(["digest", "plan", "--json"], { DATA_DIR: dir });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out) as { chats: Array<{ key: string; nextRun: string; caseId: string | null; schedule: { label: string } }> };
    expect(plan.chats.map((c) => c.key).sort()).toEqual(["telegram:-100", "wecom-webhook:研究室"]);
    expect(plan.chats.every((c) => typeof c.caseId === "string" && !Number.isNaN(Date.parse(c.nextRun)))).toBe(true);
    expect(plan.chats.find((c) => c.key === "telegram:-100")?.schedule.label).toBe("每周五 17:30");
    const text = await cli(["digest", "plan"], { DATA_DIR: dir });
    expect(text.out.trim().split("\n")).toHaveLength(2);
    expect(text.out).toMatch(/（周五）17:30\ttelegram:-100\t每周五 17:30\t\w+ /);
  });

  it("send with nothing subscribed reports an empty run; unknown subcommands print usage", async () => {
    const dir = tempDataDir();
    const r = await cli(["digest", "send"], { DATA_DIR: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ due: 0, sent: 0, failed: 0 });
    const u = await cli(["digest", "now"], { DATA_DIR: dir });
    expect(u.code).toBe(2);
    expect(u.err).toContain("usage: npm run -s cli -- digest send");
  });
});
