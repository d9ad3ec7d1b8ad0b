// Owned by the WeCom feature (issue 5).
import type { DeliveryChannel } from "../../digest/delivery.ts";
import type { PlatformDeps, RunningPlatform } from "../types.ts";
import { startAibot } from "./aibot/bot.ts";
import { startCallbackServer } from "./callback/server.ts";
import { createMsgIdDedupe } from "./dedupe.ts";
import { createWebhookChannel } from "./webhook/channel.ts";

/**
 * Starts whatever WeCom transports the config asks for: the AI bot over the long connection
 * (WECOM_BOT_ID + WECOM_BOT_SECRET) and/or the encrypted callback server. Both share one msgid
 * dedupe, so a message that reaches the bot both ways is answered once. Channels: "wecom"
 * (AI-bot chats) when the long connection runs, and "wecom-webhook" (group robots) always.
 */
export async function startWecom(deps: PlatformDeps): Promise<RunningPlatform> {
  const { config } = deps;
  const dedupe = createMsgIdDedupe();
  const admins = parseAdmins(config.WECOM_ADMINS);
  const channels: DeliveryChannel[] = [];
  const stops: Array<() => Promise<void>> = [];

  try {
    if (config.wecomBot) {
      const bot = await startAibot({ ...deps, dedupe, admins });
      channels.push(bot.channel);
      stops.push(bot.stop);
    }
    if (config.wecomCallback) {
      const callback = await startCallbackServer(deps, { dedupe, admins });
      stops.push(callback.stop);
    }
  } catch (err) {
    for (const stop of stops.reverse()) await stop();
    throw err;
  }
  // Group robots are push-only: their channel needs no connection, just the registry.
  if (deps.services.webhooks) channels.push(createWebhookChannel({ webhooks: deps.services.webhooks, logger: deps.logger }));

  return {
    name: "wecom",
    channels,
    async stop() {
      for (const stop of stops.reverse()) {
        await stop().catch((err: unknown) => deps.logger.error({ err }, "wecom: stop failed"));
      }
    },
  };
}

/** WECOM_ADMINS: userids separated by commas or spaces. */
export function parseAdmins(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,，;；]+/).filter(Boolean);
}
