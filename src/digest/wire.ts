import type { Config } from "../config.ts";
import { ConfigError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { createWebhookChannel } from "../platforms/wecom/webhook/channel.ts";
import type { Services } from "../services.ts";
import { openOutboxJournal } from "../store/outbox-journal.ts";
import { UserInputError } from "../errors.ts";
import type { DeliveryChannel } from "./delivery.ts";
import { parseSchedule } from "./schedule.ts";
import { createDigestService, type DigestServiceImpl } from "./service.ts";

/**
 * The digest service for the shared services (app.ts). DIGEST_CRON/DIGEST_TZ are checked here so a
 * bad default stops start-up with the variable's name instead of failing at the first /subscribe.
 */
export function buildDigest(config: Config, logger: Logger, services: Pick<Services, "store" | "library">, now?: () => Date): DigestServiceImpl {
  const defaults = { cron: config.DIGEST_CRON, timezone: config.DIGEST_TZ };
  try {
    parseSchedule(undefined, defaults);
  } catch (err) {
    const why = err instanceof UserInputError ? err.userMessage : (err as Error).message;
    throw new ConfigError(`DIGEST_CRON="${config.DIGEST_CRON}" / DIGEST_TZ="${config.DIGEST_TZ}" is not a usable schedule: ${why}`);
  }
  return createDigestService({
    store: services.store,
    ...(services.store.file ? { journal: openOutboxJournal(services.store, services.store.file, logger) } : {}),
    library: services.library,
    logger,
    defaults,
    ...(now ? { now } : {}),
    fanout: { concurrency: config.DIGEST_CONCURRENCY, limits: config.DIGEST_LIMITS !== "off" },
  });
}

/**
 * Delivery channels for a process that does not run the platforms (the CLI's `digest send`):
 * Telegram through a bare Bot API client (no polling), group-robot webhooks from the state file.
 * WeCom AI-bot chats need the bot's long connection, so only the running bot delivers to them.
 * The bot itself uses its platforms' channels (RunningPlatform.channels), built by the same factories.
 */
export async function standaloneChannels(
  config: Config,
  logger: Logger,
  services: Services,
  /** Channels the caller already has (a running platform's own); not built again. */
  have: ReadonlySet<string> = new Set(),
): Promise<DeliveryChannel[]> {
  const channels: DeliveryChannel[] = [];
  if (config.BOT_TOKEN && !have.has("telegram")) {
    // Loaded on demand: a console-only start should not pay for grammY's import.
    const [{ Api }, { createTelegramChannel }] = await Promise.all([import("grammy"), import("../platforms/telegram/delivery.ts")]);
    const api = new Api(config.BOT_TOKEN, config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : undefined);
    channels.push(createTelegramChannel(api, logger));
  }
  if (services.webhooks && !have.has("wecom-webhook")) channels.push(createWebhookChannel({ webhooks: services.webhooks, logger }));
  return channels;
}

/** The running bot's channels: its platforms' own, plus standalone ones for channels no platform provides. */
export async function botChannels(config: Config, logger: Logger, services: Services, platformChannels: readonly DeliveryChannel[]): Promise<DeliveryChannel[]> {
  const have = new Set(platformChannels.map((c) => c.name));
  return [...platformChannels, ...(await standaloneChannels(config, logger, services, have))];
}
