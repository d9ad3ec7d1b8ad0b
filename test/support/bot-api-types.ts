// The local Bot API stand-in's vocabulary (bot-api-server.ts): the test token and bot, recorded
// calls, and the error shapes the real server answers with.
export const TEST_TOKEN = "123456789:AAFakeTokenForTests_abcdefghijklmnopqr";

export const TEST_BOT_INFO = {
  id: 123456789,
  is_bot: true as const,
  first_name: "案例通",
  username: "casebot_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export type Payload = Record<string, unknown>;

export interface ApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface RecordedCall {
  method: string;
  payload: Payload;
  /** What the server answered: `{ ok: true, result }` or the error object. */
  response: { ok: true; result: unknown } | ({ ok: false } & ApiError);
  at: number;
}

export type CallFilter = (payload: Payload) => boolean;

/** 429 with `retry_after`, exactly as Telegram words it. */
export const tooManyRequests = (retryAfter: number): ApiError => ({
  error_code: 429,
  description: `Too Many Requests: retry after ${retryAfter}`,
  parameters: { retry_after: retryAfter },
});
export const botKicked = (): ApiError => ({ error_code: 403, description: "Forbidden: bot was kicked from the group chat" });
export const botBlocked = (): ApiError => ({ error_code: 403, description: "Forbidden: bot was blocked by the user" });
export const chatMigrated = (newChatId: number): ApiError => ({
  error_code: 400,
  description: "Bad Request: group chat was upgraded to a supergroup chat",
  parameters: { migrate_to_chat_id: newChatId },
});
export const badRequest = (what: string): ApiError => ({ error_code: 400, description: `Bad Request: ${what}` });

export interface BotApiServerOptions {
  token?: string;
  botInfo?: Partial<typeof TEST_BOT_INFO>;
  /** Respond to every call after this many milliseconds (simulated network latency). */
  latencyMs?: number;
  /** Keep only the last N calls in `calls` (0 = all). Useful for big benchmarks. */
  maxRecordedCalls?: number;
}

export interface BotApiServer {
  /** Pass as TELEGRAM_API_ROOT / grammY's `client.apiRoot`. */
  readonly apiRoot: string;
  readonly token: string;
  readonly botInfo: typeof TEST_BOT_INFO;
  /** Every call in arrival order (bounded by `maxRecordedCalls`). */
  readonly calls: RecordedCall[];
  /** Per-method counts, never trimmed. */
  readonly counts: Map<string, number>;
  /** The highest offset a getUpdates call has confirmed (updates below it are acknowledged). */
  readonly confirmedOffset: number;
  /** Updates not yet confirmed by the bot. */
  readonly pendingUpdates: number;
  /** Queues an update (update_id assigned when missing) and wakes a waiting getUpdates. */
  pushUpdate(update: Payload): number;
  callsTo(method: string, filter?: CallFilter): RecordedCall[];
  /** Resolves with the first call (past or future) to `method` matching `filter`, after `skip` earlier matches. */
  waitForCall(method: string, filter?: CallFilter, opts?: { timeoutMs?: number; skip?: number }): Promise<RecordedCall>;
  /** Resolves once `count` calls to `method` have been made. */
  waitForCount(method: string, count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once a getUpdates long poll is waiting (the bot is up and polling). */
  waitForPolling(timeoutMs?: number): Promise<void>;
  /** Resolves once the bot has confirmed every update pushed so far. */
  waitForConfirmed(timeoutMs?: number): Promise<void>;
  /** The next `times` calls to `method` matching `filter` fail with `error`. */
  failNext(method: string, error: ApiError, opts?: { filter?: CallFilter; times?: number }): void;
  /**
   * The next `times` calls to `method` matching `filter` are recorded on arrival but answered
   * `ms` later (an in-flight request at shutdown, a slow network).
   */
  delayNext(method: string, ms: number, opts?: { filter?: CallFilter; times?: number }): void;
  /** Replace the answer of a method entirely (return a result or throw-free error object). */
  onMethod(method: string, handler: (payload: Payload) => { result: unknown } | { error: ApiError }): void;
  /** Membership status getChatMember reports for (chat, user); default "member". */
  setMemberStatus(chatId: number, userId: number, status: "creator" | "administrator" | "member" | "left" | "kicked"): void;
  /** Registers a file for getFile and the download route; returns what a message's `document` refers to. */
  addFile(bytes: Uint8Array, opts?: { size?: number }): { file_id: string; file_unique_id: string; file_size: number };
  /** file_paths downloaded through `/file/bot<token>/…`, in order. */
  readonly downloads: readonly string[];
  /** Forget recorded calls (counts stay). */
  clearCalls(): void;
  close(): Promise<void>;
}
