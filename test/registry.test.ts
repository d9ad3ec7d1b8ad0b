import { describe, expect, it } from "vitest";
import { allCommands } from "../commands/index.ts";
import { createRegistry } from "../src/dispatch/registry.ts";
import type { Command } from "../src/dispatch/types.ts";
import { textReply } from "../src/reply/build.ts";

const registry = createRegistry(allCommands);

describe("command registry", () => {
  it("resolves slash commands, with and without the bot's username", () => {
    expect(registry.resolve("/help")?.command.name).toBe("help");
    expect(registry.resolve("/case@CaseBot 邵东", { botUsername: "casebot" })).toMatchObject({ command: { name: "case" }, args: "邵东" });
    expect(registry.resolve("/case@OtherBot 邵东", { botUsername: "casebot" })).toBeUndefined();
  });

  it("accepts Chinese command words without a slash only when asked to", () => {
    expect(registry.resolve("搜索 联络站", { allowBare: true })).toMatchObject({ command: { name: "ask" }, args: "联络站" });
    expect(registry.resolve("案例：邵东", { allowBare: true })).toMatchObject({ command: { name: "case" }, args: "邵东" });
    expect(registry.resolve("单位", { allowBare: true })?.command.name).toBe("units");
    expect(registry.resolve("单位", {})).toBeUndefined();
    // A question that merely starts with a command word is still a question.
    expect(registry.resolve("单位有哪些做法", { allowBare: true })).toBeUndefined();
  });

  it("returns undefined for unknown commands and plain text", () => {
    expect(registry.resolve("/nosuch")).toBeUndefined();
    expect(registry.resolve("联络站进集市")).toBeUndefined();
  });

  it("refuses two commands claiming the same word", () => {
    const a: Command = { name: "a", aliases: ["同"], description: "", run: async () => textReply("info", "") };
    const b: Command = { name: "b", aliases: ["同"], description: "", run: async () => textReply("info", "") };
    expect(() => createRegistry([a, b])).toThrow('command word "同" is used by both /a and /b');
  });

  it("gives every visible command a Chinese description and a Chinese word", () => {
    for (const c of registry.commands.filter((c) => !c.hidden)) {
      expect(c.description).toMatch(/[\u4e00-\u9fff]/);
      expect(c.aliases.some((a) => /[\u4e00-\u9fff]/.test(a))).toBe(true);
      expect(c.name).toMatch(/^[a-z][a-z0-9_]{0,31}$/); // Telegram's rule for bot commands
    }
  });
});

describe("registry.wordFor", () => {
  it("gives the Chinese word people type for a command", () => {
    expect(registry.wordFor("case")).toBe("案例");
    expect(registry.wordFor("units")).toBe("单位");
    expect(registry.wordFor("nosuch")).toBe("nosuch");
  });
});
