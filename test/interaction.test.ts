import { describe, expect, it } from "vitest";
import { allCommands } from "../commands/index.ts";
import { createRegistry } from "../src/commands/registry.ts";
import { decodeAction, encodeAction, resolveAction } from "../src/interaction/actions.ts";
import { QuestionMemory } from "../src/interaction/question-memory.ts";
import type { AnsweringServices } from "../src/services.ts";
import type { Answerer } from "../src/answer/types.ts";
import { createLibrary } from "../src/corpus/library.ts";

describe("the action codec", () => {
  it("spells payloads compactly under 256 bytes and spelled out above, and decodes both everywhere", () => {
    const small = { maxBytes: 64 };
    const roomy = { maxBytes: 1024 };
    const full = { type: "command", command: "case", args: "12e4710c" } as const;
    expect(encodeAction(full, small)).toBe("c:case:12e4710c");
    expect(encodeAction(full, roomy)).toBe("case:12e4710c");
    expect(encodeAction({ type: "command", command: "units" }, roomy)).toBe("cmd:units:");
    expect(encodeAction({ type: "more", query: "联络站", page: 2 }, roomy)).toBe("more:2:联络站");
    expect(encodeAction({ type: "more", query: "联络站", page: 2 }, small)).toBe("m:2");
    for (const data of ["c:case:12e4710c", "case:12e4710c", "cmd:case:12e4710c"]) expect(decodeAction(data)).toEqual({ type: "command", command: "case", args: "12e4710c" });
  });

  it("keeps long questions in a memory where the payload is small, and drops what does not fit", () => {
    const memory = new QuestionMemory();
    const data = encodeAction({ type: "more", query: "问".repeat(300), page: 1 }, { maxBytes: 64, memory }) ?? "";
    expect(decodeAction(data, (k) => memory.recall(k))).toEqual({ type: "more", page: 1, query: "问".repeat(300) });
    expect(encodeAction({ type: "more", query: "问".repeat(400), page: 1 }, { maxBytes: 1024 })).toBeUndefined();
    expect(encodeAction({ type: "share", caseId: "a", query: "a" }, { maxBytes: 1024 })).toBeUndefined();
  });
});

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
