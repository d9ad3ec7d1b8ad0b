import { allCommands } from "../commands/index.ts";
import { createAnswerer } from "./answer/answerer.ts";
import { createRegistry } from "./commands/registry.ts";
import type { Config } from "./config.ts";
import { loadLibrary } from "./corpus/load.ts";
import type { Logger } from "./logger.ts";
import type { Services } from "./services.ts";
import { openStateStore, type StateStore } from "./store/state-store.ts";

/**
 * Builds the services every adapter shares. Pure wiring: nothing here starts listening.
 * main.ts (and the CLI) call this, then start whatever the config asks for.
 */
export async function buildServices(config: Config, _logger: Logger, store?: StateStore): Promise<Services> {
  const library = await loadLibrary(config.articlesDir);
  const answerer = createAnswerer(library);
  const registry = createRegistry(allCommands);
  return { library, answerer, registry, store: store ?? (await openStateStore(config.dbFile)) };
}
