import type { CliCommand, CliIO } from "../cli/types.ts";
import type { Command, Services, StatefulServices } from "../dispatch/types.ts";
import type { ConfigurablePlatform, CoreConfig, PlatformSettings } from "../config/config.ts";
import type { DeliveryChannel } from "../digest/delivery.ts";
import type { Logger } from "../logger.ts";
import type { Capabilities } from "../reply/capabilities.ts";

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

/** What a platform's CLI subcommand is handed by the CLI (src/cli/context.ts): nothing it must reach up for. */
export interface PlatformCliHost<C> {
  /** This platform's section, or undefined when it is not configured. */
  section: C | undefined;
  logger: Logger;
  /** The state and the digest over the cases (not the search index); close() releases their files. */
  openStateful(): Promise<{ stateful: StatefulServices; close(): Promise<void> }>;
}

/** A subcommand a platform adds to `npm run -s cli -- …`: a CliCommand that runs with its host. */
export interface PlatformCliCommand<C> extends Omit<CliCommand, "run"> {
  run(args: string[], io: CliIO, host: PlatformCliHost<C>): Promise<number>;
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
export interface PlatformAdapter<C = unknown, V = unknown> extends ConfigurablePlatform<C, V> {
  readonly capabilities: Capabilities;
  readonly settings: PlatformSettings<C, V>;
  /** The chat happens on this process's stdin/stdout: while it runs, logs stay out of the conversation (see logger.ts). */
  readonly usesTerminal?: boolean;
  /** Commands this platform adds to every chat (WeCom: 推送群, registering group robots). */
  commands?(host: CommandHost<C>): Command[];
  start(host: PlatformHost<C>): Promise<RunningPlatform>;
  /** Push channels usable without start(): the CLI's `digest send`. */
  pushChannels?(host: PushHost<C>): Promise<DeliveryChannel[]>;
  /** Subcommands this platform adds to `npm run -s cli -- …`, loaded on demand. */
  cliCommands?: Readonly<Record<string, () => Promise<PlatformCliCommand<C>>>>;
}

/** Keeps the adapter's literal name, so config.platforms is typed per platform. */
export function definePlatform<const N extends string, C, V>(
  adapter: PlatformAdapter<C, V> & { readonly name: N },
): PlatformAdapter<C, V> & { readonly name: N } {
  return adapter;
}

