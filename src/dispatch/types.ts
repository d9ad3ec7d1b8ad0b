import type { ChatRef, UserRef } from "../chat.ts";
import type { Capabilities } from "../reply/capabilities.ts";
import type { Reply } from "../reply/types.ts";
import type { LiveLibrary } from "../answer/live.ts";
import type { Answerer } from "../answer/types.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import type { DigestService } from "../digest/service-types.ts";
import type { Newsletters } from "../interaction/newsletters.ts";
import type { ChatRepository } from "../store/chats.ts";
import type { QuestionLog } from "../store/question-log.ts";
import type { StateStore } from "../store/state-store.ts";

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

export interface ResolvedCommand {
  command: Command;
  args: string;
}

export interface ResolveOptions {
  /** `/name@bot` is ours only when bot is this username. */
  botUsername?: string;
  /** Recognise `/name` (default true). */
  slash?: boolean;
  /** Recognise a leading Chinese command word without a slash. */
  allowBare?: boolean;
}

export interface Registry {
  readonly commands: readonly Command[];
  get(nameOrAlias: string): Command | undefined;
  /**
   * Recognises `/name args`, `/name@bot args` (only when @bot is us) and, when `allowBare` is set,
   * a leading Chinese command word without a slash (`搜索 联络站`). Returns undefined for plain text.
   */
  resolve(text: string, opts?: ResolveOptions): ResolvedCommand | undefined;
  /** The Chinese word users type for a command on platforms without a slash menu (案例 for case). */
  wordFor(name: string): string;
}

/** What answering a question and pressing a button need: ready as soon as the corpus is indexed. */
export interface AnsweringServices {
  /** The current library: in the running app a view of the live library's newest build. */
  library: CaseLibrary;
  answerer: Answerer;
  registry: Registry;
  /** The question log behind /stats and the 👍/👎 buttons; absent with STATS=off (then nothing is logged). */
  questions?: QuestionLog;
  /** The holder behind library/answerer (absent where a test builds fixed services). */
  live?: LiveLibrary;
  /** Editors adding, removing and listing newsletters from a chat (absent: uploads are off). */
  newsletters?: Newsletters;
}

/** What needs the state file: opened after answering is ready (lowdb, the digest's modules). */
export interface StatefulServices {
  store: StateStore;
  chats: ChatRepository;
  /** The weekly push; absent only where a test leaves it out. */
  digest?: DigestService;
}

/**
 * What commands and platforms use, in two typed stages: answering at once, and the stateful part as
 * a promise that whatever needs it awaits (subscribing, recording a chat). It rejects, naming the
 * problem, when the state file is unreadable or DIGEST_CRON/DIGEST_TZ is unusable.
 */
export interface Services extends AnsweringServices {
  stateful: Promise<StatefulServices>;
}
