import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Middleware, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "../../logger.ts";
import type { AbortableSleep } from "../../net/sleep.ts";
import { networkRetry } from "./network-retry.ts";
import type { Services } from "../../dispatch/types.ts";
import type { ChatRepository } from "../../store/chats.ts";
import { QuestionMemory } from "../../interaction/question-memory.ts";
import type { BotContext, TelegramRuntime } from "./context.ts";
import { addressed } from "./decode.ts";
import { buttonsFeature } from "./features/buttons.ts";
import { commandsFeature } from "./features/commands.ts";
import { reportUpdateError } from "./features/errors.ts";
import { inlineFeature } from "./features/inline.ts";
import { lifecycleFeature } from "./features/lifecycle.ts";
import { questionsFeature } from "./features/questions.ts";
import { rateLimitFeature } from "./features/ratelimit.ts";
import { uploadsFeature } from "./features/uploads.ts";

export interface TelegramBotDeps {
  token: string;
  services: Services;
  logger: Logger;
  /** Skips getMe (unit tests, benchmarks). */
  botInfo?: UserFromGetMe;
  /** Bot API root (self-hosted server, tests). */
  apiRoot?: string;
  rateLimitPerMinute?: number;
  /** TELEGRAM_EDITORS: user ids that may upload newsletters and read /stats. */
  editors?: readonly string[];
  now?: () => Date;
  /** The chat records (from the stateful services). */
  chats: ChatRepository;
  /** Questions behind "其他单位" buttons (a fresh, bounded memory by default). */
  memory?: QuestionMemory;
  /** Runs first for every update (the runner's in-flight tracking). */
  before?: Middleware<BotContext>;
  /** Innermost API transformer, below auto-retry: tests and the benchmark answer calls locally. */
  apiTransformer?: Transformer;
  /** Retry 429/5xx/network failures (off in unit tests that script failures by hand). */
  autoRetry?: boolean;
  /** The waits between network retries (tests inject one that returns at once). */
  retrySleep?: AbortableSleep;
}

/** Every update type the features handle; asked for explicitly so my_chat_member is never missed. */
export const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "my_chat_member"] as const;

/**
 * Assembles the bot from one composer per feature. Starts nothing: startTelegram() runs it with
 * long polling or a webhook; tests and the benchmark feed it updates with handleUpdate().
 */
export function createBot(deps: TelegramBotDeps): Bot<BotContext> {
  // grammY's default timeout is 500 s; a long poll asks for 30 s, so 60 s bounds a hung request.
  const bot = new Bot<BotContext>(deps.token, { botInfo: deps.botInfo, client: { apiRoot: deps.apiRoot, timeoutSeconds: 60 } });
  if (deps.apiTransformer) bot.api.config.use(deps.apiTransformer);
  if (deps.autoRetry !== false) {
    // Failures in transit: a few tries, logged, then fail fast while the API is down (network-retry.ts).
    bot.api.config.use(networkRetry({ logger: deps.logger, sleep: deps.retrySleep }));
    // Interactive replies wait out short floods; a longer retry_after surfaces to the caller
    // (the digest fan-out reschedules instead of blocking). Network errors are rethrown: auto-retry
    // would retry them forever, silently.
    bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true }));
  }
  const rt: TelegramRuntime = {
    services: deps.services,
    logger: deps.logger,
    chats: deps.chats,
    memory: deps.memory ?? new QuestionMemory(),
    editors: new Set(deps.editors ?? []),
    now: deps.now ?? (() => new Date()),
  };

  if (deps.before) bot.use(deps.before);
  // grammY's errorBoundary runs the handler inside the chain (not only via bot.catch) so that the
  // apology is part of handling the update: shutdown waits for it like for any other reply.
  const report = reportUpdateError(deps.logger);
  const handled = bot.errorBoundary(report);
  // Updates of one chat are handled in order even though the runner handles chats concurrently.
  handled.use(sequentialize((ctx: BotContext) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  handled.use(async (ctx, next) => {
    const msg = ctx.message;
    ctx.casebot = msg ? { addressed: addressed(msg, ctx.me, deps.services.registry) } : {};
    await next();
  });
  handled.use(lifecycleFeature(rt));
  handled.use(rateLimitFeature(deps.rateLimitPerMinute ?? 20));
  handled.use(commandsFeature(rt));
  handled.use(uploadsFeature(rt, { token: deps.token, apiRoot: deps.apiRoot }));
  handled.use(questionsFeature(rt));
  handled.use(buttonsFeature(rt));
  handled.use(inlineFeature(rt));
  bot.catch(report);
  return bot;
}
