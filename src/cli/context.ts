import { openAnswering } from "../answer/open.ts";
import { loadConfig, type Config } from "../config.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import type { Answerer } from "../answer/types.ts";
import { createLogger, type Logger } from "../logger.ts";
import type { CliIO } from "./types.ts";

export interface CliContext {
  config: Config;
  logger: Logger;
}

/** Config and a stderr logger for a CLI command; throws ConfigError with the variable to fix. */
export function cliContext(io: CliIO): CliContext {
  const config = loadConfig(io.env);
  return { config, logger: createLogger(config.logLevel) };
}

/** What read-only commands need: the corpus and its search index, nothing that listens or writes. */
export async function openSearch(io: CliIO): Promise<CliContext & { library: CaseLibrary; answerer: Answerer }> {
  const ctx = cliContext(io);
  return { ...ctx, ...(await openAnswering(ctx.config, ctx.logger)) };
}
