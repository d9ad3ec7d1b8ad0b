import { startServices } from "./app.ts";
import { loadConfig, type Config } from "./config.ts";
import { CasebotError } from "./errors.ts";
import { createLogger } from "./logger.ts";
import { runConsole } from "./platforms/console/console.ts";
import type { RunningPlatform } from "./platforms/types.ts";

/** The composition root: config → services → platforms (+ scheduler), and graceful shutdown. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const logger = createLogger(config.LOG_LEVEL);
  // The console answers as soon as the corpus is indexed; everything else waits for the full services.
  const { services, complete } = await startServices(config, logger);
  const consoleDone = config.console ? runConsole({ services, logger }) : undefined;
  await complete;
  logger.info({ cases: services.library.cases.length, articles: services.library.articles.length }, "corpus loaded");

  const running: RunningPlatform[] = [];
  // Platforms are imported only when configured: the console default starts without loading them.
  if (config.telegram) {
    const { startTelegram } = await import("./platforms/telegram/index.ts");
    running.push(await startTelegram({ config, logger, services }));
  }
  if (config.wecomBot || config.wecomCallback) {
    const { startWecom } = await import("./platforms/wecom/index.ts");
    running.push(await startWecom({ config, logger, services }));
  }
  // The weekly push: resume unfinished periods, catch up missed ones, then push on schedule.
  const { botChannels } = await import("./digest/wire.ts"); // already loaded by startServices
  const channels = await botChannels(config, logger, services, running.flatMap((p) => p.channels));
  const scheduler = services.digest?.startScheduler(channels);

  const stop = once(async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await scheduler?.stop().catch((err: unknown) => logger.error({ err }, "digest scheduler stop failed"));
    for (const p of running.reverse()) await p.stop().catch((err: unknown) => logger.error({ err, platform: p.name }, "stop failed"));
    process.exit(0);
  });
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  if (consoleDone) {
    await consoleDone;
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
