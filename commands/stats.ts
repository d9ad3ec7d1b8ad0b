import type { Command, CommandContext } from "../src/dispatch/types.ts";
import { caseTitle } from "../src/answer/cards.ts";
import { commandWord } from "../src/dispatch/registry.ts";
import { formatTime } from "../src/digest/schedule.ts";
import { targetOf } from "../src/digest/service-types.ts";
import { textReply } from "../src/reply/build.ts";
import type { Reply } from "../src/reply/types.ts";
import { parseStatsArgs } from "../src/stats/command-text.ts";
import { COMMAND_TEXT, STATS_TEXT } from "../src/messages/catalog.ts";
import { EDITOR_DIGEST, EDITOR_DIGEST_CRON } from "../src/stats/editor-digest.ts";
import { renderStatsPage } from "../src/stats/render.ts";
import { buildReport } from "../src/stats/report.ts";

export const stats: Command = {
  name: "stats",
  aliases: ["统计"],
  description: COMMAND_TEXT.stats.description,
  usage: COMMAND_TEXT.stats.usage,
  async run(ctx, args) {
    if (!ctx.isEditor) return textReply("error", STATS_TEXT.notEditor);
    // Others in a group would read everyone's questions; the console's operator is alone at the terminal.
    if (ctx.chat.type !== "private" && !ctx.capabilities.operator) return textReply("error", STATS_TEXT.privateOnly);
    const log = ctx.services.questions;
    if (!log) return textReply("info", STATS_TEXT.disabled);
    const parsed = parseStatsArgs(args);
    if (parsed.kind === "usage") return textReply("info", STATS_TEXT.usage(commandWord(ctx, "stats")));
    if (parsed.kind !== "show") return editorDigest(ctx, parsed.kind);
    const { library } = ctx.services;
    const { timezone } = await digestZone(ctx);
    const report = buildReport(log.entries(), { now: ctx.now(), days: parsed.days, timezone });
    return renderStatsPage(report, {
      page: parsed.page,
      titleOf: (id) => {
        const c = library.byId(id);
        return c && caseTitle(c);
      },
      argsFor: (page) => `${parsed.days} p${page}`,
    });
  },
};

/** The zone days are counted in: the digest's default (DIGEST_TZ), UTC where no digest runs. */
async function digestZone(ctx: CommandContext): Promise<{ timezone: string }> {
  const { digest } = await ctx.services.stateful;
  return { timezone: digest?.parseSchedule(undefined).timezone ?? "UTC" };
}

/** `/stats 订阅` and `/stats 退订`: the editor's weekly statistics, through the digest's outbox. */
async function editorDigest(ctx: CommandContext, kind: "subscribe" | "unsubscribe"): Promise<Reply> {
  const { digest } = await ctx.services.stateful;
  if (!digest) return textReply("error", STATS_TEXT.digestDisabled);
  const target = targetOf(ctx.chat);
  if (kind === "unsubscribe") return textReply("info", (await digest.unsubscribe(target, EDITOR_DIGEST)) ? STATS_TEXT.unsubscribed : STATS_TEXT.notSubscribed);
  const { status, change } = await digest.subscribe({
    target,
    by: { id: ctx.user.id },
    scheduleText: EDITOR_DIGEST_CRON,
    title: ctx.chat.title,
    content: EDITOR_DIGEST,
  });
  const text = change === "unchanged" ? STATS_TEXT.alreadySubscribed : STATS_TEXT.subscribed;
  return textReply("info", text(formatTime(status.nextRun, status.schedule.timezone)));
}
