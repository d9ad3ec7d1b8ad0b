import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { GrammyError, type Api, type Bot, type Transformer } from "grammy";
import { ConfigError } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import type { Services } from "../../dispatch/types.ts";
import type { PlatformHost, RunningPlatform } from "../types.ts";
import type { TelegramSection } from "./profile.ts";
import { ALLOWED_UPDATES, createBot } from "./bot.ts";
import type { BotContext } from "./context.ts";
import { menuCommands } from "./menu.ts";
import { createTelegramChannel } from "./delivery.ts";
import { createUpdateTracker } from "./tracker.ts";
import { waitForApi } from "./wait-for-api.ts";
import type { AbortableSleep } from "../../net/sleep.ts";
import { createWebhookServer } from "./webhook.ts";

export { createBot } from "./bot.ts";
export { renderTelegram, escapeHtml } from "./render.ts";
export { sendReply } from "./send.ts";

/** How long shutdown waits for in-flight updates before giving up on them. */
const DRAIN_TIMEOUT_MS = 25_000;

export interface TelegramPlatform extends RunningPlatform {
  bot: Bot<BotContext>;
  /** The bot's API client (auto-retry installed); the digest's delivery channel sends through it. */
  api: Api;
  /** Webhook mode: the port actually listened on. */
  webhookPort?: number;
}

/**
 * Starts the Telegram bot: getMe, the command menu, then long polling through the runner or, in
 * webhook mode, an HTTP server on the section's port that checks the secret token. stop() stops
 * taking updates, waits for those in flight, and (polling) confirms the last offset so nothing
 * handled is delivered twice and nothing acknowledged is lost.
 */
export interface StartTelegramOptions {
  /** The waits between network retries and while waiting for the API at start-up (tests). */
  sleep?: AbortableSleep;
  /** Ends a start-up that is still waiting for the API. */
  signal?: AbortSignal;
}

export async function startTelegram(
  host: Pick<PlatformHost<TelegramSection>, "section" | "logger" | "services" | "now">,
  opts: StartTelegramOptions = {},
): Promise<TelegramPlatform> {
  const { section, logger, services } = host;
  const tracker = createUpdateTracker();
  // Every addressed message records its chat, so the bot starts once the state file is open.
  const { chats } = await services.stateful;
  const bot = createBot({
    token: section.token,
    services,
    logger,
    chats,
    apiRoot: section.apiRoot,
    rateLimitPerMinute: section.rateLimitPerMinute,
    editors: section.editors,
    now: host.now,
    before: tracker.middleware,
    retrySleep: opts.sleep,
  });
  bot.api.config.use(tracker.transformer, logFailures(logger));

  try {
    // Not bot.init(): grammY retries getMe there forever on network errors, with back-off up to
    // 20 minutes and only debug output. Here the wait is logged and can be stopped.
    bot.botInfo = await waitForApi(() => bot.api.getMe(), {
      logger,
      apiRoot: section.apiRoot ?? "https://api.telegram.org",
      what: "getMe",
      sleep: opts.sleep,
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
      throw new ConfigError(
        `The Bot API rejected BOT_TOKEN (${err.error_code} ${err.description}). Copy the token again from @BotFather (/mybots → API Token).`,
      );
    }
    throw err;
  }
  const me = bot.botInfo;
  try {
    await bot.api.setMyCommands(menuCommands(services.registry));
  } catch (err) {
    logger.warn({ err }, "telegram: setMyCommands failed; the command menu may be out of date");
  }
  await editorsMenu(bot.api, services.registry, section.editors, logger);
  const channels: RunningPlatform["channels"] = [createTelegramChannel(bot.api, logger)];

  let handle: RunnerHandle | undefined;
  let server: Server | undefined;
  let webhookPort: number | undefined;
  const webhook = section.webhook;
  if (webhook) {
    const path = new URL(webhook.url).pathname;
    if (!webhook.secret) logger.warn("telegram: WEBHOOK_SECRET is not set; anyone who finds the webhook URL can post fake updates");
    server = createWebhookServer(bot, { path, secret: webhook.secret, logger });
    await new Promise<void>((resolve, reject) => {
      server?.once("error", reject);
      server?.listen(webhook.port, resolve);
    });
    webhookPort = (server.address() as AddressInfo).port;
    await bot.api.setWebhook(webhook.url, { allowed_updates: [...ALLOWED_UPDATES], secret_token: webhook.secret });
    logger.info({ bot: me.username, port: webhookPort, path }, "telegram: webhook mode");
  } else {
    // A webhook left over from another deployment would make getUpdates fail with 409.
    await bot.api.deleteWebhook({ drop_pending_updates: false });
    // During an outage the runner retries getUpdates every second for as long as it takes (its
    // default back-off doubles without bound, and its wait does not end on stop()); while the API
    // is down network-retry.ts fails those calls at once and sends one real probe per 10 s.
    handle = run(bot, {
      runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: 30 }, silent: true, maxRetryTime: Infinity, retryInterval: 1_000 },
    });
    handle.task()?.catch((err: unknown) => logger.error({ err }, "telegram: long polling stopped"));
    logger.info({ bot: me.username }, "telegram: long polling");
  }

  return {
    name: "telegram",
    bot,
    api: bot.api,
    channels,
    webhookPort,
    async stop() {
      if (handle?.isRunning()) await handle.stop();
      if (server) await closeServer(server);
      const drained = await tracker.drain(DRAIN_TIMEOUT_MS);
      if (!drained) logger.warn({ inFlight: tracker.inFlight }, "telegram: stopped before every update was handled");
      tracker.close();
      const last = tracker.lastFetched;
      if (handle && last !== undefined) {
        // Confirm everything handled; the one update this may return stays pending on Telegram's side.
        // Bounded: with the API gone, shutdown must not wait on it (main.ts's deadline is 4 s).
        await bot.api
          .getUpdates({ offset: last + 1, limit: 1, timeout: 0 }, AbortSignal.timeout(2_000) as Parameters<Api["getUpdates"]>[1])
          .catch((err: unknown) => logger.warn({ err }, "telegram: could not confirm the last update"));
      }
      logger.info({ lastUpdate: last }, "telegram: stopped");
    },
  };
}

/** Each editor's private chat gets a menu with the editors' commands (/documents …) as well. */
async function editorsMenu(api: Api, registry: Services["registry"], editors: readonly string[], logger: Logger): Promise<void> {
  const commands = menuCommands(registry, { editors: true });
  for (const id of editors) {
    // An editor who never opened the bot has no chat yet: Telegram answers "chat not found".
    await api
      .setMyCommands(commands, { scope: { type: "chat", chat_id: Number(id) } })
      .catch((err: unknown) => logger.info({ err, editor: id }, "telegram: no editor menu for this user yet"));
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** Failed Bot API calls at warn level (method and Telegram's description; never the payload or URL). */
function logFailures(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (!res.ok) logger.warn({ method, error_code: res.error_code, description: res.description }, "telegram: API call failed");
    return res;
  };
}
