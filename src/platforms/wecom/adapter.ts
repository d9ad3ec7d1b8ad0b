import { optionalString, z } from "../../config/env.ts";
import { ConfigError } from "../../errors.ts";
import { HOST_LIST_MESSAGE, parseHostList } from "../../net/host-list.ts";
import { definePlatform } from "../types.ts";
import { WECOM_CAPABILITIES, type WecomSection } from "./profile.ts";
import { webhookCommand } from "./webhook/command.ts";
import { robotsFor } from "./webhook/service.ts";

const schema = z.object({
  WECOM_BOT_ID: optionalString,
  WECOM_BOT_SECRET: optionalString,
  WECOM_WS_URL: optionalString
    .pipe(z.url({ message: "must be a ws:// or wss:// URL" }).optional())
    .refine((v) => v === undefined || /^wss?:\/\//i.test(v), { message: "must be a ws:// or wss:// URL (the AI bot's long connection)" }),
  WECOM_ADMINS: optionalString,
  WECOM_EDITORS: optionalString,
  WECOM_CALLBACK_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  WECOM_TOKEN: optionalString,
  WECOM_ENCODING_AES_KEY: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9]{43}$/.test(v), {
    message: "must be the 43-character EncodingAESKey from the WeCom admin console",
  }),
  WECOM_RECEIVE_ID: z.string().trim().default(""),
  WECOM_MAX_SKEW_S: z.coerce.number().int().min(0).default(300),
  WECOM_WEBHOOK_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  WECOM_WEBHOOK_ALLOWED_HOSTS: optionalString.refine((v) => parseHostList(v).bad.length === 0, { message: HOST_LIST_MESSAGE }),
});

/** WECOM_ADMINS, WECOM_EDITORS: userids separated by commas or spaces. */
export function parseAdmins(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,，;；]+/).filter(Boolean);
}

/**
 * WeCom (企业微信): the AI bot over the long connection and/or the encrypted callback for chats,
 * and group-robot webhooks for push-only groups (always on: they need no credentials up front).
 */
export const wecomPlatform = definePlatform({
  name: "wecom",
  capabilities: WECOM_CAPABILITIES,
  settings: {
    schema,
    secrets: ["WECOM_BOT_SECRET", "WECOM_TOKEN", "WECOM_ENCODING_AES_KEY"],
    section(v): WecomSection {
      if (Boolean(v.WECOM_BOT_ID) !== Boolean(v.WECOM_BOT_SECRET)) {
        throw new ConfigError("Set both WECOM_BOT_ID and WECOM_BOT_SECRET (WeCom admin console → 智能机器人 → API 模式/长连接), or neither.");
      }
      const callbackParts = [v.WECOM_TOKEN, v.WECOM_ENCODING_AES_KEY, v.WECOM_CALLBACK_PORT].filter((x) => x !== undefined).length;
      if (callbackParts > 0 && callbackParts < 3) {
        throw new ConfigError("WeCom callback mode needs WECOM_TOKEN, WECOM_ENCODING_AES_KEY and WECOM_CALLBACK_PORT together.");
      }
      return {
        admins: parseAdmins(v.WECOM_ADMINS),
        editors: parseAdmins(v.WECOM_EDITORS),
        aibot: v.WECOM_BOT_ID && v.WECOM_BOT_SECRET ? { botId: v.WECOM_BOT_ID, secret: v.WECOM_BOT_SECRET, wsUrl: v.WECOM_WS_URL } : undefined,
        callback:
          v.WECOM_TOKEN && v.WECOM_ENCODING_AES_KEY && v.WECOM_CALLBACK_PORT
            ? {
                port: v.WECOM_CALLBACK_PORT,
                token: v.WECOM_TOKEN,
                encodingAESKey: v.WECOM_ENCODING_AES_KEY,
                receiveId: v.WECOM_RECEIVE_ID,
                maxSkewS: v.WECOM_MAX_SKEW_S,
              }
            : undefined,
        robots: { maxFailures: v.WECOM_WEBHOOK_MAX_FAILURES, allowedHosts: parseHostList(v.WECOM_WEBHOOK_ALLOWED_HOSTS).hosts },
      };
    },
  },
  takesMessages: (section) => Boolean(section.aibot || section.callback),
  commands: ({ section, logger, now }) => [webhookCommand(async (ctx) => robotsFor(await ctx.services.stateful, section.robots, logger, now))],
  async start(host) {
    const { startWecom } = await import("./index.ts");
    return startWecom(host);
  },
  cliCommands: { "wecom-webhook": async () => (await import("./webhook/cli.ts")).wecomWebhookCli },
  async pushChannels({ section, logger, stateful, now }) {
    // Only group robots: AI-bot chats need the bot's long connection, so the running bot pushes to them.
    const { createWebhookChannel } = await import("./webhook/channel.ts");
    return [createWebhookChannel({ webhooks: robotsFor(stateful, section.robots, logger, now), logger })];
  },
});
