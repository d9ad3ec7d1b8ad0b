/**
 * A platform is one folder plus one line: the echo platform (test/support/echo-platform/, no
 * buttons, 200-byte messages) is registered by one entry in the platform list, and the same
 * commands, help text, replies split at its limit and the weekly push all work through it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../src/app/start.ts";
import { loadConfig } from "./support/config.ts";
import type { TickSource } from "../src/digest/scheduler.ts";
import { createLogger } from "../src/logger.ts";
import { PLATFORMS } from "../src/platforms/index.ts";
import { memoryStateStore } from "../src/store/state-store.ts";
import { createEchoPlatform } from "./support/echo-platform/adapter.ts";
import { ROOT, tempDataDir } from "./support/spawn-app.ts";

const echo = createEchoPlatform();
// The one line: the built-in platforms plus this one.
const platforms = [...PLATFORMS, echo.adapter];

// Monday 2026-03-02, a minute before the default push (09:00 in DIGEST_TZ=UTC).
const clock = { t: Date.parse("2026-03-02T08:59:00Z") };
let onTick: (() => void) | undefined;
const tick: TickSource = (fn) => ((onTick = fn), { stop: () => undefined });
const bytes = (s: string) => Buffer.byteLength(s, "utf8");

let app: RunningApp;
beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: tempDataDir(), ECHO_BOT_NAME: "回声", DIGEST_TZ: "UTC", DIGEST_LIMITS: "off" }, platforms);
  expect(config.platforms.echo).toEqual({ botName: "回声" });
  // Another platform takes messages now, so the console stays closed by default.
  expect(config.platforms.console).toBeUndefined();
  app = await startApp(config, createLogger("silent"), { platforms, now: () => new Date(clock.t), tick, store: memoryStateStore() });
});
afterAll(async () => {
  await app.stop();
});

describe("a platform as one folder plus one line", () => {
  it("answers the same commands and help text, in the platform's command words", async () => {
    const help = (await echo.say("g1", "帮助")).join("\n");
    expect(help).toContain("案例通 · 使用说明");
    expect(help).toContain("在群里请先 @我 再提问，或使用下面的命令词。");
    // Editors' commands are listed to editors only (this echo platform's users are not).
    for (const c of app.services.registry.commands.filter((x) => !x.hidden && !x.editors)) expect(help).toContain(`${app.services.registry.wordFor(c.name)} 或 /${c.name}`);
    expect((await echo.say("g1", "单位")).join("\n")).toContain(`已收录 ${app.services.library.cases.length} 个单位的典型案例`);
    const c = app.services.library.cases[1];
    expect((await echo.say("g1", `/case ${c?.id}`)).join("\n")).toContain(`编号 ${c?.id}`);
  });

  it("splits replies at the platform's 200 UTF-8 bytes and shows buttons as command hints", async () => {
    const messages = await echo.say("p1", "逢6进站是怎么做的？", "private");
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) expect(bytes(m)).toBeLessThanOrEqual(200);
    const text = messages.join("\n");
    expect(text).toContain("大祥区城北路街道人大工委");
    expect(text).toContain("查看全文：案例 8598fd71");
  });

  it("delivers the weekly push through the platform's channel, once, split at its limit", async () => {
    const confirm = (await echo.say("g1", "订阅")).join("\n");
    expect(confirm).toContain("已订阅每周案例推送。");
    expect(confirm).toContain("发送“本周案例”先看看会收到什么，发送“退订”可取消。");
    const pushes = () => echo.transcript.filter((m) => m.push);
    for (const t of ["2026-03-02T08:59:30Z", "2026-03-02T09:00:10Z", "2026-03-02T09:01:10Z", "2026-03-09T08:00:00Z"]) {
      clock.t = Date.parse(t);
      onTick?.();
      await app.scheduler?.idle();
      if (t === "2026-03-02T08:59:30Z") expect(pushes()).toEqual([]);
    }
    const sent = pushes();
    expect(sent.length).toBeGreaterThan(1);
    expect(new Set(sent.map((m) => m.chatId))).toEqual(new Set(["g1"]));
    // One card (its first message carries the title), although the scheduler ticked four times.
    expect(sent.filter((m) => m.text.startsWith("【📌 本周案例】"))).toHaveLength(1);
    expect(sent[0]?.text.startsWith("【📌 本周案例】")).toBe(true);
    for (const m of sent) expect(bytes(m.text)).toBeLessThanOrEqual(200);
    expect(sent.some((m) => app.services.library.cases.some((c) => m.text.includes(c.unit)))).toBe(true);
  });

  it("needs no file outside its folder: nothing in src/ names it", () => {
    const files = (readdirSync(join(ROOT, "src"), { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) expect(readFileSync(join(ROOT, "src", f), "utf8"), f).not.toMatch(/["'`]echo["'`]/);
  });
});
