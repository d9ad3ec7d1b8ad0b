import type { Logger } from "../../src/logger.ts";
import { createLogger } from "../../src/logger.ts";
import { startAibot, type RunningAibot } from "../../src/platforms/wecom/aibot/bot.ts";
import { startTelegram, type TelegramPlatform } from "../../src/platforms/telegram/index.ts";
import type { BotApiServer } from "./bot-api-server.ts";
import type { LiveTestServices } from "./live-services.ts";
import type { FakeWecomServer } from "./wecom-ws-server.ts";

/**
 * The WeCom AI bot as the editors' tests run it: against the local WeCom server, with one editor
 * (bianji), a fixed clock, and quick reconnects so a test never waits on the SDK's defaults.
 */
export function startEditorAibot(
  server: FakeWecomServer,
  services: LiveTestServices,
  opts: { botId: string; secret: string; now: () => Date } & Pick<Parameters<typeof startAibot>[0], "download">,
): Promise<RunningAibot> {
  return startAibot({
    aibot: { botId: opts.botId, secret: opts.secret, wsUrl: server.url },
    logger: createLogger("silent"),
    services,
    editors: ["bianji"],
    now: opts.now,
    clientOptions: { reconnectInterval: 30, heartbeatInterval: 1000, maxAuthFailureAttempts: 0 },
    authTimeoutMs: 3_000,
    ...(opts.download ? { download: opts.download } : {}),
  });
}

/** The Telegram bot as the editors' tests run it: against the local Bot API server, one editor, a fixed clock. */
export async function startEditorTelegram(
  api: BotApiServer,
  services: LiveTestServices,
  opts: { editorId: number; now: () => Date; logger?: Logger },
): Promise<TelegramPlatform> {
  const section = { token: api.token, apiRoot: api.apiRoot, rateLimitPerMinute: 1000, editors: [String(opts.editorId)] };
  const bot = await startTelegram({ section, logger: opts.logger ?? createLogger("silent"), services, now: opts.now });
  await api.waitForPolling();
  return bot;
}
