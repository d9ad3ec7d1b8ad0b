/**
 * A local stand-in for the Telegram Bot API, for end-to-end tests and benchmarks.
 *
 *   const api = await startBotApiServer();            // 127.0.0.1, a free port
 *   spawn the bot with TELEGRAM_API_ROOT=api.apiRoot, BOT_TOKEN=api.token
 *   api.pushUpdate({ message: … });                   // delivered through getUpdates long polling
 *   const call = await api.waitForCall("sendMessage", (p) => p.chat_id === 42);
 *   api.failNext("sendMessage", tooManyRequests(1)); // script an error for the next matching call
 *   await api.close();
 *
 * What it does like the real server:
 * - routes `/bot<token>/<method>` (JSON, urlencoded or query-string parameters); a wrong token → 401,
 *   an unknown method → 404, both in the `{ ok: false, error_code, description }` shape;
 * - `getUpdates` confirms every update below `offset`, returns up to `limit` pending ones and
 *   otherwise holds the request for `timeout` seconds until one arrives (a closed request is dropped,
 *   its updates stay pending); `confirmedOffset` tells a test what the bot acknowledged;
 * - `sendMessage`/`editMessageText` check text length (4096 after entity parsing), HTML parse mode
 *   (strictly, see telegram-html.ts) and `callback_data` (1–64 bytes), and answer with a Message;
 * - `getFile` and `/file/bot<token>/<file_path>` serve what `addFile` registered (getFile refuses
 *   files over 20 MB with "file is too big", as the cloud server does); `downloads` lists fetched paths;
 * - scripted failures are answered in the real shape, e.g.
 *   `{ ok:false, error_code:429, description:"Too Many Requests: retry after 1", parameters:{ retry_after:1 } }`.
 *
 * Every call is recorded in `calls` (method, parsed payload, what was answered). It is fast enough
 * for fan-outs of tens of thousands of sendMessage calls (no per-call work beyond a JSON parse).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseBody } from "./bot-api-body.ts";
import type { ApiError, BotApiServer, BotApiServerOptions, CallFilter, Payload, RecordedCall } from "./bot-api-types.ts";
import { badRequest, TEST_BOT_INFO, TEST_TOKEN } from "./bot-api-types.ts";
import { HtmlParseError, parseTelegramHtml } from "./telegram-html.ts";

export * from "./bot-api-types.ts";

interface Failure {
  method: string;
  error: ApiError;
  filter?: CallFilter;
  times: number;
}

interface Waiter {
  method: string;
  filter?: CallFilter;
  skip: number;
  resolve: (c: RecordedCall) => void;
}

export async function startBotApiServer(opts: BotApiServerOptions = {}): Promise<BotApiServer> {
  const token = opts.token ?? TEST_TOKEN;
  const botInfo = { ...TEST_BOT_INFO, ...opts.botInfo, id: Number(token.split(":")[0]) };
  const calls: RecordedCall[] = [];
  const counts = new Map<string, number>();
  const updates: Payload[] = [];
  let nextUpdateId = 1;
  let confirmedOffset = 0;
  const pollers = new Set<() => void>();
  const failures: Failure[] = [];
  const delays: Array<{ method: string; ms: number; filter?: CallFilter; times: number }> = [];
  const waiters = new Set<Waiter>();
  const custom = new Map<string, (p: Payload) => { result: unknown } | { error: ApiError }>();
  const members = new Map<string, string>();
  const messageIds = new Map<string, number>();
  const maxRecorded = opts.maxRecordedCalls ?? 0;
  const files = new Map<string, { bytes: Uint8Array; size: number; path: string }>();
  const downloads: string[] = [];

  const nextMessageId = (chatId: unknown): number => {
    const key = String(chatId);
    const id = (messageIds.get(key) ?? 0) + 1;
    messageIds.set(key, id);
    return id;
  };

  const record = (call: RecordedCall): void => {
    calls.push(call);
    if (maxRecorded > 0 && calls.length > maxRecorded) calls.splice(0, calls.length - maxRecorded);
    counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
    for (const w of waiters) {
      if (w.method !== call.method || (w.filter && !w.filter(call.payload))) continue;
      if (w.skip > 0) {
        w.skip -= 1;
        continue;
      }
      waiters.delete(w);
      w.resolve(call);
    }
    wakeCountWaiters();
  };

  const countWaiters = new Set<() => void>();
  const wakeCountWaiters = (): void => {
    for (const w of [...countWaiters]) w();
  };

  function chatOf(chatId: unknown): Payload {
    const id = Number(chatId);
    const type = id > 0 ? "private" : String(id).startsWith("-100") ? "supergroup" : "group";
    return type === "private" ? { id, type, first_name: "用户" } : { id, type, title: "测试群" };
  }

  function message(payload: Payload, text: string, entities: unknown[]): Payload {
    const msg: Payload = {
      message_id: nextMessageId(payload.chat_id),
      date: Math.floor(Date.now() / 1000),
      chat: chatOf(payload.chat_id),
      from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username },
      text,
    };
    if (entities.length) msg.entities = entities;
    if (payload.message_thread_id !== undefined) {
      msg.message_thread_id = payload.message_thread_id;
      msg.is_topic_message = true;
    }
    if (payload.reply_markup) msg.reply_markup = payload.reply_markup;
    return msg;
  }

  /** The checks Telegram makes on outgoing text; returns an error or the visible text. */
  function checkText(payload: Payload): ApiError | { text: string; entities: unknown[] } {
    const raw = payload.text;
    if (typeof raw !== "string" || raw.trim() === "") return badRequest("message text is empty");
    let text = raw;
    let entities: unknown[] = [];
    if (payload.parse_mode === "HTML") {
      try {
        const parsed = parseTelegramHtml(raw);
        text = parsed.text;
        entities = parsed.entities;
      } catch (err) {
        if (err instanceof HtmlParseError) return badRequest(`can't parse entities: ${err.message}`);
        throw err;
      }
    }
    if (text.trim() === "") return badRequest("message text is empty");
    if (text.length > 4096) return badRequest("message is too long");
    const markup = payload.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined;
    for (const row of markup?.inline_keyboard ?? []) {
      for (const b of row) {
        if (b.callback_data !== undefined && (Buffer.byteLength(b.callback_data) > 64 || b.callback_data === "")) return badRequest("BUTTON_DATA_INVALID");
      }
    }
    return { text, entities };
  }

  function answer(method: string, payload: Payload): { result: unknown } | { error: ApiError } {
    const handler = custom.get(method);
    if (handler) return handler(payload);
    switch (method) {
      case "getMe":
        return { result: botInfo };
      case "sendMessage":
      case "editMessageText": {
        const checked = checkText(payload);
        if ("error_code" in checked) return { error: checked };
        const msg = message(payload, checked.text, checked.entities);
        if (method === "editMessageText" && typeof payload.message_id === "number") msg.message_id = payload.message_id;
        return { result: msg };
      }
      case "getChatMember": {
        const status = members.get(`${String(payload.chat_id)}:${String(payload.user_id)}`) ?? "member";
        return { result: { status, user: { id: Number(payload.user_id), is_bot: false, first_name: "用户" } } };
      }
      case "getChat":
        return { result: chatOf(payload.chat_id) };
      case "getFile": {
        const f = files.get(String(payload.file_id));
        if (!f) return { error: badRequest("invalid file_id") };
        if (f.size > 20 * 1024 * 1024) return { error: badRequest("file is too big") };
        return { result: { file_id: String(payload.file_id), file_unique_id: `u${String(payload.file_id)}`, file_size: f.size, file_path: f.path } };
      }
      case "getMyCommands":
        return { result: [...calls].reverse().find((c) => c.method === "setMyCommands")?.payload.commands ?? [] };
      case "getWebhookInfo":
        return { result: { url: "", has_custom_certificate: false, pending_update_count: updates.length } };
      case "close":
      case "logOut":
      case "setMyCommands":
      case "deleteMyCommands":
      case "setMyDescription":
      case "setMyShortDescription":
      case "deleteWebhook":
      case "setWebhook":
      case "answerCallbackQuery":
      case "answerInlineQuery":
      case "sendChatAction":
      case "leaveChat":
      case "deleteMessage":
        return { result: true };
      default:
        return { error: { error_code: 404, description: "Not Found: method not found" } };
    }
  }

  function takeFailure(method: string, payload: Payload): ApiError | undefined {
    const i = failures.findIndex((f) => f.method === method && (!f.filter || f.filter(payload)));
    if (i < 0) return undefined;
    const f = failures[i] as Failure;
    f.times -= 1;
    if (f.times <= 0) failures.splice(i, 1);
    return f.error;
  }

  function send(res: ServerResponse, status: number, body: unknown, extraDelay = 0): void {
    const json = JSON.stringify(body);
    const out = () => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
      res.end(json);
    };
    const wait = (opts.latencyMs ?? 0) + extraDelay;
    if (wait > 0) setTimeout(out, wait);
    else out();
  }

  function takeDelay(method: string, payload: Payload): number {
    const i = delays.findIndex((d) => d.method === method && (!d.filter || d.filter(payload)));
    const d = delays[i];
    if (!d) return 0;
    d.times -= 1;
    if (d.times <= 0) delays.splice(i, 1);
    return d.ms;
  }

  function reply(res: ServerResponse, method: string, payload: Payload, outcome: { result: unknown } | { error: ApiError }): void {
    const response: RecordedCall["response"] = "error" in outcome ? { ok: false, ...outcome.error } : { ok: true, result: outcome.result };
    record({ method, payload, response, at: Date.now() });
    send(res, "error" in outcome ? outcome.error.error_code : 200, response, method === "getUpdates" ? 0 : takeDelay(method, payload));
  }

  function getUpdates(req: IncomingMessage, res: ServerResponse, payload: Payload): void {
    const offset = Number(payload.offset ?? 0);
    if (offset > confirmedOffset) {
      confirmedOffset = offset;
      while (updates.length && Number(updates[0]?.update_id) < offset) updates.shift();
      wakeCountWaiters();
    }
    const limit = Math.max(1, Math.min(100, Number(payload.limit ?? 100)));
    const take = () => updates.filter((u) => Number(u.update_id) >= offset).slice(0, limit);
    const ready = take();
    const timeout = Number(payload.timeout ?? 0);
    if (ready.length || timeout <= 0) return reply(res, "getUpdates", payload, { result: ready });
    const finish = (): void => {
      pollers.delete(wake);
      clearTimeout(timer);
      // A kept-alive socket carries poll after poll: each must take its listener with it.
      req.socket.off("close", finish);
      res.off("close", finish);
    };
    const wake = (): void => {
      const got = take();
      if (!got.length) return;
      finish();
      reply(res, "getUpdates", payload, { result: got });
    };
    pollers.add(wake);
    wakeCountWaiters();
    const timer = setTimeout(() => {
      finish();
      reply(res, "getUpdates", payload, { result: [] });
    }, timeout * 1000);
    // An aborted long poll returns nothing: its updates stay pending, as on Telegram.
    req.socket.once("close", finish);
    res.once("close", finish);
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (file) {
        if (file[1] !== token) return send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
        const path = decodeURIComponent(file[2] ?? "");
        const found = [...files.values()].find((f) => f.path === path);
        if (!found) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
        downloads.push(path);
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": found.bytes.length });
        return void res.end(found.bytes);
      }
      const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
      if (!m) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      const [, gotToken, method = ""] = m;
      if (gotToken !== token) return send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      let payload: Payload;
      try {
        payload = parseBody(req.headers["content-type"] ?? "", Buffer.concat(chunks).toString("utf8"), url.searchParams);
      } catch {
        return send(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse request body" });
      }
      const failure = takeFailure(method, payload);
      if (failure) return reply(res, method, payload, { error: failure });
      if (method === "getUpdates" && !custom.has(method)) return getUpdates(req, res, payload);
      reply(res, method, payload, answer(method, payload));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const api: BotApiServer = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo,
    calls,
    counts,
    get confirmedOffset() {
      return confirmedOffset;
    },
    get pendingUpdates() {
      return updates.length;
    },
    pushUpdate(update) {
      const id = typeof update.update_id === "number" ? update.update_id : nextUpdateId;
      nextUpdateId = Math.max(nextUpdateId, id + 1);
      updates.push({ ...update, update_id: id });
      for (const p of [...pollers]) p();
      return id;
    },
    callsTo: (method, filter) => calls.filter((c) => c.method === method && (!filter || filter(c.payload))),
    waitForCall(method, filter, o = {}) {
      let skip = o.skip ?? 0;
      for (const c of calls) {
        if (c.method !== method || (filter && !filter(c.payload))) continue;
        if (skip === 0) return Promise.resolve(c);
        skip -= 1;
      }
      return new Promise((resolve, reject) => {
        const w: Waiter = { method, filter, skip, resolve: (c) => (clearTimeout(timer), resolve(c)) };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`timed out waiting for ${method}; calls so far: ${calls.map((c) => c.method).join(", ")}`));
        }, o.timeoutMs ?? 10_000);
        waiters.add(w);
      });
    },
    waitForCount(method, count, timeoutMs = 10_000) {
      return waitUntil(() => (counts.get(method) ?? 0) >= count, timeoutMs, `${count} × ${method} (have ${counts.get(method) ?? 0})`);
    },
    waitForPolling(timeoutMs = 10_000) {
      return waitUntil(() => pollers.size > 0, timeoutMs, "a getUpdates long poll");
    },
    waitForConfirmed(timeoutMs = 10_000) {
      return waitUntil(() => confirmedOffset >= nextUpdateId, timeoutMs, `offset ${nextUpdateId} confirmed (have ${confirmedOffset})`);
    },
    failNext(method, error, o = {}) {
      failures.push({ method, error, filter: o.filter, times: o.times ?? 1 });
    },
    delayNext(method, ms, o = {}) {
      delays.push({ method, ms, filter: o.filter, times: o.times ?? 1 });
    },
    onMethod(method, handler) {
      custom.set(method, handler);
    },
    setMemberStatus(chatId, userId, status) {
      members.set(`${chatId}:${userId}`, status);
    },
    addFile(bytes, o = {}) {
      const id = `file_${files.size + 1}`;
      const size = o.size ?? bytes.length;
      files.set(id, { bytes, size, path: `documents/${id}` });
      return { file_id: id, file_unique_id: `u${id}`, file_size: size };
    },
    downloads,
    clearCalls() {
      calls.length = 0;
    },
    async close() {
      for (const p of pollers) p();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        countWaiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        countWaiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      countWaiters.add(check);
    });
  }

  return api;
}
