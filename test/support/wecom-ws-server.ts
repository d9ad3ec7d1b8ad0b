/**
 * A local stand-in for WeCom's AI-bot long-connection endpoint (wss://openws.work.weixin.qq.com),
 * speaking the frames @wecom/aibot-node-sdk sends and expects:
 *
 *   client → server  { cmd: "aibot_subscribe", headers: { req_id }, body: { bot_id, secret } }
 *                    { cmd: "ping", headers: { req_id } }
 *                    { cmd: "aibot_respond_msg" | "aibot_respond_welcome_msg" | "aibot_respond_update_msg"
 *                          | "aibot_send_msg", headers: { req_id }, body }
 *   server → client  acks: { headers: { req_id }, errcode, errmsg } (same req_id as the request)
 *                    { cmd: "aibot_msg_callback" | "aibot_event_callback", headers: { req_id }, body }
 *
 * File messages carry a URL to an HTTP route of the stand-in that serves the file encrypted as
 * WeCom does (AES-256-CBC, key = base64 aeskey, IV = its first 16 bytes, PKCS#7 padded to 32
 * bytes — what the SDK's downloadFile/decryptFile undo), named in Content-Disposition.
 *
 * Replies to a callback reuse the callback's req_id; aibot_send_msg uses its own. The server
 * records every request, can push callbacks, fail the next send with an errcode, announce
 * disconnected_event, or drop the socket to force the SDK to reconnect.
 */
