import { cacheDirOf, scanLibrary } from "../corpus/scan-articles.ts";
import { LEVEL_LABEL } from "../corpus/units.ts";
import { openSearch } from "./context.ts";
import { EXIT_OK, EXIT_USAGE, parseFlags, writeLine, type CliCommand } from "./types.ts";
import { CLI_COMMANDS } from "../messages/cli.ts";

/**
 * Every unit with its cases, newest first. --json has one row per unit section (a unit named
 * under three topics of a digest has three rows with the same id), each with its newsletter
 * (`sourceFile`, as ingested) and date (`publishedAt`); `headline` is null where the layout has none.
 * A file kept as a duplicate of another (the same text under another name or encoding) lists the
 * original's rows again under its own name, with `duplicateOf` — the same case ids, no new cases.
 */
export const unitsCli: CliCommand = {
  name: "units",
  usage: CLI_COMMANDS.units.usage,
  summary: CLI_COMMANDS.units.summary,
  async run(args, io) {
    const { flags, rest, unknown } = parseFlags(args, ["--json"]);
    if (unknown.length || rest.length) {
      writeLine(io.stderr, `usage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const { library, config } = await openSearch(io);
    const cases = library.units.flatMap((u) => u.cases);
    if (flags.has("--json")) {
      const rowsOf = (sourceFile: string | null, duplicateOf?: string) =>
        cases.flatMap((c) => {
          const article = library.article(c.articleId);
          if (duplicateOf !== undefined && article?.sourceFile !== duplicateOf) return [];
          const common = {
            id: c.id,
            unit: c.unit,
            unitKey: c.unitKey,
            place: c.place,
            level: c.level,
            articleId: c.articleId,
            sourceFile: sourceFile ?? article?.sourceFile ?? null,
            publishedAt: article?.publishedAt ?? null,
          };
          return c.sections.map((s, i) => ({
            ...common,
            headline: s.headline || (c.sections.length === 1 ? c.headline : "") || null,
            topics: s.topics,
            section: i,
            ...(duplicateOf ? { duplicateOf } : {}),
          }));
        });
      const { sources } = await scanLibrary(config.articlesDir, { cacheDir: cacheDirOf(config.dataDir), write: false });
      const duplicates = sources.filter((s) => s.duplicateOf).flatMap((s) => rowsOf(s.file, s.duplicateOf));
      writeLine(io.stdout, JSON.stringify([...rowsOf(null), ...duplicates]));
    } else {
      for (const c of cases) {
        const article = library.article(c.articleId);
        writeLine(io.stdout, [c.id, c.unit, LEVEL_LABEL[c.level], c.headline, article?.publishedAt?.slice(0, 10) ?? "", article?.sourceFile ?? ""].join("\t"));
      }
    }
    return EXIT_OK;
  },
};
