import { cacheDirOf, openLibrary } from "../corpus/scan-articles.ts";
import type { PlatformAdapter, PlatformCliCommand } from "../platforms/types.ts";
import { closeStateful, openStateful } from "../app/stateful.ts";
import { cliContext } from "./context.ts";
import type { CliCommand } from "./types.ts";

/** A platform's subcommand as a CliCommand: run with its section, the logger and the state on demand. */
export function platformCli(adapter: Pick<PlatformAdapter, "name">, command: PlatformCliCommand<unknown>): CliCommand {
  return {
    name: command.name,
    usage: command.usage,
    summary: command.summary,
    run(args, io) {
      const { config, logger } = cliContext(io);
      return command.run(args, io, {
        section: config.platforms[adapter.name],
        logger,
        async openStateful() {
          const { library } = await openLibrary(config.articlesDir, cacheDirOf(config.dataDir));
          const stateful = await openStateful(config, logger, library);
          return { stateful, close: () => closeStateful(stateful) };
        },
      });
    },
  };
}
