import type { CoreConfig } from "../config/config.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import { ConfigError, UserInputError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { openOutboxJournal } from "../store/outbox-journal.ts";
import type { StateStore } from "../store/state-store.ts";
import { parseSchedule } from "./schedule.ts";
import type { TickSource } from "./scheduler.ts";
import type { PushContents } from "./content.ts";
import { createDigestService, type DigestServiceImpl } from "./service.ts";

export interface DigestWiring {
  now?: () => Date;
  /** What drives the scheduler; a node-cron task every minute by default. */
  tick?: TickSource;
  /** Contents of pushes other than the weekly case (see content.ts). */
  contents?: PushContents;
}

/**
 * The digest service for the stateful services (app/stateful.ts). DIGEST_CRON/DIGEST_TZ are checked here so
 * a bad default stops start-up with the variables' names instead of failing at the first /subscribe.
 * Its push channels come from the platforms (app/start.ts), never from here.
 */
export function buildDigest(
  config: CoreConfig,
  logger: Logger,
  state: { store: StateStore; library: CaseLibrary },
  wiring: DigestWiring = {},
): DigestServiceImpl {
  const defaults = { cron: config.digest.cron, timezone: config.digest.timezone };
  try {
    parseSchedule(undefined, defaults);
  } catch (err) {
    const why = err instanceof UserInputError ? err.userMessage : (err as Error).message;
    throw new ConfigError(`DIGEST_CRON="${defaults.cron}" / DIGEST_TZ="${defaults.timezone}" is not a usable schedule: ${why}`);
  }
  return createDigestService({
    store: state.store,
    journal: state.store.file ? openOutboxJournal(state.store, state.store.file, logger) : undefined,
    library: state.library,
    logger,
    defaults,
    now: wiring.now,
    tick: wiring.tick,
    contents: wiring.contents,
    fanout: { concurrency: config.digest.concurrency, limits: config.digest.limits },
  });
}
