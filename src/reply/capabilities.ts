/**
 * What a platform can do. The core asks these, never a platform's name: how /help lists commands,
 * which word a hint tells users to send, how a reply is split, whether buttons carry actions.
 */
export interface Capabilities {
  /** Commands can be typed as /name (and /help lists them so). */
  slashCommands: boolean;
  /** Chinese command words work without a slash (帮助, 搜索 联络站): platforms without a command menu. */
  bareCommandWords: boolean;
  /** Buttons that come back as actions, with the payload limit in UTF-8 bytes; without, command buttons become "send this word" hints. */
  buttons?: { payloadBytes: number };
  /** Cards can be shared into other chats (Telegram inline mode). */
  inlineSharing: boolean;
  /** Users can send documents to the bot. */
  fileUpload: boolean;
  /** The longest message the platform takes, and what it counts. */
  messageLimit: { max: number; unit: "characters" | "utf8-bytes" };
  /** The markup replies are rendered in. */
  markup: "html" | "markdown" | "plain";
  /** Whoever types here operates the bot (a terminal on its host): admin-only commands need no group. */
  operator?: boolean;
}
