import type { Capabilities } from "../../reply/capabilities.ts";

/**
 * What WeCom is to the rest of the bot, with nothing to load: its config sections and its
 * capabilities. A leaf, so the adapter and the modes that read these never import each other.
 */

/** The AI bot over the long connection (WECOM_BOT_ID + WECOM_BOT_SECRET). */
export interface AibotSection {
  botId: string;
  secret: string;
  /** A private deployment's or a test's endpoint (WECOM_WS_URL). */
  wsUrl?: string;
}

/** The encrypted callback (API) mode (WECOM_CALLBACK_PORT + WECOM_TOKEN + WECOM_ENCODING_AES_KEY). */
export interface CallbackSection {
  port: number;
  token: string;
  encodingAESKey: string;
  /** The corp id for a self-built app; "" for an AI bot. */
  receiveId: string;
  maxSkewS: number;
}

/** Group robots (群机器人): push-only webhooks registered at run time; always available. */
export interface RobotsSection {
  /** Consecutive failures before a webhook is deactivated (WECOM_WEBHOOK_MAX_FAILURES). */
  maxFailures: number;
  /** WECOM_WEBHOOK_ALLOWED_HOSTS: hosts besides qyapi.weixin.qq.com that may receive pushes (local stand-ins). */
  allowedHosts: string[];
}

export interface WecomSection {
  /** WECOM_ADMINS: who may change a group's subscription; empty means everyone in the group. */
  admins: string[];
  /** WECOM_EDITORS: userids of the editors (upload newsletters in a single chat, 统计). */
  editors: string[];
  aibot?: AibotSection;
  callback?: CallbackSection;
  robots: RobotsSection;
}

export const WECOM_CAPABILITIES: Capabilities = {
  slashCommands: true,
  // WeCom has no command menu: 帮助, 搜索 <词> … work as typed.
  bareCommandWords: true,
  // AI-bot button cards; a key holds at most 1024 bytes.
  buttons: { payloadBytes: 1024 },
  inlineSharing: false,
  // Editors send file messages in a single chat (aibot/uploads.ts).
  fileUpload: true,
  // Markdown messages (aibot_send_msg, group robots); a stream reply may hold 20480.
  messageLimit: { max: 4096, unit: "utf8-bytes" },
  markup: "markdown",
};

declare module "../../config/config.ts" {
  interface PlatformSections {
    wecom?: WecomSection;
  }
}
