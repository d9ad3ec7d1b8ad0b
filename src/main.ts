import { loadConfig, secretKeys, type Config } from "./config/config.ts";
import { loadEnvFile } from "./config/env-file.ts";
import { CasebotError } from "./errors.ts";
import { createProcessLogger } from "./logger.ts";
import { PLATFORMS } from "./platforms/index.ts";
import { createShutdown } from "./app/shutdown.ts";

/** The process around the composition root (app/start.ts startApp): config, signals, exit codes. */
async function main(): Promise<void> {
  let config: Config;
  try {
    loadEnvFile();
    config = loadConfig(process.env, PLATFORMS);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const chatOnTerminal = PLATFORMS.some((p) => p.usesTerminal && config.platforms[p.name] !== undefined);
  const logger = createProcessLogger({ level: config.logLevel, file: config.logFile, chatOnTerminal, secretKeys: secretKeys(PLATFORMS) });
  // Signals are handled from the start: start-up may wait a long time for an unreachable API.
  const shutdown = createShutdown({ logger, exit: (code) => process.exit(code) });
  process.once("SIGINT", () => void shutdown.request("SIGINT"));
  process.once("SIGTERM", () => void shutdown.request("SIGTERM"));
  // Loaded once the environment is known to be valid, so a bad variable is reported at once.
  const { startApp } = await import("./app/start.ts");
  const app = await startApp(config, logger);
  shutdown.ready(() => app.stop());

  if (app.finished) {
    await app.finished;
    await shutdown.request("console closed");
  }
}

main().catch((err: unknown) => {
  const message = err instanceof CasebotError ? err.message : (err as Error)?.stack ?? String(err);
  process.stderr.write(`casebot failed to start: ${message}\n`);
  process.exit(1);
});
