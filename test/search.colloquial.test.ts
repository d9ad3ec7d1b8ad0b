import { describe, expect, it } from "vitest";
import { createRewriter, defaultRewriter } from "../src/search/colloquial.ts";

/** A corpus as df sees it: the cases that contain each bigram. */
function corpus(texts: string[]): { df: (t: string) => number; size: number } {
  const sets = texts.map((t) => new Set(Array.from({ length: t.length - 1 }, (_, i) => t.slice(i, i + 2)).concat(Array.from(t))));
  return { df: (term) => sets.filter((s) => s.has(term)).length, size: texts.length };
}

describe("colloquial rewriting", () => {
  const rewriter = createRewriter([
    { say: ["娃"], written: ["学生", "儿童"] },
    { say: ["老乡"], written: ["群众"] },
    { say: ["煤气"], written: ["液化气", "燃气"] },
  ]);

  it("replaces an everyday word by the first official term the corpus has", () => {
    const c = corpus(["开展燃气安全检查", "校园安全", "学生上学", "民生实事", "联络站", "预算监督"]);
    expect(rewriter.rewrite("娃上学 煤气", c.df, c.size)).toBe("学生 上学 燃气");
  });

  it("keeps a word the corpus uses as said, and skips official terms every case has", () => {
    const c = corpus(["娃娃家", "群众反映", "群众来访", "群众满意"]);
    expect(rewriter.rewrite("娃娃", c.df, c.size)).toBeUndefined();
    expect(rewriter.rewrite("老乡说的", c.df, c.size)).toBeUndefined();
  });

  it("the bundled lexicon loads and maps common spoken words", () => {
    const c = corpus(["学生安全", "燃气安全", "专题询问", "餐饮门店"]);
    expect(defaultRewriter().rewrite("娃", c.df, c.size)).toBe("学生");
  });

  it("the second bundled lexicon is used too", () => {
    const c = corpus(["夜间接待选民", "错时接待", "专题询问", "预算监督"]);
    expect(defaultRewriter().rewrite("晚上接待", c.df, c.size)).toBe("夜间接待");
  });

  it("the third bundled lexicon is used too", () => {
    const c = corpus(["向选民述职", "群众点单", "专题询问", "预算监督"]);
    expect(defaultRewriter().rewrite("老百姓点菜", c.df, c.size)).toBe("群众点单");
  });

  it("the fourth bundled lexicon is used too", () => {
    const c = corpus(["问题销号", "整改回头看", "专题询问", "预算监督"]);
    expect(defaultRewriter().rewrite("回过头再查", c.df, c.size)).toBe("回头看");
    expect(defaultRewriter().rewrite("做完勾掉", c.df, c.size)).toBe("销号");
  });
});
