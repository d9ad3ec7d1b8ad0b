import { JSONFile } from "lowdb/node";
import { caseTitle } from "../answer/cards.ts";
import { cacheDirOf, openLibrary } from "../corpus/scan-articles.ts";
import { CorpusError } from "../errors.ts";
import { renderPlain } from "../reply/plain.ts";
import { DEFAULT_DAYS, MAX_DAYS } from "../stats/command-text.ts";
import { renderStatsPage, STATS_PAGES } from "../stats/render.ts";
import { buildReport } from "../stats/report.ts";
import type { QuestionData } from "../store/question-log.ts";
import { cliContext } from "./context.ts";
import { EXIT_OK, EXIT_USAGE, parseFlags, writeLine, type CliCommand } from "./types.ts";
import { CLI_COMMANDS } from "../messages/cli.ts";

const USAGE = "usage: npm run -s cli -- stats [--days N] [--json]   (N: 1–3650, default 7)";

/**
 * `stats`: the figures /stats shows, for the last N days (in DIGEST_TZ), as text or one JSON object
 * (the report, each case with its title). Reads $DATA_DIR/questions.json and writes nothing, so it
 * can run next to the bot.
 */
export const statsCli: CliCommand = {
  name: "stats",
  usage: CLI_COMMANDS.stats.usage,
  summary: CLI_COMMANDS.stats.summary,
  async run(args, io) {
    const at = args.indexOf("--days");
    const daysText = at >= 0 ? args[at + 1] : undefined;
    const rest = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
    const { flags, rest: positional, unknown } = parseFlags(rest, ["--json"]);
    const days = daysText === undefined ? DEFAULT_DAYS : Number(daysText);
    if (unknown.length || positional.length || !Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
      writeLine(io.stderr, USAGE);
      return EXIT_USAGE;
    }
    const { config, logger } = cliContext(io);
    if (!config.stats.enabled) logger.warn("STATS=off: the bot logs nothing; showing what an earlier run logged");
    // Titles only: without a library the figures are still right, cases are listed by id.
    const noLibrary = (err: unknown) => {
      if (!(err instanceof CorpusError)) throw err;
      logger.warn({ err: err.message }, "stats: no library; cases are shown by id");
      return undefined;
    };
    const [data, library] = await Promise.all([
      new JSONFile<QuestionData>(config.stats.file).read(),
      openLibrary(config.articlesDir, cacheDirOf(config.dataDir)).then((r) => r.library, noLibrary),
    ]);
    const report = buildReport(data?.entries ?? [], { now: new Date(), days, timezone: config.digest.timezone });
    const titleOf = (id: string) => {
      const c = library?.byId(id);
      return c && caseTitle(c);
    };
    if (flags.has("--json")) {
      const withTitle = <T extends { caseId: string }>(c: T) => ({ ...c, title: titleOf(c.caseId) ?? null });
      writeLine(io.stdout, JSON.stringify({ ...report, cases: report.cases.map(withTitle), rated: report.rated.map(withTitle) }));
      return EXIT_OK;
    }
    const pages = STATS_PAGES.map((_, i) => renderStatsPage(report, { page: i + 1, titleOf, argsFor: () => "" }));
    writeLine(io.stdout, pages.map((p) => renderPlain({ ...p, buttons: [] })).join("\n\n"));
    return EXIT_OK;
  },
};
