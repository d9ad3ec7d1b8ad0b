import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentFetchError, fetchDocument as fetchUnderPolicy, looksLikeUrl, nameFromDisposition, nameFromUrl, type FetchDocumentOptions } from "../src/corpus/fetch-document.ts";
import { FETCH_MESSAGES } from "../src/messages/documents.ts";
import { publicAddressPolicy } from "../src/net/address-policy.ts";
import { fixture } from "./extract.support.ts";
import { startDocServer, type DocServer } from "./support/doc-server.ts";

const PAGE = "<!DOCTYPE html><html><head><title>简报</title></head><body><p>某某镇人大主席团开展代表夜访。</p></body></html>";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

let server: DocServer;
/** The local test server is on loopback, which the default policy refuses: allow it by name, as an operator would. */
const fetchDocument = (url: string, opts: FetchDocumentOptions = {}) => fetchUnderPolicy(url, { allowedHosts: ["127.0.0.1"], ...opts });

beforeAll(async () => {
  const pdf = fixture("newsletter.pdf");
  server = await startDocServer({
    "/page.html": (_q, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8", "last-modified": "Wed, 11 Jun 2025 08:00:00 GMT" }).end(PAGE),
    "/article.shtml": (_q, res) => res.writeHead(200, { "content-type": "text/html" }).end(PAGE),
    "/s": (_q, res) => res.writeHead(200, { "content-type": "text/html" }).end(PAGE),
    "/": (_q, res) => res.writeHead(200, { "content-type": "text/html" }).end(PAGE),
    "/download": (_q, res) =>
      res.writeHead(200, { "content-type": "application/octet-stream", "content-disposition": "attachment; filename*=UTF-8''%E7%AE%80%E6%8A%A5.pdf" }).end(pdf),
    "/blob": (_q, res) => res.writeHead(200, { "content-type": "application/octet-stream" }).end(pdf),
    "/mystery": (_q, res) => res.writeHead(200, { "content-type": "application/octet-stream" }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])),
    "/word": (_q, res) => res.writeHead(200, { "content-type": DOCX }).end(fixture("heading-styles.docx")),
    "/gzip.txt": (_q, res) => res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "content-encoding": "gzip" }).end(gzipSync("某某县人大常委会\n\n代表夜访。\n")),
    "/image.png": (_q, res) => res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(10)),
    "/old.doc": (_q, res) => res.writeHead(200, { "content-type": "application/msword" }).end(Buffer.alloc(10)),
    "/missing": (_q, res) => res.writeHead(404, { "content-type": "text/html" }).end("<p>404</p>"),
    "/big-declared": (_q, res) => {
      res.writeHead(200, { "content-type": "application/pdf", "content-length": String(4096) });
      res.end(Buffer.alloc(4096));
    },
    "/big-streamed": (_q, res) => {
      // Chunked, no Content-Length: counted while streaming.
      res.writeHead(200, { "content-type": "text/plain" });
      for (let i = 0; i < 8; i++) res.write(Buffer.alloc(1024, 0x61));
      res.end();
    },
    "/gzip-bomb": (_q, res) => res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" }).end(gzipSync(Buffer.alloc(64 * 1024, 0x61))),
    "/hang": () => undefined, // never answers
    "/drip": (_q, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("某某");
      const t = setInterval(() => res.write("。"), 50);
      res.on("close", () => clearInterval(t));
    },
    "/to-file": (_q, res) => res.writeHead(302, { location: "file:///etc/passwd" }).end(),
    "/to-ftp": (_q, res) => res.writeHead(301, { location: "ftp://127.0.0.1/x.pdf" }).end(),
    ...Object.fromEntries(
      Array.from({ length: 7 }, (_, i) => [`/r${i}`, (_q: unknown, res: import("node:http").ServerResponse) => res.writeHead(i % 2 ? 301 : 307, { location: `/r${i + 1}` }).end()]),
    ),
    "/r7": (_q, res) => res.writeHead(200, { "content-type": "text/html" }).end(PAGE),
    "/to-localhost": (q, res) => res.writeHead(302, { location: `http://localhost:${q.socket.localPort}/page.html` }).end(),
  });
});
afterAll(async () => {
  await server.close();
});

async function refusal(url: string, opts?: FetchDocumentOptions, fetcher = fetchDocument): Promise<DocumentFetchError> {
  const error: unknown = await fetcher(url, opts).catch((e: unknown) => e);
  expect(error, url).toBeInstanceOf(Error);
  return error as DocumentFetchError;
}

