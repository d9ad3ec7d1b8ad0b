import type { ChatRef, UserRef } from "../chat.ts";
import type { Capabilities } from "../platforms/types.ts";
import type { Reply } from "../reply/types.ts";
import type { Services } from "../services.ts";

export type { ChatRef, UserRef };

export interface CommandContext {
  chat: ChatRef;
  user: UserRef;
  services: Services;
  /** What the platform the message came from can do: how commands are typed, whether buttons exist. */
  capabilities: Capabilities;
  /** Asks the platform whether the sender administers this chat (always true in private chats). */
  isAdmin(): Promise<boolean>;
  /**
   * The sender is an editor (TELEGRAM_EDITORS, WECOM_EDITORS; whoever types at the console): may
   * add and remove newsletters and read the question statistics.
   */
  isEditor: boolean;
  now(): Date;
  /** Bot identity, for deep links and mentions. */
  bot: { username?: string };
}

export interface Command {
  /** ASCII command name, used as /name and in the CLI. */
  name: string;
  /** Chinese command words (usable without a slash where the platform allows) and other names. */
  aliases: readonly string[];
  /** One line, Simplified Chinese; shown in /help and Telegram's command menu. */
  description: string;
  /** Who may use it in a group, e.g. "群里仅管理员": added to the description in groups and in the command menu, never in a one-to-one chat. */
  groupNote?: string;
  /** Argument hint for /help, e.g. "<问题>". */
  usage?: string;
  /** Hidden commands work but are not listed in /help or setMyCommands. */
  hidden?: boolean;
  /** Editors' commands (TELEGRAM_EDITORS, WECOM_EDITORS): /help lists them only to editors; not in the shared command menu. */
  editors?: boolean;
  run(ctx: CommandContext, args: string): Promise<Reply>;
}
