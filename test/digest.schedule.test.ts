import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentFire, describe as describeCron, firesBetween, formatTime, nextFire, parseSchedule, periodId } from "../src/digest/schedule.ts";
import { loadConfig } from "./support/config.ts";
import { createLibrary } from "../src/corpus/library.ts";
import { buildDigest } from "../src/digest/wire.ts";
import { ConfigError, UserInputError } from "../src/errors.ts";
import { createLogger } from "../src/logger.ts";
import { memoryStateStore } from "../src/store/state-store.ts";

const defaults = { cron: "0 9 * * 1", timezone: "Asia/Shanghai" };
const parse = (t?: string) => parseSchedule(t, defaults);
const userMessage = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    if (err instanceof UserInputError) return err.userMessage;
    throw err;
  }
  throw new Error("did not throw");
};

describe("parseSchedule", () => {
  it("defaults to DIGEST_CRON in DIGEST_TZ", () => {
    expect(parse()).toEqual({ cron: "0 9 * * 1", timezone: "Asia/Shanghai", label: "每周一 09:00" });
    expect(parse("  ")).toEqual(parse());
  });

  it("reads the Chinese weekday forms", () => {
    expect(parse("周一 09:00").cron).toBe("0 9 * * 1");
    expect(parse("每周五 17:30")).toMatchObject({ cron: "30 17 * * 5", label: "每周五 17:30" });
    expect(parse("星期五 17:30").cron).toBe("30 17 * * 5");
    expect(parse("周日 8点").cron).toBe("0 8 * * 0");
    expect(parse("礼拜三 7：05").cron).toBe("5 7 * * 3");
  });

  it("accepts a 5-field cron expression and a trailing IANA zone", () => {
    expect(parse("30 17 * * 5")).toMatchObject({ cron: "30 17 * * 5", label: "每周五 17:30" });
    expect(parse("0 8 1 * *")).toMatchObject({ label: "cron 0 8 1 * *" });
    expect(parse("周一 09:00 Europe/Berlin")).toMatchObject({ cron: "0 9 * * 1", timezone: "Europe/Berlin" });
  });

  it("explains bad input in Chinese", () => {
    const help = "可以写“周一 09:00”“每周五 17:30”“星期五 17:30”，或 5 段 cron 表达式（分 时 日 月 周），例如“30 17 * * 5”。";
    expect(userMessage(() => parse("明天早上"))).toBe(`没看懂“明天早上”。${help}`);
    expect(userMessage(() => parse("周八 09:00"))).toBe(`没看懂“周八 09:00”。${help}`);
    expect(userMessage(() => parse("周一 25:00"))).toBe(`时间“周一 25:00”不对：小时应在 0–23，分钟应在 0–59。${help}`);
    expect(userMessage(() => parse("* * * * *"))).toBe(`“* * * * *”推送太频繁了：两次推送之间至少要隔一天。${help}`);
    expect(userMessage(() => parse("0 9 * * * *"))).toBe(`没看懂“0 9 * * * *”。${help}`);
    expect(userMessage(() => parse("0 99 * * 1"))).toMatch(/^cron 表达式“0 99 \* \* 1”无效（.+）。/);
    expect(userMessage(() => parse("周一 09:00 Mars/Olympus"))).toBe("无法识别时区“Mars/Olympus”，请写成 Asia/Shanghai 这样的时区名。");
    expect(userMessage(() => parse("<b>周一</b>"))).toBe(`没看懂“<b>周一</b>”。${help}`);
  });
});

describe("fire times with the host clock in UTC", () => {
  const savedTz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = "UTC";
  });
  afterAll(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });
  const weekly = { cron: "0 9 * * 1", timezone: "Asia/Shanghai" };
  // Monday 2026-11-30 09:00 in Shanghai is 01:00 UTC.
  const fire = new Date("2026-11-30T01:00:00.000Z");

  it("the current period is the latest fire time at or before now", () => {
    expect(new Date().getTimezoneOffset()).toBe(0);
    expect(currentFire(weekly, fire)?.toISOString()).toBe(fire.toISOString());
    expect(currentFire(weekly, new Date(fire.getTime() - 1))?.toISOString()).toBe("2026-11-23T01:00:00.000Z");
    expect(currentFire(weekly, new Date(fire.getTime() + 500))?.toISOString()).toBe(fire.toISOString());
  });

  it("the next run is strictly after now", () => {
    expect(nextFire(weekly, new Date(fire.getTime() - 1)).toISOString()).toBe(fire.toISOString());
    expect(nextFire(weekly, fire).toISOString()).toBe("2026-12-07T01:00:00.000Z");
  });

  it("period ids carry the zone's offset", () => {
    expect(periodId(fire, "Asia/Shanghai")).toBe("2026-11-30T09:00+08:00");
    expect(periodId(fire, "UTC")).toBe("2026-11-30T01:00+00:00");
    expect(new Date("2026-11-30T09:00+08:00").getTime()).toBe(fire.getTime());
    expect(formatTime(fire, "Asia/Shanghai")).toBe("2026年11月30日（周一）09:00");
  });

  it("lists the fire times in between", () => {
    const list = firesBetween(weekly, new Date("2026-11-01T00:00:00Z"), fire, 10).map((d) => d.toISOString());
    expect(list).toEqual(["2026-11-02T01:00:00.000Z", "2026-11-09T01:00:00.000Z", "2026-11-16T01:00:00.000Z", "2026-11-23T01:00:00.000Z"]);
    expect(describeCron("30 17 * * 5")).toBe("每周五 17:30");
  });
});

describe("DIGEST_CRON / DIGEST_TZ at start-up", () => {
  it("a bad default schedule stops start-up with the variables named", () => {
    const services = { store: memoryStateStore(), library: createLibrary([]) };
    const build = (env: Record<string, string>) => () => buildDigest(loadConfig(env), createLogger("silent"), services);
    expect(build({ DIGEST_CRON: "0 9 * * 1", DIGEST_TZ: "Asia/Shanghai" })).not.toThrow();
    expect(build({ DIGEST_CRON: "0 25 * * 1" })).toThrow(ConfigError);
    expect(build({ DIGEST_TZ: "Asia/Beijing" })).toThrow(/^DIGEST_CRON="0 9 \* \* 1" \/ DIGEST_TZ="Asia\/Beijing" is not a usable schedule: /);
  });
});
