import { allCommands } from "../commands/index.ts";
import { openAnswering } from "./answer/open.ts";
import { createRegistry } from "./commands/registry.ts";
import type { Config } from "./config.ts";
import { buildDigest } from "./digest/wire.ts";
import type { Logger } from "./logger.ts";
import { createWebhookService } from "./platforms/wecom/webhook/service.ts";
import type { Services } from "./services.ts";
import { openStateStore, type StateStore } from "./store/state-store.ts";

/**
 * Builds the services every adapter shares. Pure wiring: nothing here starts listening.
 * main.ts (and the CLI) call this, then start whatever the config asks for.
 */
export async function buildServices(config: Config, logger: Logger, store?: StateStore): Promise<Services> {
  const { library, answerer } = await openAnswering(config, logger);
  const registry = createRegistry(allCommands);
  const services: Services = { library, answerer, registry, store: store ?? (await openStateStore(config.dbFile)) };
  services.digest = buildDigest(config, logger, services);
  // Group-robot webhooks only need the state file; they subscribe through the digest when it is wired.
  services.webhooks = createWebhookService({
    store: services.store,
    logger,
    maxFailures: config.WECOM_WEBHOOK_MAX_FAILURES,
    digest: () => services.digest,
    allowLocal: config.NODE_ENV !== "production",
  });
  return services;
}
