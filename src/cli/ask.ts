import { inputLines } from "./lines.ts";
import { answerQuestion } from "../answer/respond.ts";
import type { Answerer } from "../answer/types.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import { renderPlain } from "../reply/plain.ts";
import { openSearch } from "./context.ts";
import { EXIT_OK, EXIT_USAGE, parseFlags, writeLine, type CliCommand } from "./types.ts";
import { CLI_COMMANDS } from "../messages/cli.ts";

export interface AskJson {
  query: string;
  /**
   * Best first. `unit` is "" for an article's own text (cited by `sourceFile` and `headline`);
   * `otherPlace` marks another place's practice when the question names a place with no case.
   */
  hits: Array<{ id: string; unit: string; headline: string; score: number; passage: string; sourceFile: string | null; otherPlace: boolean }>;
  /** The place the question names, and whether the library has a case from it. */
  place?: { name: string; covered: boolean };
  /** The text a chat user would see. */
  reply: string;
}

export function askJson(answerer: Answerer, library: CaseLibrary, question: string): AskJson {
  const { result, reply } = answerQuestion(answerer, library, question);
  const otherPlace = result.place !== undefined && !result.place.covered;
  return {
    query: question,
    hits: result.hits.map((h) => ({
      id: h.case.id,
      unit: h.case.unit,
      headline: h.case.headline,
      score: h.score,
      passage: h.passage.text,
      sourceFile: library.article(h.case.articleId)?.sourceFile ?? null,
      otherPlace,
    })),
    ...(result.place ? { place: result.place } : {}),
    reply: renderPlain(reply),
  };
}

/**
 * `ask "问题"` answers one question; without a question it answers each stdin line in order.
 * With --json every answer is exactly one line of JSON (other checks parse this).
 */
export const askCli: CliCommand = {
  name: "ask",
  usage: CLI_COMMANDS.ask.usage,
  summary: CLI_COMMANDS.ask.summary,
  async run(args, io) {
    const { flags, rest, unknown } = parseFlags(args, ["--json"]);
    if (unknown.length) {
      writeLine(io.stderr, `unknown option ${unknown.join(" ")}\nusage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const { answerer, library } = await openSearch(io);
    const json = flags.has("--json");
    const answer = (q: string) => {
      if (json) writeLine(io.stdout, JSON.stringify(askJson(answerer, library, q)));
      else writeLine(io.stdout, renderPlain(answerQuestion(answerer, library, q).reply) + "\n");
    };
    if (rest.length) {
      answer(rest.join(" "));
      return EXIT_OK;
    }
    for await (const line of inputLines(io.stdin)) answer(line);
    return EXIT_OK;
  },
};
