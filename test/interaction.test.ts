import { describe, expect, it } from "vitest";
import { allCommands } from "../commands/index.ts";
import { createRegistry } from "../src/dispatch/registry.ts";
import { decodeAction, encodeAction, resolveAction } from "../src/interaction/actions.ts";
import { QuestionMemory } from "../src/interaction/question-memory.ts";
import type { AnsweringServices } from "../src/dispatch/types.ts";
import type { Answerer } from "../src/answer/types.ts";
import { createLibrary } from "../src/corpus/library.ts";
import { loadLibrary } from "../src/corpus/load.ts";
import { welcome } from "../src/interaction/welcome.ts";
import { renderPlain } from "../src/reply/plain.ts";

describe("the action codec", () => {
  it("spells payloads compactly under 256 bytes and spelled out above, and decodes both everywhere", () => {
    const small = { maxBytes: 64 };
    const roomy = { maxBytes: 1024 };
    const full = { type: "command", command: "case", args: "8598fd71" } as const;
    expect(encodeAction(full, small)).toBe("c:case:8598fd71");
    expect(encodeAction(full, roomy)).toBe("case:8598fd71");
    expect(encodeAction({ type: "command", command: "units" }, roomy)).toBe("cmd:units:");
    expect(encodeAction({ type: "more", query: "联络站", page: 2 }, roomy)).toBe("more:2:联络站");
    expect(encodeAction({ type: "more", query: "联络站", page: 2 }, small)).toBe("m:2");
    for (const data of ["c:case:8598fd71", "case:8598fd71", "cmd:case:8598fd71"]) expect(decodeAction(data)).toEqual({ type: "command", command: "case", args: "8598fd71" });
  });

  it("keeps long questions in a memory where the payload is small, and drops what does not fit", () => {
    const memory = new QuestionMemory();
    const data = encodeAction({ type: "more", query: "问".repeat(300), page: 1 }, { maxBytes: 64, remember: (q) => memory.remember(q, { chatId: "1" }) }) ?? "";
    expect(decodeAction(data, (k) => recalled(memory, k))).toEqual({ type: "more", page: 1, query: "问".repeat(300) });
    expect(encodeAction({ type: "more", query: "问".repeat(400), page: 1 }, { maxBytes: 1024 })).toBeUndefined();
    expect(encodeAction({ type: "share", caseId: "a", query: "a" }, { maxBytes: 1024 })).toBeUndefined();
  });
});

const recalled = (memory: QuestionMemory, key: string): string | undefined => {
  const r = memory.recall(key, { chatId: "1" });
  return r.status === "found" ? r.query : undefined;
};

describe("the action handler", () => {
  const library = createLibrary([]);
  const answerer: Answerer = { ask: (query) => ({ query, normalized: query, terms: [], total: 0, hits: [] }) };
  const services: AnsweringServices = { library, answerer, registry: createRegistry(allCommands) };

  it("runs a command or a page of matches, and calls a press stale when it cannot be honoured", () => {
    expect(resolveAction({ type: "command", command: "units", args: "" }, services)).toBeTypeOf("function");
    expect(resolveAction({ type: "command", command: "nosuchcommand", args: "" }, services)).toBeUndefined();
    expect(resolveAction({ type: "more", page: 1 }, services)).toBeUndefined();
    expect(resolveAction({ type: "more", page: 1 }, services, () => "联络站")).toBeTypeOf("function");
  });
});

describe("the welcome", () => {
  it("greets a group with @-examples and a private chat with the corpus size, both from the corpus", async () => {
    const lib = await loadLibrary("data/articles");
    const s: AnsweringServices = { library: lib, answerer: { ask: () => ({ query: "", normalized: "", terms: [], total: 0, hits: [] }) }, registry: createRegistry(allCommands) };
    const group = renderPlain(welcome(s, { chat: "group", mention: "casebot", commandWord: (n) => `/${n}` }));
    expect(group).toBe(
      [
        "【大家好，我是案例通】",
        "我收录了各地人大的典型案例。在群里 @我 提问，或回复我的消息，我就会找出做法相近的单位。",
        "例如：\n@casebot 一要点五计划是怎么做的？\n@casebot 洞口县有什么经验？",
        "输入 /help 查看全部命令。",
      ].join("\n\n"),
    );
    const single = renderPlain(welcome(s, { chat: "private", commandWord: s.registry.wordFor }));
    expect(single).toBe(
      [
        "您好！我是案例通，收录了 6 个人大工作典型案例。直接提问即可，例如：",
        "· “一要点五计划”是怎么做的？",
        "· 洞口县在激发代表活力方面有哪些做法？",
        "发送“帮助”查看全部命令，发送“订阅”每周收到一个案例。",
      ].join("\n"),
    );
  });
});
