import { GrammyError, HttpError } from "grammy";
import type { Logger } from "../../logger.ts";
import { abortableSleep, type AbortableSleep } from "../../net/sleep.ts";
import { describeHttpError } from "./network-retry.ts";

export interface WaitForApiOptions {
  logger: Logger;
  /** Shown in the log line, so the operator sees which server the bot waits for. */
  apiRoot: string;
  /** The call being waited on, for the log ("getMe"). */
  what: string;
  sleep?: AbortableSleep;
  signal?: AbortSignal;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/** Thrown when the process is stopped before the API ever answered. */
export class StoppedWaitingError extends Error {
  override name = "StoppedWaitingError";
}

/**
 * Start-up against a Bot API that does not answer (network down, a self-hosted server not up
 * yet): instead of hanging silently, say what we wait for and try again with growing back-off
 * (2 s, 4 s … up to a minute), for as long as it takes or until `signal` aborts. Only failures
 * in transit and 5xx answers are waited out; anything else (401: a bad token) is thrown at once.
 */
export async function waitForApi<T>(call: () => Promise<T>, opts: WaitForApiOptions): Promise<T> {
  const sleep = opts.sleep ?? abortableSleep;
  let delay = opts.firstDelayMs ?? 2_000;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new StoppedWaitingError("telegram: stopped while waiting for the Bot API");
    try {
      return await call();
    } catch (err) {
      const transient = err instanceof HttpError || (err instanceof GrammyError && err.error_code >= 500);
      if (!transient) throw err;
      opts.logger.warn(
        { apiRoot: opts.apiRoot, attempt, retryInMs: delay, error: err instanceof HttpError ? describeHttpError(err) : (err as Error).message },
        `telegram: waiting for the Bot API (${opts.what} failed); retrying`,
      );
      await sleep(delay, opts.signal);
      delay = Math.min(opts.maxDelayMs ?? 60_000, delay * 2);
    }
  }
}
