import { Composer } from "grammy";
import { answerText, type BotContext, type TelegramRuntime } from "../context.ts";

/**
 * `/cmd` and `/cmd@us` in any chat; deep links arrive here as `/start case_<id>`. Commands for
 * other bots and unknown bare commands in groups were already filtered out by decode.addressed.
 */
export function commandsFeature(rt: TelegramRuntime): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("message:text").filter(
    (ctx) => ctx.casebot.addressed?.kind === "command",
    async (ctx) => answerText(ctx, rt, ctx.casebot.addressed?.text ?? ""),
  );
  return composer;
}
