import { GrammyError, HttpError, type BotError } from "grammy";
import { CasebotError, userMessageOf } from "../../../errors.ts";
import { notice } from "../notice.ts";
import type { Logger } from "../../../logger.ts";
import type { BotContext } from "../context.ts";

/**
 * The one error handler, for grammY's errorBoundary (bot.ts): logs the failure with its update id
 * (tokens are scrubbed by the logger) and tells the user what src/errors.ts userMessageOf says: a
 * refusal's own message, or the apology without details.
 */
export function reportUpdateError(logger: Logger): (err: BotError<BotContext>) => Promise<void> {
  return async (err) => {
    const ctx = err.ctx;
    const cause = err.error;
    const updateId = ctx.update.update_id;
    if (cause instanceof CasebotError) logger.warn({ update_id: updateId, err: cause }, "telegram: update refused");
    else logger.error({ update_id: updateId, err: cause, ...apiDetails(cause) }, "telegram: update failed");

    const text = userMessageOf(cause);
    try {
      await notice(ctx, text, 0);
    } catch (replyErr) {
      logger.warn({ update_id: updateId, err: replyErr }, "telegram: could not tell the user about the failure");
    }
  };
}

function apiDetails(err: unknown): Record<string, unknown> {
  if (err instanceof GrammyError) return { method: err.method, error_code: err.error_code, description: err.description };
  if (err instanceof HttpError) return { network: true };
  return {};
}
