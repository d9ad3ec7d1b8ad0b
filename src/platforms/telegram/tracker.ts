import type { Middleware, Transformer } from "grammy";
import type { Update } from "grammy/types";
import { createInFlight } from "../in-flight.ts";
import type { BotContext } from "./context.ts";

/**
 * Knows which updates were received and not yet fully handled, so shutdown can wait for them.
 * The runner acknowledges a batch to Telegram (next getUpdates offset) while still working on it,
 * so stopping the runner alone could drop acknowledged updates; waiting here closes that gap.
 */
export interface UpdateTracker {
  /** Records update ids as getUpdates returns them (install on bot.api). */
  transformer: Transformer;
  /** Marks an update in flight until its middleware chain settles (install first). */
  middleware: Middleware<BotContext>;
  /** Highest update id received, if any. */
  readonly lastFetched: number | undefined;
  readonly inFlight: number;
  /** Resolves when every received update has been handled, or after `timeoutMs` (returns false). */
  drain(timeoutMs: number): Promise<boolean>;
  /** Stop recording (the final confirming getUpdates must not count as new work). */
  close(): void;
}

export function createUpdateTracker(): UpdateTracker {
  const pending = createInFlight<number>();
  let lastFetched: number | undefined;
  let closed = false;

  return {
    transformer: async (prev, method, payload, signal) => {
      const res = await prev(method, payload, signal);
      if (method === "getUpdates" && res.ok && !closed) {
        for (const u of res.result as Update[]) {
          pending.begin(u.update_id);
          lastFetched = Math.max(lastFetched ?? u.update_id, u.update_id);
        }
      }
      return res;
    },
    middleware: async (ctx, next) => {
      const id = ctx.update.update_id;
      pending.begin(id);
      try {
        await next();
      } finally {
        pending.end(id);
      }
    },
    get lastFetched() {
      return lastFetched;
    },
    get inFlight() {
      return pending.size;
    },
    drain: (timeoutMs) => pending.drain(timeoutMs),
    close() {
      closed = true;
    },
  };
}
