import { resolve } from "node:path";
import { createCollection } from "../corpus/collection.ts";
import { parseEdit, type Edit } from "../corpus/corrections/edit.ts";
import { EDIT_TEXT } from "../messages/corrections.ts";
import { formatIngestReport } from "../corpus/report.ts";
import { UserInputError } from "../errors.ts";
import { cliContext } from "./context.ts";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, writeLine, type CliCommand } from "./types.ts";
import { CLI_COMMANDS } from "../messages/cli.ts";
import { COLLECTION_TEXT } from "../messages/reports.ts";

/** How the usage text names this command. */
export const CORRECT_HOW = "npm run -s cli -- correct";

/**
 * `correct <文章> [查看|改名|合并|移动|撤销 …]`: the editors' corrections of what the parser
 * understood of one document (corrections/edit.ts has the grammar). Each change is stored beside
 * the document, the document is re-read, and its report — units with their numbered passages,
 * the corrections and whether each still applies — is printed. A running bot on the same
 * DATA_DIR picks the change up like any other change to the articles directory.
 * Exit 1 when the document, unit or passage named is not there; 2 for a usage error.
 */
export const correctCli: CliCommand = {
  name: "correct",
  usage: CLI_COMMANDS.correct.usage,
  summary: CLI_COMMANDS.correct.summary,
  async run(args, io) {
    if (args[0] === "--help" || args[0] === "-h") {
      writeLine(io.stdout, EDIT_TEXT.usage(CORRECT_HOW));
      return EXIT_OK;
    }
    const [doc, ...words] = args;
    let edit: Edit;
    try {
      if (doc === undefined) throw new UserInputError(COLLECTION_TEXT.askDocument);
      edit = parseEdit(words);
    } catch (err) {
      if (!(err instanceof UserInputError)) throw err;
      writeLine(io.stderr, `${err.userMessage}\nusage: ${this.usage}\n${EDIT_TEXT.usage(CORRECT_HOW)}`);
      return EXIT_USAGE;
    }
    const { config, logger } = cliContext(io);
    const collection = createCollection({ articlesDir: resolve(config.articlesDir), dataDir: resolve(config.dataDir), logger });
    try {
      if (edit.kind === "list") {
        writeLine(io.stdout, formatIngestReport([(await collection.document(doc)).article]));
        return EXIT_OK;
      }
      const report = await collection.correct(doc, edit, { by: "cli", now: new Date() });
      writeLine(io.stdout, [...report.said, formatIngestReport([report.article])].join("\n"));
      return EXIT_OK;
    } catch (err) {
      if (!(err instanceof UserInputError)) throw err;
      writeLine(io.stderr, err.userMessage);
      return EXIT_FAILED;
    }
  },
};
