/**
 * Unit-test harness for the Telegram bot: the real createBot with `botInfo` (no getMe) and an API
 * transformer that answers every call locally, records it, and can be scripted to fail.
 * Updates go in through bot.handleUpdate, exactly as the runner would pass them.
 */
import { Writable } from "node:stream";
import type { Transformer } from "grammy";
import type { Update } from "grammy/types";
import { allCommands } from "../../commands/index.ts";
import { answererFor, testLibrary, testServices } from "./services.ts";
import type { Answerer } from "../../src/answer/types.ts";
import type { Command, Services } from "../../src/dispatch/types.ts";
import { createLogger } from "../../src/logger.ts";
import { createBot } from "../../src/platforms/telegram/bot.ts";
import { QuestionMemory } from "../../src/interaction/question-memory.ts";
import type { ChatRepository } from "../../src/store/chats.ts";
import type { StateStore } from "../../src/store/state-store.ts";
import type { QuestionLog } from "../../src/store/question-log.ts";
import type { DigestService } from "../../src/digest/service-types.ts";
import { type ApiError, type Payload, TEST_BOT_INFO, TEST_TOKEN } from "./bot-api-server.ts";
import { parseTelegramHtml } from "./telegram-html.ts";

export interface ApiCall {
  method: string;
  payload: Payload;
}

export { testLibrary };

export interface Harness {
  bot: ReturnType<typeof createBot>;
  services: Services;
  store: StateStore;
  chats: ChatRepository;
  memory: QuestionMemory;
  calls: ApiCall[];
  /** Questions that reached the answerer, as it received them. */
  asked: string[];
  logs: string[];
  send(update: Update): Promise<void>;
  callsTo(method: string): ApiCall[];
  /** Visible text of every sendMessage so far (HTML parsed strictly, as Telegram would). */
  sentTexts(): string[];
  failNext(method: string, error: ApiError): void;
}

export interface HarnessOptions {
  rateLimitPerMinute?: number;
  answerer?: (real: Answerer) => Answerer;
  autoRetry?: boolean;
  /** Extra commands next to the real ones (e.g. probes of the command context). */
  extraCommands?: Command[];
  /** getChatMember status per (chat, user); "member" by default. */
  memberStatus?: (chatId: number, userId: number) => string;
  /** TELEGRAM_EDITORS. */
  editors?: string[];
  questions?: QuestionLog;
  digest?: DigestService;
  now?: () => Date;
}

export async function createHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const library = await testLibrary();
  const real = answererFor(library);
  const asked: string[] = [];
  const base = opts.answerer ? opts.answerer(real) : real;
  const answerer: Answerer = {
    ask(query, o) {
      asked.push(query);
      return base.ask(query, o);
    },
  };
  const services = testServices({ library, answerer, commands: [...allCommands, ...(opts.extraCommands ?? [])], questions: opts.questions, digest: opts.digest, now: opts.now });
  const { store, chats } = services.state;
  const logs: string[] = [];
  const logger = createLogger(
    "debug",
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        logs.push(chunk.toString());
        cb();
      },
    }),
  );
  const memory = new QuestionMemory();
  const calls: ApiCall[] = [];
  const failures: Array<{ method: string; error: ApiError }> = [];
  let messageId = 9000;
  const transformer: Transformer = async (_prev, method, payload) => {
    const p = payload as Payload;
    calls.push({ method, payload: p });
    const i = failures.findIndex((f) => f.method === method);
    if (i >= 0) {
      const [f] = failures.splice(i, 1);
      return { ok: false, ...(f as { error: ApiError }).error } as never;
    }
    if (method === "sendMessage" || method === "editMessageText") {
      const chatId = Number(p.chat_id);
      return {
        ok: true,
        result: {
          message_id: messageId++,
          date: 0,
          chat: { id: chatId, type: chatId > 0 ? "private" : "supergroup" },
          from: { id: TEST_BOT_INFO.id, is_bot: true, first_name: TEST_BOT_INFO.first_name },
          text: String(p.text),
        },
      } as never;
    }
    if (method === "getChatMember") {
      const status = opts.memberStatus?.(Number(p.chat_id), Number(p.user_id)) ?? "member";
      return { ok: true, result: { status, user: { id: Number(p.user_id), is_bot: false, first_name: "x" } } } as never;
    }
    return { ok: true, result: true } as never;
  };
  const bot = createBot({
    apiTransformer: transformer,
    token: TEST_TOKEN,
    services,
    logger,
    botInfo: TEST_BOT_INFO,
    chats,
    memory,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 1000,
    autoRetry: opts.autoRetry ?? false,
    editors: opts.editors,
    now: opts.now,
  });
  return {
    bot,
    services,
    store,
    chats,
    memory,
    calls,
    asked,
    logs,
    send: (update) => bot.handleUpdate(update),
    callsTo: (method) => calls.filter((c) => c.method === method),
    sentTexts: () => calls.filter((c) => c.method === "sendMessage").map((c) => visible(c.payload)),
    failNext: (method, error) => failures.push({ method, error }),
  };
}

export function visible(payload: Payload): string {
  const text = String(payload.text);
  return payload.parse_mode === "HTML" ? parseTelegramHtml(text).text : text;
}

export interface Keyboard {
  inline_keyboard: Array<Array<{ text: string; callback_data?: string; switch_inline_query?: string; url?: string }>>;
}

export function keyboardOf(payload: Payload): Keyboard["inline_keyboard"] {
  return (payload.reply_markup as Keyboard | undefined)?.inline_keyboard ?? [];
}
