import { loadConfig, type Config } from "./config.ts";
import { CasebotError } from "./errors.ts";
import { createLogger } from "./logger.ts";

/** The process around the composition root (app.ts startApp): config, signals, exit codes. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const logger = createLogger(config.logLevel);
  // Loaded once the environment is known to be valid, so a bad variable is reported at once.
  const { startApp } = await import("./app.ts");
  const app = await startApp(config, logger);

  const stop = once(async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await app.stop();
    process.exit(0);
  });
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  if (app.finished) {
    await app.finished;
    await stop("console closed");
  }
}

function once<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let started: Promise<void> | undefined;
  return (...args) => (started ??= fn(...args));
}

main().catch((err: unknown) => {
  const message = err instanceof CasebotError ? err.message : (err as Error)?.stack ?? String(err);
  process.stderr.write(`casebot failed to start: ${message}\n`);
  process.exit(1);
});
