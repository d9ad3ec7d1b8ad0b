import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UnreadableDocumentError } from "../src/corpus/extract/errors.ts";
import { FORMAT_EXTRACTORS } from "../src/corpus/extract/formats.ts";
import { fixture } from "./extract.support.ts";

const byExtension = (ext: string) => FORMAT_EXTRACTORS.find((e) => e.extensions.includes(ext))!;

describe("FORMAT_EXTRACTORS", () => {
  it("lists Word, PDF and web pages by extension", () => {
    expect(FORMAT_EXTRACTORS.map((e) => e.extensions)).toEqual([["docx"], ["pdf"], ["html", "htm"]]);
  });

  it("loads the heavy libraries only inside extract()", () => {
    const dir = new URL("../src/corpus/extract/", import.meta.url);
    const heavy = /^import\s+(?!type\b)[^;]*from\s+"(mammoth|pdfjs-dist[^"]*|linkedom|@mozilla\/readability)"/m;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      expect(readFileSync(new URL(file, dir), "utf8"), file).not.toMatch(heavy);
    }
  });

  // Sniffing happens before any library is loaded, so these are cheap.
  it("refuses another format's file by its content, whatever the name says", async () => {
    const cases: [string, string][] = [["docx", "newsletter.pdf"], ["pdf", "heading-styles.docx"], ["html", "heading-styles.docx"], ["docx", "wechat.html"]];
    for (const [ext, file] of cases) {
      await expect(byExtension(ext).extract(fixture(file), { fileName: `x.${ext}` })).rejects.toBeInstanceOf(UnreadableDocumentError);
    }
  });
});
