import type { DeliveryChannel } from "../../digest/delivery.ts";
import type { PlatformHost, RunningPlatform } from "../types.ts";
import type { WecomSection } from "./profile.ts";
import { createMsgIdDedupe } from "./dedupe.ts";
import { createWebhookChannel } from "./webhook/channel.ts";
import { robotsFor } from "./webhook/service.ts";

/**
 * Starts whatever WeCom transports the section asks for: the AI bot over the long connection
 * and/or the encrypted callback server (each loaded only when configured). Both share one msgid
 * dedupe, so a message that reaches the bot both ways is answered once. Channels: "wecom" (AI-bot
 * chats) when the long connection runs, and "wecom-webhook" (group robots) always.
 */
export async function startWecom(host: PlatformHost<WecomSection>): Promise<RunningPlatform> {
  const { section, logger, services, now } = host;
  const dedupe = createMsgIdDedupe();
  const { admins, editors } = section;
  const channels: DeliveryChannel[] = [];
  const stops: Array<() => Promise<void>> = [];

  try {
    if (section.aibot) {
      const { startAibot } = await import("./aibot/bot.ts");
      const bot = await startAibot({ aibot: section.aibot, services, logger, now, dedupe, admins, editors });
      channels.push(bot.channel);
      stops.push(bot.stop);
    }
    if (section.callback) {
      const { startCallbackServer } = await import("./callback/server.ts");
      const callback = await startCallbackServer({ callback: section.callback, services, logger, now }, { dedupe, admins, editors });
      stops.push(callback.stop);
    }
  } catch (err) {
    for (const stop of stops.reverse()) await stop();
    throw err;
  }
  // Group robots are push-only: their channel needs no connection, just the registry.
  channels.push(createWebhookChannel({ webhooks: robotsFor(await services.stateful, section.robots, logger, now), logger }));

  return {
    name: "wecom",
    channels,
    async stop() {
      for (const stop of stops.reverse()) {
        await stop().catch((err: unknown) => logger.error({ err }, "wecom: stop failed"));
      }
    },
  };
}
