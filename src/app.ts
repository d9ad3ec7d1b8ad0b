import { allCommands } from "../commands/index.ts";
import { openAnswering } from "./answer/open.ts";
import { createRegistry } from "./commands/registry.ts";
import type { Command } from "./commands/types.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import type { Services } from "./services.ts";
import type { StateStore } from "./store/state-store.ts";

/**
 * Builds the services every adapter shares. Pure wiring: nothing here starts listening.
 * The CLI and tests call this; main.ts uses startServices to answer sooner.
 */
export async function buildServices(config: Config, logger: Logger, store?: StateStore): Promise<Services> {
  const { library, answerer } = await openAnswering(config, logger);
  const services = { library, answerer, registry: createRegistry(allCommands) } as Services;
  await completeServices(services, config, logger, store);
  return services;
}

/**
 * Like buildServices, but resolves as soon as questions can be answered; `complete` resolves once
 * the state file and the digest and webhook wiring are in place too (it rejects, naming the
 * variable, on a bad DIGEST_CRON/DIGEST_TZ). Until then every command except the plain question
 * waits for it, so no command ever sees services half built. Loading the digest's modules
 * (cron-parser, luxon, node-cron) and lowdb through tsx costs more than answering a question.
 */
export async function startServices(config: Config, logger: Logger): Promise<{ services: Services; complete: Promise<void> }> {
  const { library, answerer } = await openAnswering(config, logger);
  const services = { library, answerer } as Services;
  const complete = completeServices(services, config, logger);
  services.registry = createRegistry(allCommands.map((c) => (c.name === "ask" ? c : afterReady(c, complete))));
  return { services, complete };
}

async function completeServices(services: Services, config: Config, logger: Logger, store?: StateStore): Promise<void> {
  const [state, { buildDigest }, { createWebhookService }] = await Promise.all([
    store ?? import("./store/state-store.ts").then((m) => m.openStateStore(config.dbFile)),
    import("./digest/wire.ts"),
    import("./platforms/wecom/webhook/service.ts"),
  ]);
  services.store = state;
  services.digest = buildDigest(config, logger, services);
  // Group-robot webhooks only need the state file; they subscribe through the digest when it is wired.
  services.webhooks = createWebhookService({
    store: services.store,
    logger,
    maxFailures: config.WECOM_WEBHOOK_MAX_FAILURES,
    digest: () => services.digest,
    allowLocal: config.NODE_ENV !== "production",
  });
}

function afterReady(command: Command, ready: Promise<void>): Command {
  return {
    ...command,
    async run(ctx, args) {
      await ready;
      return command.run(ctx, args);
    },
  };
}
