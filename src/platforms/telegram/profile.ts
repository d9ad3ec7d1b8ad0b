import type { Capabilities } from "../../reply/capabilities.ts";

/**
 * What Telegram is to the rest of the bot, with nothing to load: its config section and its
 * capabilities. A leaf, so the adapter and the features that read these never import each other.
 */

/** Telegram's section of the config: present when BOT_TOKEN is set. */
export interface TelegramSection {
  token: string;
  /** A self-hosted Bot API server (TELEGRAM_API_ROOT); api.telegram.org without it. */
  apiRoot?: string;
  /** Webhook mode (WEBHOOK_URL); long polling without it. */
  webhook?: { url: string; secret?: string; port: number };
  rateLimitPerMinute: number;
  /** TELEGRAM_EDITORS: numeric user ids of the editors (upload newsletters, /stats). */
  editors: string[];
}

export const TELEGRAM_CAPABILITIES: Capabilities = {
  slashCommands: true,
  bareCommandWords: false,
  // callback_data holds at most 64 bytes (BUTTON_DATA_INVALID beyond).
  buttons: { payloadBytes: 64 },
  inlineSharing: true,
  // Editors send documents and links in a private chat (features/uploads.ts).
  fileUpload: true,
  // Counted on the text after entity parsing, in UTF-16 code units.
  messageLimit: { max: 4096, unit: "characters" },
  markup: "html",
};

declare module "../../config/config.ts" {
  interface PlatformSections {
    telegram?: TelegramSection;
  }
}
