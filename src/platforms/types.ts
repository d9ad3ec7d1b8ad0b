import type { CliCommand } from "../cli/types.ts";
import type { Command } from "../commands/types.ts";
import type { CoreConfig } from "../config.ts";
import type { DeliveryChannel } from "../digest/delivery.ts";
import type { Zod } from "../env.ts";
import type { Logger } from "../logger.ts";
import type { Services, StatefulServices } from "../services.ts";

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

/** A platform's section of the environment. Validated once, in loadConfig; start() trusts it. */
export interface PlatformSettings<C, V> {
  /** This platform's variables, validated in one pass with the core's: a bad value names the variable. */
  schema: Zod.ZodType<V>;
  /** Variables whose values must never reach a log line. */
  secrets: readonly string[];
  /** The section from valid variables, or undefined when the platform is not configured. Throws ConfigError for combinations that cannot work. */
  section(vars: V, core: CoreConfig): C | undefined;
}

/** What a platform gets when it starts. */
export interface PlatformHost<C> {
  section: C;
  config: CoreConfig;
  logger: Logger;
  /** Answering services now; `services.stateful` once the state file is open. */
  services: Services;
  now: () => Date;
}

/** What a platform's commands are built with (before any service exists). */
export interface CommandHost<C> {
  section: C;
  logger: Logger;
  now: () => Date;
}

/** What a platform's push channels need in a process that does not start it (`cli digest send`). */
export interface PushHost<C> {
  section: C;
  logger: Logger;
  stateful: StatefulServices;
  now: () => Date;
  /** The waits between network retries (tests inject one that returns at once). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A started platform. stop() lets in-flight work finish, then closes connections. */
export interface RunningPlatform {
  name: string;
  /** Where the weekly push reaches this platform's chats. */
  channels: DeliveryChannel[];
  stop(): Promise<void>;
  /** Resolves when the platform's input ended (the console's stdin): the app then stops. */
  finished?: Promise<void>;
}

/**
 * A platform is one folder under src/platforms/ exporting one of these, plus one line in
 * src/platforms/index.ts. Definitions stay light: start() and pushChannels() import the
 * implementation, so an unconfigured platform costs nothing at start-up.
 */
export interface PlatformAdapter<C = unknown, V = unknown> {
  readonly name: string;
  readonly capabilities: Capabilities;
  readonly settings: PlatformSettings<C, V>;
  /** False when a configured section only pushes (WeCom with group robots only). Default true. */
  takesMessages?(section: C): boolean;
  /** True when the section should run only if no other platform takes messages (the console's default). */
  fallback?(section: C): boolean;
  /** The chat happens on this process's stdin/stdout: while it runs, logs stay out of the conversation (see logger.ts). */
  readonly usesTerminal?: boolean;
  /** Commands this platform adds to every chat (WeCom: 推送群, registering group robots). */
  commands?(host: CommandHost<C>): Command[];
  start(host: PlatformHost<C>): Promise<RunningPlatform>;
  /** Push channels usable without start(): the CLI's `digest send`. */
  pushChannels?(host: PushHost<C>): Promise<DeliveryChannel[]>;
  /** Subcommands this platform adds to `npm run -s cli -- …`, loaded on demand. */
  cliCommands?: Readonly<Record<string, () => Promise<CliCommand>>>;
}

/** Keeps the adapter's literal name, so config.platforms is typed per platform. */
export function definePlatform<const N extends string, C, V>(adapter: PlatformAdapter<C, V> & { readonly name: N }): PlatformAdapter<C, V> & { readonly name: N } {
  return adapter;
}

/** The section type of an adapter. */
export type SectionOf<A> = A extends PlatformAdapter<infer C, infer _V> ? C : never;
