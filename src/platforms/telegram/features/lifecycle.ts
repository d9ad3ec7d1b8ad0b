import { Composer } from "grammy";
import { commandWordFor } from "../../../dispatch/registry.ts";
import { welcome } from "../../../interaction/welcome.ts";
import { TELEGRAM_CAPABILITIES } from "../profile.ts";
import { respond, type BotContext, type TelegramRuntime } from "../context.ts";
import { chatRef } from "../decode.ts";

const PRESENT = new Set(["member", "administrator", "creator", "restricted"]);

/**
 * Chat lifecycle: added to a group → a short intro; removed, kicked or blocked → the chat goes
 * inactive (its subscriptions stop being pushed); group → supergroup → its state moves.
 */
export function lifecycleFeature(rt: TelegramRuntime): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on("my_chat_member", async (ctx) => {
    const { chat, old_chat_member: before, new_chat_member: after } = ctx.myChatMember;
    const wasIn = PRESENT.has(before.status);
    const isIn = PRESENT.has(after.status) && (after.status !== "restricted" || after.is_member);
    if (!isIn) {
      const reason = chat.type === "private" ? "blocked by the user" : after.status === "kicked" ? "removed from the group (kicked)" : "left the group";
      rt.logger.info({ chatId: chat.id, reason }, "telegram: bot removed");
      await rt.chats.markInactive(chatRef(chat), reason);
      return;
    }
    await rt.chats.upsert(chatRef(chat));
    if (!wasIn && chat.type !== "private" && chat.type !== "channel") {
      const intro = welcome(rt.services, { chat: "group", mention: ctx.me.username, commandWord: commandWordFor(TELEGRAM_CAPABILITIES, rt.services.registry) });
      await respond(ctx, rt, intro, { chatId: chat.id, replyTo: undefined, threadId: undefined });
    }
  });

  composer.on("message:migrate_to_chat_id", async (ctx) => {
    const to = String(ctx.message.migrate_to_chat_id);
    const result = await rt.chats.migrate("telegram", String(ctx.chat.id), to);
    rt.logger.info({ from: ctx.chat.id, to, ...result }, "telegram: group migrated to a supergroup");
  });
  composer.on("message:migrate_from_chat_id", async (ctx) => {
    await rt.chats.migrate("telegram", String(ctx.message.migrate_from_chat_id), String(ctx.chat.id));
  });

  return composer;
}
