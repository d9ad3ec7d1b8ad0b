import { HttpError, type Transformer } from "grammy";
import type { Logger } from "../../logger.ts";
import { abortableSleep, type AbortableSleep } from "../../net/sleep.ts";

/**
 * Network failures of Bot API calls (grammY's HttpError: refused, reset, timed out), bounded and
 * visible. @grammyjs/auto-retry retries an HttpError forever with back-off up to an hour and only
 * debug output (its maxRetryAttempts counts error *responses*, not failures in transit), so the bot
 * sets its rethrowHttpErrors and this transformer takes over:
 * - a call is tried `attempts` times, waiting 1 s, 2 s … between tries, each logged at warn —
 *   but a call that is not safe to repeat (sendMessage …) only when the failure proves the request
 *   never reached the server (connection refused, no route, DNS): after a timeout or a reset it may
 *   have been delivered, and repeating it would send the push twice;
 * - then it fails, and the API counts as down (unless the failure was one reset connection, see
 *   connectionReset): later calls fail at once without a request (a
 *   push to thousands of chats must not wait out the back-off for each), except one probe per
 *   `coolDownMs`; when a call succeeds again that is logged too.
 * Aborted calls (shutdown, runner stop) are never retried, and the waits end on abort.
 */
const REMIND_MS = 60_000;
/** Calls that change nothing, or set a state (so repeating them is harmless). */
const REPEATABLE = /^(get|setMyCommands$|setWebhook$|deleteWebhook$)/;
/** System errors raised before a byte of the request left: repeating cannot double anything. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "EADDRNOTAVAIL"]);

function neverSent(err: HttpError): boolean {
  const code = (err.error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && NOT_SENT.has(code);
}

/**
 * One connection closed under a call (ECONNRESET, "socket hang up"): typically a kept-alive socket
 * the server dropped while this process was busy, not a server out of reach. The call fails, but
 * the API is not marked down: otherwise the next calls (an editor's report, the apology) would fail
 * fast for the cool-down without a request.
 */
function connectionReset(err: HttpError): boolean {
  const cause = err.error as { code?: unknown; message?: unknown } | undefined;
  return cause?.code === "ECONNRESET" || (typeof cause?.message === "string" && /socket hang up/i.test(cause.message));
}

export interface NetworkRetryOptions {
  logger: Logger;
  attempts?: number;
  firstDelayMs?: number;
  coolDownMs?: number;
  sleep?: AbortableSleep;
  clock?: () => number;
}

export function networkRetry(opts: NetworkRetryOptions): Transformer {
  const { logger } = opts;
  const attempts = opts.attempts ?? 3;
  const firstDelayMs = opts.firstDelayMs ?? 1000;
  const coolDownMs = opts.coolDownMs ?? 10_000;
  const sleep = opts.sleep ?? abortableSleep;
  const clock = opts.clock ?? Date.now;
  let downSince: number | undefined;
  let lastProbe = 0;
  let lastWarn = 0;

  return async (prev, method, payload, signal) => {
    if (downSince !== undefined) {
      if (clock() - lastProbe < coolDownMs)
        throw new HttpError(`Network request for '${method}' failed! (Bot API unreachable since ${new Date(downSince).toISOString()})`, undefined);
      lastProbe = clock();
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await prev(method, payload, signal);
        if (downSince !== undefined) logger.info({ method, downForMs: clock() - downSince }, "telegram: Bot API reachable again");
        downSince = undefined;
        return result;
      } catch (err) {
        if (!(err instanceof HttpError) || signal?.aborted) throw err;
        const detail = { method, attempt, error: describeHttpError(err) };
        if (downSince !== undefined || attempt >= attempts || !(REPEATABLE.test(method) || neverSent(err))) {
          if (downSince === undefined && connectionReset(err)) {
            logger.warn(detail, "telegram: connection reset under a Bot API call; giving up on this call (not counted as an outage)");
            throw err;
          }
          if (downSince === undefined) {
            logger.warn(detail, "telegram: Bot API unreachable; giving up on this call (later calls fail fast until it answers)");
            downSince = lastWarn = clock();
          } else if (clock() - lastWarn >= REMIND_MS) {
            // A long outage stays visible: a reminder a minute, not a line per failed call.
            logger.warn({ ...detail, downForMs: clock() - downSince }, "telegram: Bot API still unreachable");
            lastWarn = clock();
          }
          lastProbe = clock();
          throw err;
        }
        const retryInMs = firstDelayMs * 2 ** (attempt - 1);
        logger.warn({ ...detail, retryInMs }, "telegram: Bot API request failed in transit; retrying");
        await sleep(retryInMs, signal as AbortSignal | undefined);
        if (signal?.aborted) throw err;
      }
    }
  };
}

/** grammY's message plus the underlying cause (ECONNREFUSED, timeout); the logger scrubs tokens. */
export function describeHttpError(err: HttpError): string {
  const cause = err.error instanceof Error ? err.error.message : undefined;
  return cause ? `${err.message} ${cause}` : err.message;
}
