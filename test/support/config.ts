import { loadConfig as load, type Config, type ConfigurablePlatform } from "../../src/config/config.ts";
import { PLATFORMS } from "../../src/platforms/index.ts";

/** loadConfig as src/main.ts calls it: with every platform, unless a test hands in its own list. */
export function loadConfig(env: NodeJS.ProcessEnv, platforms: readonly ConfigurablePlatform[] = PLATFORMS): Config {
  return load(env, platforms);
}