import { createCipheriv, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface RecordedFrame {
  cmd: string;
  reqId: string;
  body: Record<string, unknown> | undefined;
  /** Which connection (1 = first) the frame came on. */
  connection: number;
}

export interface FakeWecomServer {
  readonly url: string;
  readonly frames: readonly RecordedFrame[];
  readonly authentications: number;
  readonly connections: number;
  readonly pings: number;
  /** Rejected aibot_subscribe attempts (wrong bot id or secret). */
  readonly authFailures: number;
  /** Pushes an aibot_msg_callback to the authenticated client; returns its req_id. */
  pushMessage(body: Record<string, unknown>, reqId?: string): string;
  pushEvent(body: Record<string, unknown>, reqId?: string): string;
  /** Sends raw data to the client (malformed-frame tests). */
  sendRaw(data: string): void;
  /** What WeCom does when another process connects with the same bot: announce, then close. */
  sendDisconnectedEvent(): void;
  /** Closes the socket without a word, as a network failure would. */
  dropConnection(): void;
  /** The next aibot_send_msg is acked with this error instead of ok. */
  failNextSend(errcode: number, errmsg: string): void;
  /** Resolves with the first recorded frame (from index `from`) matching `pred`. */
  waitForFrame(pred: (f: RecordedFrame) => boolean, opts?: { timeoutMs?: number; from?: number }): Promise<RecordedFrame>;
  waitForAuthentications(n: number, timeoutMs?: number): Promise<void>;
  /** Serves `bytes` encrypted under a fresh aeskey at a one-off URL (what a file message carries). */
  serveFile(bytes: Uint8Array, fileName: string): Promise<{ url: string; aeskey: string }>;
  /** How many files were downloaded. */
  readonly fileDownloads: number;
  close(): Promise<void>;
}

export async function startFakeWecomServer(opts: { botId: string; secret: string }): Promise<FakeWecomServer> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", resolve));
  const port = (wss.address() as AddressInfo).port;
  const changed = new EventEmitter();
  changed.setMaxListeners(100);
  const frames: RecordedFrame[] = [];
  let current: { ws: WebSocket; authed: boolean; n: number } | undefined;
  let connections = 0;
  let authentications = 0;
  let authFailures = 0;
  let pings = 0;
  let nextSendError: { errcode: number; errmsg: string } | undefined;
  const files = new Map<string, { body: Buffer; fileName: string }>();
  let fileServer: { server: Server; base: string } | undefined;
  let fileDownloads = 0;
  const startFileServer = async () => {
    const server = createServer((req, res) => {
      const f = files.get(new URL(req.url ?? "/", "http://x").pathname.slice(1));
      if (!f) return void res.writeHead(404).end();
      fileDownloads++;
      res.writeHead(200, { "content-type": "application/octet-stream", "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}` });
      res.end(f.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  };

  wss.on("connection", (ws) => {
    const conn = { ws, authed: false, n: ++connections };
    current = conn;
    ws.on("message", (data) => {
      let frame: { cmd?: string; headers?: { req_id?: string }; body?: Record<string, unknown> };
      try {
        frame = JSON.parse(String(data)) as typeof frame;
      } catch {
        return;
      }
      const reqId = frame.headers?.req_id ?? "";
      const ack = (errcode = 0, errmsg = "ok"): void => ws.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg }));
      if (frame.cmd === "aibot_subscribe") {
        if (frame.body?.bot_id === opts.botId && frame.body?.secret === opts.secret) {
          conn.authed = true;
          authentications++;
          ack();
        } else {
          authFailures++;
          ack(40001, "invalid bot_id or secret");
        }
        changed.emit("change");
        return;
      }
      if (!conn.authed) return ack(40001, "not subscribed");
      if (frame.cmd === "ping") {
        pings++;
        return ack();
      }
      frames.push({ cmd: frame.cmd ?? "", reqId, body: frame.body, connection: conn.n });
      changed.emit("change");
      if (frame.cmd === "aibot_send_msg" && nextSendError) {
        const { errcode, errmsg } = nextSendError;
        nextSendError = undefined;
        return ack(errcode, errmsg);
      }
      ack();
    });
    ws.on("close", () => {
      if (current === conn) current = undefined;
    });
    changed.emit("change");
  });

  function authedSocket(): WebSocket {
    if (!current?.authed) throw new Error("no authenticated client connected");
    return current.ws;
  }

  function push(cmd: string, body: Record<string, unknown>, reqId = `${cmd}_${randomBytes(6).toString("hex")}`): string {
    authedSocket().send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
    return reqId;
  }

  function waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (): boolean => {
        const v = check();
        if (v === undefined) return false;
        cleanup();
        resolve(v);
        return true;
      };
      const onChange = (): void => void done();
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; frames: ${JSON.stringify(frames.map((f) => f.cmd))}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        changed.off("change", onChange);
      };
      changed.on("change", onChange);
      done();
    });
  }

  return {
    url: `ws://127.0.0.1:${port}`,
    frames,
    get authentications() {
      return authentications;
    },
    get connections() {
      return connections;
    },
    get pings() {
      return pings;
    },
    get authFailures() {
      return authFailures;
    },
    pushMessage: (body, reqId) => push("aibot_msg_callback", body, reqId),
    pushEvent: (body, reqId) => push("aibot_event_callback", body, reqId),
    sendRaw(data) {
      authedSocket().send(data);
    },
    sendDisconnectedEvent() {
      const ws = authedSocket();
      push("aibot_event_callback", {
        msgid: `disc_${randomBytes(4).toString("hex")}`,
        create_time: Math.floor(Date.now() / 1000),
        aibotid: opts.botId,
        msgtype: "event",
        event: { eventtype: "disconnected_event" },
      });
      setTimeout(() => ws.close(1000, "new connection established"), 20);
    },
    dropConnection() {
      current?.ws.terminate();
      current = undefined;
    },
    failNextSend(errcode, errmsg) {
      nextSendError = { errcode, errmsg };
    },
    waitForFrame(pred, o = {}) {
      const from = o.from ?? 0;
      return waitUntil(() => frames.slice(from).find(pred), o.timeoutMs ?? 10_000, "a matching frame");
    },
    async waitForAuthentications(n, timeoutMs = 10_000) {
      await waitUntil(() => (authentications >= n ? true : undefined), timeoutMs, `${n} authentication(s)`);
    },
    async serveFile(bytes, fileName) {
      fileServer ??= await startFileServer();
      const key = randomBytes(32);
      const id = randomBytes(8).toString("hex");
      files.set(id, { body: encryptWecomFile(bytes, key), fileName });
      return { url: `${fileServer.base}/${id}`, aeskey: key.toString("base64") };
    },
    get fileDownloads() {
      return fileDownloads;
    },
    async close() {
      if (fileServer) await new Promise<void>((resolve) => fileServer?.server.close(() => resolve()));
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** An aibot_msg_callback body for a text message, group or single chat. */
export function textMessageBody(o: Envelope & { content: string }): Record<string, unknown> {
  return { ...envelope(o), msgtype: "text", text: { content: o.content } };
}

interface Envelope {
  msgid: string;
  userid?: string;
  chatid?: string;
  botId?: string;
}

/** What every aibot_msg_callback body carries: ids, the chat (group with `chatid`, else single), sender, time. */
function envelope(o: Envelope): Record<string, unknown> {
  return {
    msgid: o.msgid,
    aibotid: o.botId ?? "test-bot",
    ...(o.chatid ? { chatid: o.chatid, chattype: "group" } : { chattype: "single" }),
    from: { userid: o.userid ?? "zhangsan" },
    create_time: Math.floor(Date.now() / 1000),
  };
}

/** The stream text of an aibot_respond_msg frame (stream or stream_with_template_card). */
export function streamContent(f: RecordedFrame): string {
  const stream = f.body?.stream as { content?: string } | undefined;
  return stream?.content ?? "";
}

/** The markdown of an aibot_send_msg frame. */
export function sentMarkdown(f: RecordedFrame): string {
  const md = f.body?.markdown as { content?: string } | undefined;
  return md?.content ?? "";
}

/** WeCom's file cipher: AES-256-CBC, IV = the key's first 16 bytes, PKCS#7 padding to a multiple of 32 bytes. */
export function encryptWecomFile(bytes: Uint8Array, key: Buffer): Buffer {
  const pad = 32 - (bytes.length % 32);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([bytes, Buffer.alloc(pad, pad)])), cipher.final()]);
}

/** An aibot_msg_callback body for a file message (single chat unless `chatid`). */
export function fileMessageBody(o: Envelope & { url: string; aeskey: string }): Record<string, unknown> {
  return { ...envelope(o), msgtype: "file", file: { url: o.url, aeskey: o.aeskey } };
}
