import type { Command, CommandContext } from "../../../dispatch/types.ts";
import { UserInputError } from "../../../errors.ts";
import { textReply } from "../../../reply/build.ts";
import type { Reply } from "../../../reply/types.ts";
import { chatKey } from "../../../store/types.ts";
import type { WebhookScope, WebhookService } from "../webhook-types.ts";
import { webhookErrorText } from "./error-text.ts";
import { WEBHOOK_USAGE, WEBHOOK_TEXT } from "../../../messages/catalog.ts";

/** Finds the group-robot registry for the chat a command came from; undefined where there is none. */
export type WebhookRegistryOf = (ctx: CommandContext) => Promise<WebhookService | undefined>;

/**
 * Group robots (消息推送/群机器人) are push-only: nobody can talk to them, so an admin registers
 * their webhook here (or with the CLI) and the weekly push goes there. Admin only, because the
 * URL carries the robot's key; the key is never echoed back in full. The WeCom platform adds this
 * command to every chat (Telegram's /webhook too).
 */
export function webhookCommand(registryOf: WebhookRegistryOf): Command {
  return {
    name: "webhook",
    aliases: ["推送群"],
    description: WEBHOOK_TEXT.command.description,
    usage: WEBHOOK_TEXT.command.usage,
    async run(ctx, args) {
      const webhooks = await registryOf(ctx);
      if (!webhooks) return textReply("error", WEBHOOK_TEXT.disabled);
      return manage(ctx, webhooks, args);
    },
  };
}

/**
 * A group admin manages the robots registered in that group; editors (in their private chat) and
 * the operator's console manage every one. In a group an editor sees only that group's robots
 * too: a list of every group's robots would be shown to everyone in it.
 */
function scopeOf(ctx: CommandContext): WebhookScope {
  const trusted = ctx.capabilities.operator || (ctx.isEditor && ctx.chat.type === "private");
  return trusted ? "all" : { chat: chatKey(ctx.chat.platform, ctx.chat.chatId) };
}

async function manage(ctx: CommandContext, webhooks: WebhookService, args: string): Promise<Reply> {
  const [sub = "", ...rest] = args.trim().split(/\s+/).filter(Boolean);
  const scope = scopeOf(ctx);
  try {
    switch (sub.toLowerCase()) {
      case "添加":
      case "登记":
      case "add":
        return await guarded(ctx, () => add(ctx, webhooks, rest, scope));
      case "删除":
      case "移除":
      case "remove":
        return await guarded(ctx, async () => {
          const name = rest[0];
          if (!name) return textReply("error", WEBHOOK_USAGE);
          return (await webhooks.remove(name, scope)) ? textReply("info", WEBHOOK_TEXT.removed(name)) : textReply("nomatch", WEBHOOK_TEXT.noSuch(name));
        });
      case "列表":
      case "list":
        return await guarded(ctx, async () => list(webhooks, scope));
      default:
        return textReply("info", WEBHOOK_USAGE);
    }
  } catch (err) {
    if (err instanceof UserInputError) return textReply("error", err.userMessage);
    throw err;
  }
}

/**
 * isAdmin() is always true in a private chat, and a private chat has no group to push to, so
 * there only editors and the operator (the console on the bot's own host) may manage robots.
 */
async function guarded(ctx: CommandContext, fn: () => Promise<Reply>): Promise<Reply> {
  if (ctx.chat.type === "private" && !ctx.capabilities.operator && !ctx.isEditor) return textReply("error", WEBHOOK_TEXT.groupOnly);
  if (!(await ctx.isAdmin())) return textReply("error", WEBHOOK_TEXT.notAdmin);
  return fn();
}

async function add(ctx: CommandContext, webhooks: WebhookService, rest: string[], scope: WebhookScope): Promise<Reply> {
  const [name, url, ...schedule] = rest;
  if (!name || !url || /^(https?:)?\/\//i.test(name)) return textReply("error", WEBHOOK_TEXT.missingName);
  const result = await webhooks.add(name, url, ctx.user, schedule.join(" ") || undefined, scope);
  const lines = [WEBHOOK_TEXT.registered(WEBHOOK_TEXT.change[result.change], result.webhook.name, result.webhook.redactedUrl)];
  if (result.subscription) {
    lines.push(WEBHOOK_TEXT.schedule(result.subscription.status.schedule.label));
  } else {
    lines.push(WEBHOOK_TEXT.noDigest);
  }
  return textReply("info", lines.join("\n"));
}

function list(webhooks: WebhookService, scope: WebhookScope): Reply {
  const all = webhooks.list(scope);
  if (all.length === 0) return textReply("info", WEBHOOK_TEXT.empty);
  const lines = all.map((w) => {
    const why = webhookErrorText(w.lastError);
    return WEBHOOK_TEXT.entry(w.name, w.redactedUrl, w.active ? WEBHOOK_TEXT.active : WEBHOOK_TEXT.inactive(why));
  });
  return textReply("info", [WEBHOOK_TEXT.listHead(all.length), ...lines].join("\n"));
}
