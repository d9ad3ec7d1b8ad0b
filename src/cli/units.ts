import { LEVEL_LABEL } from "../corpus/units.ts";
import { openSearch } from "./context.ts";
import { EXIT_OK, EXIT_USAGE, parseFlags, writeLine, type CliCommand } from "./types.ts";

export const unitsCli: CliCommand = {
  name: "units",
  usage: "units [--json]",
  summary: "列出全部单位：编号、单位、级别、标题",
  async run(args, io) {
    const { flags, rest, unknown } = parseFlags(args, ["--json"]);
    if (unknown.length || rest.length) {
      writeLine(io.stderr, `usage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const { library } = await openSearch(io);
    if (flags.has("--json")) {
      const rows = library.cases.map((c) => ({ id: c.id, unit: c.unit, place: c.place, level: c.level, headline: c.headline, articleId: c.articleId }));
      writeLine(io.stdout, JSON.stringify(rows));
    } else {
      for (const c of library.cases) writeLine(io.stdout, [c.id, c.unit, LEVEL_LABEL[c.level], c.headline].join("\t"));
    }
    return EXIT_OK;
  },
};