describe("fetchDocument", () => {
  it("downloads a page with its type, date and a name from the path", async () => {
    const doc = await fetchDocument(server.url("/page.html"));
    expect(doc).toMatchObject({ url: server.url("/page.html"), fileName: "page.html", contentType: "text/html; charset=utf-8" });
    expect(new TextDecoder().decode(doc.bytes)).toBe(PAGE);
    expect(doc.modifiedAt?.toISOString()).toBe("2025-06-11T08:00:00.000Z");
  });

  it("names documents after Content-Disposition, the path, or the content", async () => {
    expect((await fetchDocument(server.url("/download"))).fileName).toBe("简报.pdf");
    expect((await fetchDocument(server.url("/blob"))).fileName).toBe("blob.pdf");
    expect((await fetchDocument(server.url("/word"))).fileName).toBe("word.docx");
    expect((await fetchDocument(server.url("/article.shtml"))).fileName).toBe("article.html");
    expect((await fetchDocument(server.origin + "/")).fileName).toBe("127.0.0.1.html");
    // Two pages of one path with different queries get different names.
    const a = await fetchDocument(server.url("/s?mid=1&idx=1"));
    const b = await fetchDocument(server.url("/s?mid=2&idx=1"));
    expect(a.fileName).toMatch(/^s_[0-9a-f]{8}\.html$/);
    expect(b.fileName).not.toBe(a.fileName);
  });

  it("decodes a compressed body", async () => {
    const doc = await fetchDocument(server.url("/gzip.txt"));
    expect(new TextDecoder().decode(doc.bytes)).toBe("某某县人大常委会\n\n代表夜访。\n");
  });

  it("follows at most 5 redirects", async () => {
    expect((await fetchDocument(server.url("/r2"))).url).toBe(server.url("/r7"));
    const tooMany = await refusal(server.url("/r1"));
    expect(tooMany).toBeInstanceOf(DocumentFetchError);
    expect(tooMany.userMessage).toBe("这个网址跳转次数过多（超过 5 次），无法下载。请发送文章的最终地址。");
    expect((await refusal(server.url("/r5"), { maxRedirects: 1 })).userMessage).toBe(FETCH_MESSAGES.redirects);
  });

  it("refuses other schemes, also as a redirect target", async () => {
    for (const url of ["ftp://127.0.0.1/x.pdf", "file:///etc/passwd", "javascript:alert(1)", "data:text/html,<p>x</p>"]) {
      expect((await refusal(url)).userMessage, url).toBe("只能下载 http:// 或 https:// 开头的网址。");
    }
    expect((await refusal(server.url("/to-file"))).userMessage).toBe(FETCH_MESSAGES.scheme);
    expect((await refusal(server.url("/to-ftp"))).userMessage).toBe(FETCH_MESSAGES.scheme);
    expect((await refusal("http://")).userMessage).toBe("这不是有效的网址。请发送以 http:// 或 https:// 开头的完整链接。");
  });

  it("stops at the size limit, whether declared or streamed (and after decompression)", async () => {
    for (const path of ["/big-declared", "/big-streamed", "/gzip-bomb"]) {
      expect((await refusal(server.url(path), { maxBytes: 2048 })).userMessage, path).toBe("网址上的文件超过 20 MB，无法下载。请压缩其中的图片或拆分文档后再发送。");
    }
    expect((await fetchDocument(server.url("/big-streamed"), { maxBytes: 8192 })).bytes.length).toBe(8192);
  });

  it("accepts web pages, PDF, Word and text only", async () => {
    expect((await refusal(server.url("/image.png"))).userMessage).toBe("这个网址的内容是 image/png，不是网页、PDF、Word 文档或纯文本，无法收录。");
    expect((await refusal(server.url("/old.doc"))).userMessage).toContain("旧版 Word（.doc）");
    expect((await refusal(server.url("/mystery"))).userMessage).toBe(FETCH_MESSAGES.unknownType);
    expect((await refusal(server.url("/missing"))).userMessage).toBe("网站返回错误（HTTP 404），无法下载。请确认链接能在浏览器中打开。");
  });

  it("gives up after the deadline, while waiting for headers or for the body", async () => {
    const started = Date.now();
    expect((await refusal(server.url("/hang"), { timeoutMs: 200 })).userMessage).toBe("下载超时（1 秒内没有完成）。请稍后重试，或下载后直接发送文件。");
    expect((await refusal(server.url("/drip"), { timeoutMs: 300 })).userMessage).toBe(FETCH_MESSAGES.timeout(1));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("asks the address policy before connecting, for names and IP literals", async () => {
    const seen: string[] = [];
    const addressPolicy = (t: { hostname: string; address: string }) => {
      seen.push(`${t.hostname}=${t.address}`);
      return t.address === "127.0.0.1" || t.address === "::1" ? "loopback" : undefined;
    };
    expect((await refusal(server.url("/page.html"), { addressPolicy })).userMessage).toBe("出于安全原因，不能从这个地址下载。");
    const port = new URL(server.origin).port;
    expect((await refusal(`http://localhost:${port}/page.html`, { addressPolicy })).userMessage).toBe(FETCH_MESSAGES.refused);
    expect(seen[0]).toBe("127.0.0.1=127.0.0.1");
    expect(seen.some((s) => s.startsWith("localhost="))).toBe(true);
    // A policy that allows the address lets the download through.
    expect((await fetchDocument(server.url("/page.html"), { addressPolicy: () => undefined })).fileName).toBe("page.html");
    const before = server.hits.length;
    await refusal(server.url("/page.html"), { addressPolicy });
    expect(server.hits.length).toBe(before); // nothing was requested
  });

  it("by default refuses loopback, private and link-local addresses in every spelling, also as a redirect target", async () => {
    const port = new URL(server.origin).port;
    const before = server.hits.length;
    const spellings = ["127.0.0.1", "127.1", "2130706433", "0x7f.1", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]", "[0:0:0:0:0:0:7f00:1]", "[::ffff:0:127.0.0.1]", "localhost", "0.0.0.0"].map((h) => `http://${h}:${port}/page.html`);
    for (const url of [...spellings, "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/x.pdf", "http://[fe80::1]/x"]) {
      expect((await refusal(url, {}, fetchUnderPolicy)).userMessage, url).toBe(FETCH_MESSAGES.refused);
    }
    expect(server.hits.length).toBe(before); // nothing was requested
    // An allowed host that redirects to a name resolving to loopback: the next hop is refused.
    expect((await refusal(server.url("/to-localhost"))).userMessage).toBe(FETCH_MESSAGES.refused);
    expect(server.hits.slice(before)).toEqual(["/to-localhost"]);
  });

  it("reads file names servers send in raw UTF-8 or GBK bytes, or percent-encoded", () => {
    expect(nameFromDisposition(`attachment; filename="${Buffer.from("简报.pdf").toString("latin1")}"`)).toBe("简报.pdf");
    expect(nameFromDisposition(`attachment; filename="${Buffer.from([0xbc, 0xf2, 0xb1, 0xa8]).toString("latin1")}.docx"`)).toBe("简报.docx");
    expect(nameFromDisposition("attachment; filename=%E7%AE%80%E6%8A%A5.pdf")).toBe("简报.pdf");
    expect(nameFromDisposition('attachment; filename="../../etc/passwd.txt"')).toBe("passwd.txt");
    expect(nameFromDisposition("inline")).toBeUndefined();
    expect(nameFromUrl(new URL("https://example.org/a/%E7%AE%80%E6%8A%A5.docx"))).toBe("简报.docx");
  });

  it("tells URLs from paths", () => {
    expect(looksLikeUrl("https://mp.weixin.qq.com/s/abc")).toBe(true);
    expect(looksLikeUrl("ftp://x/y")).toBe(true);
    expect(looksLikeUrl("data/articles/x.pdf")).toBe(false);
    expect(looksLikeUrl("C:\\docs\\x.pdf")).toBe(false);
  });
});

describe("links (ingest <url> and links sent in chat): public addresses only", () => {
  it("refuses loopback, private, link-local (cloud metadata) and mapped addresses; allows public ones", () => {
    const policy = publicAddressPolicy();
    const refused = (address: string) => policy({ hostname: "h", address, family: 0 }) !== undefined;
    expect(["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "::1", "::ffff:127.0.0.1", "::127.0.0.1", "::7f00:1", "::10.1.2.3", "::8.8.8.8", "::ffff:0:127.0.0.1", "64:ff9b::7f00:1", "fe80::1", "fd00::1"].filter((a) => !refused(a))).toEqual([]);
    expect(["8.8.8.8", "101.37.1.1", "2001:4860:4860::8888"].filter(refused)).toEqual([]);
  });
});
