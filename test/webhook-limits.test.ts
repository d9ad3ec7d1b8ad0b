import { request } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "./support/config.ts";
import { createLogger } from "../src/logger.ts";
import { startCallbackServer } from "../src/platforms/wecom/callback/server.ts";
import { WEBHOOK_BODY_LIMIT } from "../src/platforms/http-body.ts";
import { createWebhookServer } from "../src/platforms/telegram/webhook.ts";
import { testServices } from "./support/services.ts";
import { createHarness, testLibrary } from "./support/telegram-harness.ts";
import { wecomVectors } from "./support/wecom-vectors.ts";
import { textUpdate } from "./support/telegram-updates.ts";

const servers: Array<{ close(): void; closeAllConnections(): void }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function webhook() {
  const h = await createHarness();
  const logs: Array<{ level: string; msg: string }> = [];
  const logger = createLogger("debug", { write: (s: string) => void logs.push(JSON.parse(s) as { level: string; msg: string }) });
  const server = createWebhookServer(h.bot, { path: "/hook", secret: "s3cret", logger });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { h, logs, port };
}

/** POSTs `chunks` (chunked transfer, no Content-Length unless given) and reports the status and how much was written before the server hung up. */
function post(port: number, chunks: Iterable<Buffer>, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: "127.0.0.1", path: "/hook", method: "POST", headers: { "x-telegram-bot-api-secret-token": "s3cret", ...headers } }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    const it = chunks[Symbol.iterator]();
    const pump = (): void => {
      for (;;) {
        const next = it.next();
        if (next.done) return void req.end();
        if (!req.write(next.value)) return void req.once("drain", pump);
      }
    };
    pump();
  });
}

describe("Telegram webhook mode: body limit (issue 11, defect 9)", () => {
  it("answers 413 past 1 MB without reading the rest, and still handles normal updates", async () => {
    const { h, port } = await webhook();
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    // 200 MB offered; the server must hang up long before.
    const huge = (function* () {
      for (let i = 0; i < 3200; i++) {
        written += chunk.length;
        yield chunk;
      }
    })();
    const big = await post(port, huge).catch(() => ({ status: -1, body: "" }));
    expect(big.status).toBe(413);
    expect(written).toBeLessThan(64 * WEBHOOK_BODY_LIMIT);
    // A declared length over the limit is refused before any of it is read.
    const declared = await post(port, [Buffer.from("{}")], { "content-length": String(200 * 1024 * 1024) }).catch(() => ({ status: -1, body: "" }));
    expect(declared.status).toBe(413);

    const ok = await post(port, [Buffer.from(JSON.stringify(textUpdate("/help")))], { "content-type": "application/json" });
    expect(ok.status).toBe(200);
    expect(h.callsTo("sendMessage")).toHaveLength(1);
  });

  it("logs a client that hangs up mid-body below error level (issue 11, rough edge)", async () => {
    const { logs, port } = await webhook();
    const socket = connect(port, "127.0.0.1");
    await new Promise((r) => socket.write('POST /hook HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\n{"update_id":', r));
    // Let the server start reading the body before hanging up.
    await new Promise((r) => setTimeout(r, 20));
    socket.destroy();
    await vi.waitFor(() => expect(logs.some((l) => l.msg.includes("went away"))).toBe(true), { timeout: 2000, interval: 5 });
    expect(logs.filter((l) => l.level === "error" || l.level === "fatal")).toEqual([]);
  });
});

describe("WeCom callback server: limits (issue 11, defect 9)", () => {
  it("413 past 1 MB, and a client hanging up mid-body is logged below error level", async () => {
    const vec = wecomVectors.find((v) => v.kind === "verifyurl")!;
    const callback = loadConfig({ WECOM_TOKEN: vec.token, WECOM_ENCODING_AES_KEY: vec.encodingAESKey, WECOM_CALLBACK_PORT: "8099" }).platforms.wecom?.callback;
    if (!callback) throw new Error("no callback section");
    const logs: Array<{ level: string; msg: string }> = [];
    const logger = createLogger("debug", { write: (s: string) => void logs.push(JSON.parse(s) as { level: string; msg: string }) });
    const server = await startCallbackServer({ callback, logger, services: testServices({ library: await testLibrary() }) }, { port: 0, host: "127.0.0.1" });
    try {
      const q = `msg_signature=${"a".repeat(40)}&timestamp=1&nonce=1`;
      const res = await fetch(`http://127.0.0.1:${server.port}/wecom/callback?${q}`, { method: "POST", body: "x".repeat(WEBHOOK_BODY_LIMIT + 1) });
      expect(res.status).toBe(413);
      const socket = connect(server.port, "127.0.0.1");
      await new Promise((r) => socket.write(`POST /wecom/callback?${q} HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\n<xml>`, r));
      await new Promise((r) => setTimeout(r, 20));
      socket.destroy();
      await vi.waitFor(() => expect(logs.some((l) => l.msg.includes("went away"))).toBe(true), { timeout: 2000, interval: 5 });
      expect(logs.filter((l) => l.level === "error" || l.level === "fatal")).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
