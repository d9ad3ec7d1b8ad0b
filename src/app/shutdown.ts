import type { Logger } from "../logger.ts";

/**
 * SIGTERM/SIGINT handling with a deadline. A graceful stop (scheduler, then each platform: in-flight
 * updates, the last offset) normally takes well under a second, but with the Bot API or WeCom gone
 * any step may hang on the network; after `deadlineMs` the process exits anyway (code 1, logged),
 * so a supervisor's stop always finishes within 5 s. A signal during start-up (for instance while
 * waiting for an unreachable API) exits at once: nothing has been acknowledged yet, and state
 * writes are atomic renames.
 */
export interface ShutdownDeps {
  logger: Logger;
  exit(code: number): void;
  deadlineMs?: number;
  setTimer?: (fn: () => void, ms: number) => { unref(): void };
}

export interface Shutdown {
  /** The app is up: a later signal stops it through `stop`. */
  ready(stop: () => Promise<void>): void;
  /** A signal (or the console closing): stop gracefully within the deadline, then exit. */
  request(reason: string): Promise<void>;
}

export const STOP_DEADLINE_MS = 4_000;

export function createShutdown(deps: ShutdownDeps): Shutdown {
  const { logger } = deps;
  const deadlineMs = deps.deadlineMs ?? STOP_DEADLINE_MS;
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  let stop: (() => Promise<void>) | undefined;
  let started: Promise<void> | undefined;
  let exited = false;
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    deps.exit(code);
  };

  return {
    ready(fn) {
      stop = fn;
    },
    request(reason) {
      return (started ??= (async () => {
        if (!stop) {
          logger.info({ signal: reason }, "shutting down during start-up");
          return exit(0);
        }
        logger.info({ signal: reason }, "shutting down");
        setTimer(() => {
          logger.warn({ deadlineMs }, `shutdown: still stopping after ${deadlineMs} ms; exiting now`);
          exit(1);
        }, deadlineMs);
        try {
          await stop();
        } catch (err) {
          logger.error({ err }, "shutdown: stop failed");
        }
        exit(0);
      })());
    },
  };
}
