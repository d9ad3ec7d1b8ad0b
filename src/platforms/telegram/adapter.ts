import { optionalString, z } from "../../config/env.ts";
import { ConfigError } from "../../errors.ts";
import { definePlatform } from "../types.ts";
import { TELEGRAM_CAPABILITIES, type TelegramSection } from "./profile.ts";

const schema = z.object({
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
  TELEGRAM_EDITORS: optionalString.refine((v) => v === undefined || splitIds(v).every((id) => /^\d{1,20}$/.test(id)), {
    message: "must be numeric Telegram user ids separated by commas (ask @userinfobot for yours)",
  }),
});

/** A list variable: ids separated by commas or spaces. */
export function splitIds(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,，;；]+/).filter(Boolean);
}

/** Telegram through grammY: long polling or a webhook, buttons, inline sharing, the command menu. */
export const telegramPlatform = definePlatform({
  name: "telegram",
  capabilities: TELEGRAM_CAPABILITIES,
  settings: {
    schema,
    secrets: ["BOT_TOKEN", "WEBHOOK_SECRET"],
    section(v): TelegramSection | undefined {
      if (v.WEBHOOK_URL && !v.BOT_TOKEN) throw new ConfigError("WEBHOOK_URL is set but BOT_TOKEN is not: set BOT_TOKEN from @BotFather.");
      if (!v.BOT_TOKEN) return undefined;
      return {
        token: v.BOT_TOKEN,
        apiRoot: v.TELEGRAM_API_ROOT,
        webhook: v.WEBHOOK_URL ? { url: v.WEBHOOK_URL, secret: v.WEBHOOK_SECRET, port: v.PORT } : undefined,
        rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE,
        editors: splitIds(v.TELEGRAM_EDITORS),
      };
    },
  },
  async start(host) {
    const { startTelegram } = await import("./index.ts");
    return startTelegram(host);
  },
  async pushChannels({ section, logger, sleep }) {
    // A bare Bot API client, no polling: the CLI's `digest send` runs beside (or without) the bot.
    // Bounded: a hung request ends after 10 s, and network failures get a few logged tries, after
    // which the run fails fast for the remaining chats and reports them as pending.
    const [{ Api }, { createTelegramChannel }, { networkRetry }] = await Promise.all([import("grammy"), import("./delivery.ts"), import("./network-retry.ts")]);
    const api = new Api(section.token, { apiRoot: section.apiRoot, timeoutSeconds: 10 });
    api.config.use(networkRetry({ logger, sleep }));
    return [createTelegramChannel(api, logger)];
  },
});
