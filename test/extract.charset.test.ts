import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { charsetFromMeta, decodeText, decodeWithEncoding, garbledShare } from "../src/corpus/extract/charset.ts";
import type { UnreadableDocumentError } from "../src/corpus/extract/errors.ts";
import { extractDocument } from "../src/corpus/extract/index.ts";
import { mislabelledPage } from "./support/hostile-docs.ts";
import { CASES, TITLE } from "./fixtures/docs/content.ts";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`fixtures/docs/${name}`, import.meta.url)));
const bytes = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding));

describe("decodeText", () => {
  it("reads an unlabelled GBK text file (UTF-8 fails strictly, GB18030 follows)", () => {
    const text = decodeText(fixture("roundup-gbk.txt"));
    expect(text.split("\r\n")[0]).toBe(TITLE);
    expect(text).toContain(CASES[1]!.heading);
    expect(text).not.toContain("\ufffd");
  });

  it("strips a byte-order mark and honours it over everything else", () => {
    const withBom = (enc: string, bom: number[]) => new Uint8Array([...bom, ...bytes("人大代表", enc)]);
    expect(decodeText(withBom("utf8", [0xef, 0xbb, 0xbf]), { contentType: "text/plain; charset=gbk" })).toBe("人大代表");
    expect(decodeText(withBom("utf16le", [0xff, 0xfe]))).toBe("人大代表");
    expect(decodeText(withBom("utf16be", [0xfe, 0xff]))).toBe("人大代表");
  });

  it("uses the Content-Type charset, and treats gb2312/gbk as gb18030", () => {
    // 镕 is in GBK but not in GB2312: labelled gb2312, it must still come out.
    const gbk = bytes("朱镕基", "gbk");
    expect(decodeText(gbk, { contentType: 'text/html; charset="GB2312"' })).toBe("朱镕基");
    expect(decodeText(gbk, { contentType: "text/plain;charset=GBK" })).toBe("朱镕基");
  });

  it("reads <meta charset> and <meta http-equiv> declarations in HTML only", () => {
    const page = (meta: string) => bytes(`<html><head>${meta}<title>人大</title></head></html>`, "gbk");
    expect(charsetFromMeta(page('<meta charset="gbk">'))).toBe("gb18030");
    expect(charsetFromMeta(page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'))).toBe("gb18030");
    expect(charsetFromMeta(page('<meta charset="utf-8">'))).toBe("utf-8");
    expect(decodeText(page('<meta charset="gbk">'), { html: true })).toContain("<title>人大</title>");
  });

  it("does not trust a declaration the bytes contradict, nor an unknown label", () => {
    const gbk = bytes("代表联络站", "gbk");
    expect(decodeText(gbk, { contentType: "text/html; charset=utf-8" })).toBe("代表联络站");
    expect(decodeText(gbk, { contentType: "text/html; charset=x-nonsense" })).toBe("代表联络站");
    expect(decodeText(bytes("代表联络站", "utf8"), { contentType: "text/html; charset=x-nonsense" })).toBe("代表联络站");
  });

  it("prefers UTF-8 when the bytes are valid UTF-8", () => {
    expect(decodeText(bytes("“逢6进站”", "utf8"))).toBe("“逢6进站”");
    expect(decodeText(new Uint8Array())).toBe("");
  });
});

describe("BIG5 beside GBK, and mojibake refused (issue 17, defect 4)", () => {
  const TRADITIONAL = {
    title: "臺北市議會代表聯絡站舉辦座談會",
    paragraphs: [
      "臺北市議會代表聯絡站日前舉辦座談會，邀請轄區居民、里長和社區團體代表參加，聽取大家對社區建設、交通改善和長者照顧的意見與建議。",
      "與會代表表示，將把收集到的意見整理成書面建議，提交市議會相關委員會研究處理，並在下次座談會上向居民報告辦理情況。",
    ],
  };
  const title = (html: string) => /<title>(.*)<\/title>/.exec(html)?.[1];

  it("reads a BIG5 page unlabelled, declared gbk or declared utf-8, and a GBK page declared big5", () => {
    for (const declared of [undefined, "gbk", "utf-8", "gb2312"]) {
      const decoded = decodeWithEncoding(mislabelledPage(TRADITIONAL, "big5", declared), { html: true });
      expect([declared, decoded.encoding, title(decoded.text)]).toEqual([declared, "big5", TRADITIONAL.title]);
    }
    const gbkAsBig5 = decodeWithEncoding(mislabelledPage(TRADITIONAL, "gbk", "big5"), { html: true });
    expect([gbkAsBig5.encoding, title(gbkAsBig5.text)]).toEqual(["gb18030", TRADITIONAL.title]);
    // Through the HTTP header too.
    expect(decodeWithEncoding(mislabelledPage(TRADITIONAL, "big5", undefined), { contentType: "text/html; charset=GBK" }).encoding).toBe("big5");
  });

  it("keeps a declaration when the text is too short to tell the encodings apart", () => {
    expect(decodeText(bytes("朱镕基", "gbk"), { contentType: "text/plain; charset=gbk" })).toBe("朱镕基");
    expect(decodeText(bytes("人大", "big5"), { contentType: "text/plain; charset=big5" })).toBe("人大");
  });

  it("a BIG5 page declared gbk is stored with its real title, without a warning", async () => {
    const doc = await extractDocument(mislabelledPage(TRADITIONAL, "big5", "gbk"), { fileName: "座談會.html" });
    expect(doc.title).toBe(TRADITIONAL.title);
    expect(doc.warnings).toEqual([]);
  });

  it("refuses text that is mostly mojibake, and warns about text with some", async () => {
    // What the old decoder stored: BIG5 read as GBK, then saved as UTF-8.
    const mojibake = new TextDecoder("gbk").decode(iconv.encode([TRADITIONAL.title, ...TRADITIONAL.paragraphs].join("\n"), "big5"));
    expect(garbledShare(mojibake)).toBeGreaterThan(0.1);
    const err = await extractDocument(bytes(mojibake, "utf8"), { fileName: "乱码.txt" }).then(
      () => undefined,
      (e: unknown) => e as UnreadableDocumentError,
    );
    expect(err?.userMessage).toBe("这个文件的文字编码无法可靠识别（解码后大量是乱码），无法收录。请在浏览器或记事本中打开，把正文复制到 Word 文档，或另存为 UTF-8 编码后再发送。");
    const some = [TRADITIONAL.title, ...TRADITIONAL.paragraphs, "附：代刚カ盽〆穦ㄥㄒ"].join("\n");
    expect((await extractDocument(bytes(some, "utf8"), { fileName: "少量.txt" })).warnings).toEqual([
      "文字编码按 UTF-8 识别，但部分文字看起来仍是乱码。请核对标题和正文；如有乱码，请把正文复制到 Word 文档后重新发送。",
    ]);
    expect(garbledShare("人大代表联络站")).toBe(0);
  });
});
