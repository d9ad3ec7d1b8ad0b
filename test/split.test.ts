import { describe, expect, it } from "vitest";
import { splitText, utf8Bytes } from "../src/reply/split.ts";

describe("splitText", () => {
  it("keeps short text whole", () => {
    expect(splitText("你好", 4096)).toEqual(["你好"]);
  });

  it("splits on paragraph breaks first", () => {
    const a = "甲".repeat(3000);
    const b = "乙".repeat(3000);
    expect(splitText(`${a}\n\n${b}`, 4096)).toEqual([a, b]);
  });

  it("cuts a 10,000-character run into chunks within the limit, losing nothing", () => {
    const text = "联络站".repeat(3334).slice(0, 10_000);
    const chunks = splitText(text, 4096);
    expect(chunks.length).toBe(3);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(4096);
    expect(chunks.join("")).toBe(text);
  });

  it("measures UTF-8 bytes and never splits a surrogate pair", () => {
    const text = "😀".repeat(2000); // 4 bytes and 2 UTF-16 units each
    const chunks = splitText(text, 4096, utf8Bytes);
    for (const c of chunks) {
      expect(Buffer.byteLength(c)).toBeLessThanOrEqual(4096);
      expect(c).not.toMatch(/[\ud800-\udbff]$/);
      expect(c).not.toMatch(/^[\udc00-\udfff]/);
    }
    expect(chunks.join("")).toBe(text);
  });
});
