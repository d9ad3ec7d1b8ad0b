import type { Config } from "../config/config.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import type { DeliveryChannel } from "../digest/delivery.ts";
import type { TickSource } from "../digest/scheduler.ts";
import type { Logger } from "../logger.ts";
import type { PlatformAdapter, PushHost } from "../platforms/types.ts";
import type { StatefulServices } from "../dispatch/types.ts";
import type { StateStore } from "../store/state-store.ts";
import type { QuestionLog } from "../store/question-log.ts";
import type { PushContent } from "../digest/content.ts";

export interface StatefulOptions {
  /** The platforms (the app runs every one in src/platforms/index.ts unless a test passes its own). */
  platforms?: readonly PlatformAdapter[];
  /** The clock for commands, chats and the digest (tests inject one). */
  now?: () => Date;
  /** What drives the digest scheduler; a node-cron task every minute by default. */
  tick?: TickSource;
  /** A state store to use instead of opening `config.dbFile`. */
  store?: StateStore;
  /** A question log to use instead of opening `config.stats.file` (false: none, as with STATS=off). */
  questions?: QuestionLog | false;
  /** What pushes other than the weekly case carry (the editors' weekly statistics), by content name. */
  contents?: Readonly<Record<string, PushContent>>;
}

/**
 * The stateful services alone: state file, chat records, digest. Loading the digest's modules
 * (cron-parser, luxon, node-cron) and lowdb through tsx costs more than answering a question, so
 * openServices opens them after answering is ready; the CLI's push commands need only these.
 */
export async function openStateful(config: Config, logger: Logger, library: CaseLibrary, opts: StatefulOptions = {}): Promise<StatefulServices> {
  const [store, { buildDigest }, { createChatRepository }] = await Promise.all([
    opts.store ?? import("../store/state-store.ts").then((m) => m.openStateStore(config.dbFile, { now: opts.now, logger })),
    import("../digest/wire.ts"),
    import("../store/chats.ts"),
  ]);
  return {
    store,
    chats: createChatRepository(store, opts.now),
    digest: buildDigest(config, logger, { store, library }, { now: opts.now, tick: opts.tick, contents: opts.contents }),
  };
}

/** Releases the stateful services' files: the digest's outbox journal, then the state store. */
export async function closeStateful(stateful: StatefulServices): Promise<void> {
  await stateful.digest?.close();
  await stateful.store.close();
}

/** Each configured platform with its section. */
export function configured(config: Config, platforms: readonly PlatformAdapter[]): Array<{ adapter: PlatformAdapter; section: unknown }> {
  return platforms.flatMap((adapter) => (config.platforms[adapter.name] === undefined ? [] : [{ adapter, section: config.platforms[adapter.name] }]));
}

/** Push channels for a process that does not run the platforms (the CLI's `digest send`). */
export async function standalonePushChannels(
  config: Config,
  logger: Logger,
  stateful: StatefulServices,
  opts: { platforms: readonly PlatformAdapter[]; now?: () => Date; sleep?: PushHost<unknown>["sleep"] },
): Promise<DeliveryChannel[]> {
  const now = opts.now ?? (() => new Date());
  const lists = await Promise.all(
    configured(config, opts.platforms).map(
      async ({ adapter, section }) => (await adapter.pushChannels?.({ section, logger, stateful, now, sleep: opts.sleep })) ?? [],
    ),
  );
  return lists.flat();
}
