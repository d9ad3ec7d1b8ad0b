import { resolve } from "node:path";
import { commandList } from "../../commands/index.ts";
import { openLiveLibrary, type LiveLibraryOptions } from "../answer/live.ts";
import { createRegistry } from "../dispatch/registry.ts";
import type { Config } from "../config/config.ts";
import { createCollection } from "../corpus/collection.ts";
import { createNewsletters } from "../interaction/newsletters.ts";
import type { DigestScheduler } from "../digest/service-types.ts";
import type { Logger } from "../logger.ts";
import { PLATFORMS } from "../platforms/index.ts";
import type { RunningPlatform } from "../platforms/types.ts";
import type { Services } from "../dispatch/types.ts";
import type { QuestionLog } from "../store/question-log.ts";
import { editorDigestContents } from "../stats/editor-digest.ts";
import { checkDataDir } from "../store/data-dir.ts";
import { closeStateful, configured, openStateful, type StatefulOptions } from "./stateful.ts";

/** What a test (or a benchmark) may inject; production uses the defaults. */
export type AppOptions = StatefulOptions & {
  /** The live library's watcher and timers (tests drive them by hand). */
  live?: Pick<LiveLibraryOptions, "timers" | "watch" | "pollMs" | "debounceMs" | "savedFrom">;
};

/**
 * The services every platform shares, in two stages: answering is ready when this resolves; the
 * stateful part (state file, digest) is a promise that commands needing it await. Pure wiring:
 * nothing here listens. The CLI and tests call this; startApp() runs the platforms on top.
 */
export async function openServices(config: Config, logger: Logger, opts: AppOptions = {}): Promise<Services> {
  const platforms = opts.platforms ?? PLATFORMS;
  const now = opts.now ?? (() => new Date());
  const dirs = { articlesDir: resolve(config.articlesDir), dataDir: resolve(config.dataDir) };
  // The library is read through a holder that swaps in each rebuild (answer/LIVE.md). The
  // question log is small: read alongside the corpus, it delays nothing.
  const [live, questions] = await Promise.all([
    openLiveLibrary({ ...dirs, logger, searchIndex: config.searchIndex, ...opts.live }),
    openQuestions(config, logger, opts),
  ]);
  const { library, answerer } = live;
  // Links sent in chat reach public addresses only (never this host or the office network), as
  // `ingest <url>` does: fetchDocument's default policy, with the operator's INGEST_ALLOWED_HOSTS.
  const newsletters = createNewsletters(createCollection({ ...dirs, logger, now }), live, { fetch: { allowedHosts: config.ingestAllowedHosts } });
  const platformCommands = configured(config, platforms).flatMap(({ adapter, section }) => adapter.commands?.({ section, logger, now }) ?? []);
  const registry = createRegistry(commandList(platformCommands));
  const contents = questions ? { ...editorDigestContents(questions, library, config.digest.timezone), ...opts.contents } : opts.contents;
  const stateful = openStateful(config, logger, library, { ...opts, contents });
  // Whoever needs the state awaits this promise; an early failure must not count as unhandled.
  stateful.catch(() => undefined);
  return { library, answerer, registry, stateful, live, newsletters, questions };
}

/** The question log unless STATS=off (or a test passes its own, or false). */
export async function openQuestions(config: Config, logger: Logger, opts: AppOptions): Promise<QuestionLog | undefined> {
  if (opts.questions !== undefined) return opts.questions || undefined;
  if (!config.stats.enabled) return undefined;
  const { openQuestionLogFile } = await import("../store/question-log-file.ts");
  return openQuestionLogFile(config.stats, logger, { now: opts.now });
}

export interface RunningApp {
  services: Services;
  platforms: RunningPlatform[];
  /** The weekly push's scheduler (absent only without a digest). */
  scheduler: DigestScheduler | undefined;
  /** Resolves when a platform's input ended (the console's stdin closed). */
  finished: Promise<void> | undefined;
  /** Stops the scheduler (after its fan-out in progress), then every platform, last started first. */
  stop(): Promise<void>;
}

/**
 * The composition root's work: services, then every configured platform at once, then the weekly
 * push over the platforms' channels (resume unfinished periods, catch up missed ones, then push on
 * schedule). A platform that fails to start stops the ones that did.
 */
export async function startApp(config: Config, logger: Logger, opts: AppOptions = {}): Promise<RunningApp> {
  const now = opts.now ?? (() => new Date());
  // Before anything is written there (the stats salt, the cache, the state file).
  await checkDataDir(resolve(config.dataDir));
  const services = await openServices(config, logger, opts);
  const starting = configured(config, opts.platforms ?? PLATFORMS).map(({ adapter, section }) => adapter.start({ section, config, logger, services, now }));
  const started = await Promise.allSettled(starting);
  const running = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const stopAll = async (): Promise<void> => {
    for (const p of [...running].reverse()) await p.stop().catch((err: unknown) => logger.error({ err, platform: p.name }, "stop failed"));
  };
  let scheduler: DigestScheduler | undefined;
  try {
    const failed = started.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    const stateful = await services.stateful;
    logger.info({ cases: services.library.cases.length, articles: services.library.articles.length }, "corpus loaded");
    scheduler = stateful.digest?.startScheduler(running.flatMap((p) => p.channels));
    services.live?.start();
  } catch (err) {
    await stopAll();
    await services.questions?.stop().catch(() => undefined);
    throw err;
  }
  const finished = running.flatMap((p) => (p.finished ? [p.finished] : []));
  return {
    services,
    platforms: running,
    scheduler,
    finished: finished.length ? Promise.race(finished) : undefined,
    async stop() {
      await scheduler?.stop().catch((err: unknown) => logger.error({ err }, "digest scheduler stop failed"));
      await services.live?.stop();
      await stopAll();
      // Last: the platforms' final answers are in the log before it is written.
      await services.questions?.stop().catch((err: unknown) => logger.error({ err }, "stats: could not write the question log"));
      const stateful = await services.stateful.catch(() => undefined);
      if (stateful) await closeStateful(stateful).catch((err: unknown) => logger.error({ err }, "state: could not close the state files"));
    },
  };
}
