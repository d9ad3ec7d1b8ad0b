import { GrammyError, HttpError, type BotError } from "grammy";
import { CasebotError, SOMETHING_WENT_WRONG } from "../../../errors.ts";
import { notice } from "../notice.ts";
import type { Logger } from "../../../logger.ts";
import type { BotContext } from "../context.ts";

export { SOMETHING_WENT_WRONG };

/**
 * The one error boundary: logs the failure with its update id (tokens are scrubbed by the
 * logger) and tells the user something went wrong, without details. Errors that carry a
 * user-facing message (CasebotError.userMessage, e.g. a permission refusal) show that instead.
 */
export function errorBoundary(logger: Logger): (err: BotError<BotContext>) => Promise<void> {
  return async (err) => {
    const ctx = err.ctx;
    const cause = err.error;
    const updateId = ctx.update.update_id;
    if (cause instanceof CasebotError) logger.warn({ update_id: updateId, err: cause }, "telegram: update refused");
    else logger.error({ update_id: updateId, err: cause, ...apiDetails(cause) }, "telegram: update failed");

    const text = cause instanceof CasebotError ? cause.userMessage : SOMETHING_WENT_WRONG;
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
