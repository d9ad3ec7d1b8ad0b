import { createRequire } from "node:module";
import type * as Zod from "zod";
import { ConfigError } from "./errors.ts";

// zod's ES-module build is ~95 files, and under tsx's loader each one is a round trip to the loader
// thread; its CommonJS build loads in-process, which takes about 100 ms less at every start.
const { z } = createRequire(import.meta.url)("zod") as typeof Zod;

/**
 * The whole environment, validated once at start-up. Every variable is documented in .env.example.
 * A bad value stops the process with a message that names the variable and what to set.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATA_DIR: z.string().trim().min(1).default("data"),
  ARTICLES_DIR: optionalString,

  BOT_TOKEN: optionalString.refine((v) => v === undefined || /^\d+:[\w-]{20,}$/.test(v), {
    message: "must look like 123456789:AA… (copy it from @BotFather)",
  }),
  TELEGRAM_API_ROOT: optionalString.pipe(z.url({ message: "must be a URL such as http://127.0.0.1:8081" }).optional()),
  WEBHOOK_URL: optionalString.pipe(z.url({ message: "must be the public https URL Telegram should call" }).optional()),
  WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(v), {
    message: "may only contain A-Z, a-z, 0-9, _ and - (Telegram's rule for secret_token)",
  }),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),

  DIGEST_CRON: z.string().trim().min(1).default("0 9 * * 1"),
  DIGEST_TZ: z.string().trim().min(1).default("Asia/Shanghai"),
  /** Pushes in flight at once during a fan-out (each waits for its "sent" mark on disk before the next). */
  DIGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** "off" ignores platform rate limits: tests and the benchmark only. */
  DIGEST_LIMITS: z.enum(["on", "off"]).default("on"),

  WECOM_BOT_ID: optionalString,
  WECOM_BOT_SECRET: optionalString,
  WECOM_WS_URL: optionalString
    .pipe(z.url({ message: "must be a ws:// or wss:// URL" }).optional())
    .refine((v) => v === undefined || /^wss?:\/\//i.test(v), { message: "must be a ws:// or wss:// URL (the AI bot's long connection)" }),
  /** WeCom userids (comma-separated) allowed to (un)subscribe group chats; empty = everyone in the group. */
  WECOM_ADMINS: optionalString,
  WECOM_CALLBACK_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  WECOM_TOKEN: optionalString,
  WECOM_ENCODING_AES_KEY: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9]{43}$/.test(v), {
    message: "must be the 43-character EncodingAESKey from the WeCom admin console",
  }),
  WECOM_RECEIVE_ID: z.string().trim().default(""),
  WECOM_MAX_SKEW_S: z.coerce.number().int().min(0).default(300),
  WECOM_WEBHOOK_MAX_FAILURES: z.coerce.number().int().min(1).default(5),

  /** Force the console chat even when platform tokens are set. */
  CASEBOT_CONSOLE: z.enum(["0", "1", "auto"]).default("auto"),
});

export type Env = Zod.infer<typeof schema>;

export interface Config extends Env {
  articlesDir: string;
  dbFile: string;
  telegram: boolean;
  wecomBot: boolean;
  wecomCallback: boolean;
  console: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment (see .env.example):\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (Boolean(e.WECOM_BOT_ID) !== Boolean(e.WECOM_BOT_SECRET)) {
    throw new ConfigError("Set both WECOM_BOT_ID and WECOM_BOT_SECRET (WeCom admin console → 智能机器人 → API 模式/长连接), or neither.");
  }
  const callbackParts = [e.WECOM_TOKEN, e.WECOM_ENCODING_AES_KEY, e.WECOM_CALLBACK_PORT].filter((v) => v !== undefined).length;
  if (callbackParts > 0 && callbackParts < 3) {
    throw new ConfigError("WeCom callback mode needs WECOM_TOKEN, WECOM_ENCODING_AES_KEY and WECOM_CALLBACK_PORT together.");
  }
  if (e.WEBHOOK_URL && !e.BOT_TOKEN) throw new ConfigError("WEBHOOK_URL is set but BOT_TOKEN is not: set BOT_TOKEN from @BotFather.");
  const telegram = Boolean(e.BOT_TOKEN);
  const wecomBot = Boolean(e.WECOM_BOT_ID);
  const wecomCallback = callbackParts === 3;
  const anyPlatform = telegram || wecomBot || wecomCallback;
  return {
    ...e,
    articlesDir: e.ARTICLES_DIR ?? `${e.DATA_DIR}/articles`,
    dbFile: `${e.DATA_DIR}/db.json`,
    telegram,
    wecomBot,
    wecomCallback,
    console: e.CASEBOT_CONSOLE === "1" || (e.CASEBOT_CONSOLE === "auto" && !anyPlatform),
  };
}

/** Names of variables whose values must never reach a log line. */
export const SECRET_KEYS = ["BOT_TOKEN", "WEBHOOK_SECRET", "WECOM_BOT_SECRET", "WECOM_TOKEN", "WECOM_ENCODING_AES_KEY"] as const;
