/**
 * A platform that lives in this folder only: an "echo" chat service whose users' messages come in
 * through say() and whose bot messages are kept in a transcript. No buttons, 200-byte messages.
 * It uses nothing but the adapter interface and the core's exports, the way a DingTalk or Feishu
 * adapter would; registering it is one entry in a platform list.
 */
import { dispatch } from "../../../src/dispatch/dispatch.ts";
import { commandWordFor } from "../../../src/dispatch/registry.ts";
import type { CommandContext } from "../../../src/dispatch/types.ts";
import type { DeliveryChannel } from "../../../src/digest/delivery.ts";
import { optionalString, z } from "../../../src/config/env.ts";
import type { Capabilities } from "../../../src/reply/capabilities.ts";
import { definePlatform, type PlatformHost } from "../../../src/platforms/types.ts";
import { plainMessages } from "../../../src/reply/messages.ts";
import type { Reply } from "../../../src/reply/types.ts";

export interface EchoSection {
  /** ECHO_BOT_NAME: the bot's name in this service. */
  botName: string;
}

export const ECHO_CAPABILITIES: Capabilities = {
  slashCommands: true,
  bareCommandWords: true,
  inlineSharing: false,
  fileUpload: false,
  messageLimit: { max: 200, unit: "utf8-bytes" },
  markup: "plain",
};

export interface EchoMessage {
  chatId: string;
  text: string;
  /** True for the weekly push, false for answers. */
  push: boolean;
}

export function createEchoPlatform() {
  const transcript: EchoMessage[] = [];
  let host: PlatformHost<EchoSection> | undefined;
  const render = (reply: Reply): string[] => {
    if (!host) throw new Error("echo platform not started");
    return plainMessages(reply, ECHO_CAPABILITIES, commandWordFor(ECHO_CAPABILITIES, host.services.registry));
  };
  const channel: DeliveryChannel = {
    name: "echo",
    limits: { perChatPerMinute: 20, globalPerSecond: 30 },
    async send(target, reply) {
      for (const text of render(reply)) transcript.push({ chatId: target.chatId, text, push: true });
      return { status: "sent" };
    },
  };

  const adapter = definePlatform({
    name: "echo",
    capabilities: ECHO_CAPABILITIES,
    settings: {
      schema: z.object({ ECHO_BOT_NAME: optionalString }),
      secrets: [],
      section: (v): EchoSection | undefined => (v.ECHO_BOT_NAME ? { botName: v.ECHO_BOT_NAME } : undefined),
    },
    async start(h) {
      host = h;
      return { name: "echo", channels: [channel], stop: async () => undefined };
    },
  });

  /** A user's message in a chat; resolves with the bot's messages in answer. */
  async function say(chatId: string, text: string, type: "private" | "group" = "group"): Promise<string[]> {
    if (!host) throw new Error("echo platform not started");
    const ctx: CommandContext = {
      chat: { platform: "echo", chatId, type },
      user: { id: `${chatId}-user` },
      services: host.services,
      capabilities: ECHO_CAPABILITIES,
      isEditor: false,
      isAdmin: async () => true,
      now: host.now,
      bot: { username: host.section.botName },
    };
    const messages = render(await dispatch(ctx, text));
    for (const m of messages) transcript.push({ chatId, text: m, push: false });
    return messages;
  }

  return { adapter, say, transcript };
}
