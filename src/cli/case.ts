import { renderFullCase, renderUnitCases } from "../answer/cards.ts";
import { renderPlain } from "../reply/plain.ts";
import { openSearch } from "./context.ts";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseFlags, writeLine, type CliCommand } from "./types.ts";
import { CLI_COMMANDS, CLI_TEXT } from "../messages/cli.ts";

export const caseCli: CliCommand = {
  name: "case",
  usage: CLI_COMMANDS.case.usage,
  summary: CLI_COMMANDS.case.summary,
  async run(args, io) {
    const { flags, rest, unknown } = parseFlags(args, ["--json"]);
    const key = rest.join(" ").trim();
    if (unknown.length || !key) {
      writeLine(io.stderr, `usage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const { library } = await openSearch(io);
    const byId = library.byId(key);
    const all = byId ? [byId] : library.casesOf(key);
    if (all.length === 0) {
      writeLine(io.stderr, CLI_TEXT.noCase(key));
      return EXIT_FAILED;
    }
    // A unit with cases in several newsletters: the list (newest first); one case: the case itself.
    if (flags.has("--json")) writeLine(io.stdout, JSON.stringify(all.length === 1 ? all[0] : { unit: all[0]!.unit, cases: all }));
    else
      writeLine(
        io.stdout,
        renderPlain(all.length === 1 ? renderFullCase(all[0]!, library.article(all[0]!.articleId)) : renderUnitCases(all, library), { buttons: false }),
      );
    return EXIT_OK;
  },
};
