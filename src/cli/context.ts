import { openAnswering } from "../answer/open.ts";
import { loadConfig, secretKeys, type Config } from "../config/config.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import type { Answerer } from "../answer/types.ts";
import { createLogger, type Logger } from "../logger.ts";
import { PLATFORMS } from "../platforms/index.ts";
import type { PlatformAdapter } from "../platforms/types.ts";
import type { CliIO } from "./types.ts";

export interface CliContext {
  config: Config;
  logger: Logger;
  /** Every platform the bot can run (src/platforms/index.ts): the CLI is its own composition root. */
  platforms: readonly PlatformAdapter[];
}

/**
 * Config and a logger for a CLI command; throws ConfigError with the variable to fix. Logs go to
 * the command's stderr (stdout carries only the requested output), so a caller running the CLI
 * in-process sees them where a shell would.
 */
export function cliContext(io: CliIO): CliContext {
  const config = loadConfig(io.env, PLATFORMS);
  return { config, logger: createLogger(config.logLevel, io.stderr, secretKeys(PLATFORMS)), platforms: PLATFORMS };
}

/** What read-only commands need: the corpus and its search index, nothing that listens or writes. */
export async function openSearch(io: CliIO): Promise<CliContext & { library: CaseLibrary; answerer: Answerer }> {
  const ctx = cliContext(io);
  return { ...ctx, ...(await openAnswering(ctx.config, ctx.logger)) };
}
