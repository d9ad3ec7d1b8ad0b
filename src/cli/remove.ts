import { resolve } from "node:path";
import { createCollection } from "../corpus/collection.ts";
import { formatRemoveReport, librarySummary } from "../corpus/report.ts";
import { saveIndex } from "./ingest.ts";
import { UserInputError } from "../errors.ts";
import { cliContext } from "./context.ts";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseFlags, writeLine, type CliCommand } from "./types.ts";
import { CLI_COMMANDS } from "../messages/cli.ts";

/**
 * `remove <article id|file name>…` takes newsletters out of the library: the original moves
 * from the articles directory to DATA_DIR/removed/ (nothing is deleted) and the cache is
 * updated. Exit 1 when a name matches no article (or several).
 */
export const removeCli: CliCommand = {
  name: "remove",
  usage: CLI_COMMANDS.remove.usage,
  summary: CLI_COMMANDS.remove.summary,
  async run(args, io) {
    const { rest, unknown } = parseFlags(args, []);
    if (unknown.length || rest.length === 0) {
      writeLine(io.stderr, `usage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const { config, logger } = cliContext(io);
    const collection = createCollection({ articlesDir: resolve(config.articlesDir), dataDir: resolve(config.dataDir), logger });
    let failed = 0;
    for (const q of rest) {
      try {
        writeLine(io.stdout, formatRemoveReport(await collection.removeDocument(q)));
      } catch (err) {
        if (!(err instanceof UserInputError)) throw err;
        writeLine(io.stderr, err.userMessage);
        failed++;
      }
    }
    const scan = await collection.scan();
    await saveIndex(config, scan, io);
    writeLine(io.stdout, `${librarySummary(scan)} → ${collection.cacheDir}`);
    return failed ? EXIT_FAILED : EXIT_OK;
  },
};
