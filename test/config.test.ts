import { describe, expect, it } from "vitest";
import { loadConfig } from "./support/config.ts";
import { ConfigError } from "../src/errors.ts";

describe("loadConfig", () => {
  it("defaults to the console chat over data/ when no platform is configured", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ articlesDir: "data/articles", dbFile: "data/db.json" });
    expect(c.platforms.console).toEqual({ auto: true });
    expect(c.platforms.telegram).toBeUndefined();
    expect(c.platforms.wecom?.aibot).toBeUndefined();
    expect(c.digest.cron).toBe("0 9 * * 1");
    expect(c.digest.timezone).toBe("Asia/Shanghai");
  });

  it("treats empty variables (as copied from .env.example) as unset", () => {
    expect(loadConfig({ BOT_TOKEN: "", WECOM_BOT_ID: "", WECOM_BOT_SECRET: "" }).platforms.console).toBeDefined();
  });

  it("turns Telegram on with a token and the console off", () => {
    const c = loadConfig({ BOT_TOKEN: "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345" });
    expect(c.platforms.telegram).toMatchObject({ token: "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345", rateLimitPerMinute: 20 });
    expect(c.platforms.console).toBeUndefined();
  });

  it("names the variable and what to set when a value is wrong", () => {
    expect(() => loadConfig({ BOT_TOKEN: "nonsense" })).toThrow(ConfigError);
    expect(() => loadConfig({ BOT_TOKEN: "nonsense" })).toThrow(/BOT_TOKEN: must look like 123456789:AA… \(copy it from @BotFather\)/);
    expect(() => loadConfig({ PORT: "99999" })).toThrow(/PORT/);
    expect(() => loadConfig({ WECOM_BOT_ID: "x" })).toThrow("Set both WECOM_BOT_ID and WECOM_BOT_SECRET");
    expect(() => loadConfig({ WECOM_TOKEN: "t" })).toThrow(/WECOM_TOKEN, WECOM_ENCODING_AES_KEY and WECOM_CALLBACK_PORT together/);
  });

  it("never echoes a secret value in its error", () => {
    const secret = "123:short-but-secret";
    try {
      loadConfig({ BOT_TOKEN: secret });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain(secret);
    }
  });
});
