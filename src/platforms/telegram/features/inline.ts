import { Composer } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import { renderCaseCard, shorten } from "../../../answer/cards.ts";
import type { Case } from "../../../corpus/types.ts";
import { link, para } from "../../../reply/build.ts";
import { sanitize } from "../../../safety/input.ts";
import type { BotContext, TelegramRuntime } from "../context.ts";
import { renderTelegram } from "../render.ts";
import { BASE_SEND_OPTIONS } from "../send.ts";
import { CARD_TEXT } from "../../../messages/catalog.ts";

export const INLINE_LIMIT = 10;

/** https://t.me/<bot>?start=case_<id>: opens the case in the private chat with the bot. */
export const deepLink = (botUsername: string, caseId: string): string => `https://t.me/${botUsername}?start=case_${caseId}`;

/**
 * Inline mode: `@bot 关键词` in any chat offers up to 10 case cards; an empty query offers the
 * newest cases. The ranking is the answerer's; a case id or unit name (what 分享 puts in the
 * query) puts that case first.
 */
export function inlineFeature(rt: TelegramRuntime): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("inline_query", async (ctx) => {
    const query = sanitize(ctx.inlineQuery.query);
    const cases = pickCases(rt, query);
    const results = cases.map((c) => caseResult(rt, c, ctx.me.username));
    await ctx.answerInlineQuery(results, { cache_time: query ? 300 : 60, is_personal: false });
  });
  return composer;
}

function pickCases(rt: TelegramRuntime, query: string): Case[] {
  const { library, answerer } = rt.services;
  if (!query) return library.cases.slice(0, INLINE_LIMIT);
  const exact = library.find(query);
  const ranked = answerer.ask(query, { limit: INLINE_LIMIT }).hits.map((h) => h.case);
  const all = exact ? [exact, ...ranked.filter((c) => c.id !== exact.id)] : ranked;
  return all.slice(0, INLINE_LIMIT);
}

function caseResult(rt: TelegramRuntime, c: Case, botUsername: string): InlineQueryResultArticle {
  const url = deepLink(botUsername, c.id);
  const card = renderCaseCard(c, rt.services.library.article(c.articleId), { practices: 2 });
  // The shared message stands alone in someone else's chat: no callback buttons, a link back instead.
  const snippet = { ...card, blocks: [...card.blocks, para(link(CARD_TEXT.viewInBot, url))], buttons: [] };
  const html = renderTelegram(snippet)[0]?.text ?? "";
  return {
    type: "article",
    id: c.id.slice(0, 64),
    title: `${c.unit} · ${c.headline}`,
    description: shorten(c.lead || c.headline, 100),
    input_message_content: { message_text: html, ...BASE_SEND_OPTIONS },
    reply_markup: { inline_keyboard: [[{ text: CARD_TEXT.fullText, url }], [{ text: CARD_TEXT.shareToGroup, switch_inline_query: c.id }]] },
  };
}
