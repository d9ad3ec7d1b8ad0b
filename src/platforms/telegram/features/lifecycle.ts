import { Composer } from "grammy";
import { heading, para, reply } from "../../../reply/build.ts";
import type { Reply } from "../../../reply/types.ts";
import type { Services } from "../../../services.ts";
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
      await rt.chats.markInactive("telegram", String(chat.id), reason);
      return;
    }
    await rt.chats.upsert(chatRef(chat));
    if (!wasIn && chat.type !== "private" && chat.type !== "channel") {
      await respond(ctx, rt, introReply(rt.services, ctx.me.username), { chatId: chat.id, replyTo: undefined, threadId: undefined });
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

/** Two example questions built from the corpus, so they always have an answer. */
export function introReply(services: Services, botUsername: string): Reply {
  const [a, b] = services.library.cases;
  const examples = [
    a?.practices[0] ? `@${botUsername} ${a.practices[0]}是怎么做的？` : `@${botUsername} 代表联络站怎么建？`,
    b ? `@${botUsername} ${b.place}有什么经验？` : `@${botUsername} 怎么激发代表履职活力？`,
  ];
  return reply("info", [
    heading("大家好，我是案例通"),
    para("我收录了各地人大的典型案例。在群里 @我 提问，或回复我的消息，我就会找出做法相近的单位。"),
    para("例如：\n", examples.join("\n")),
    para("输入 /help 查看全部命令。"),
  ]);
}
