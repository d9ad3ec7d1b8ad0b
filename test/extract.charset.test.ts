import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { charsetFromMeta, decodeText } from "../src/corpus/extract/charset.ts";
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
