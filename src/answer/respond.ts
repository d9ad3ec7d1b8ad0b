import type { CaseLibrary } from "../corpus/types.ts";
import type { Reply } from "../reply/types.ts";
import { sanitize } from "../safety/input.ts";
import { renderAnswer, renderEmptyQuestion } from "./render.ts";
import type { Answerer, AskResult } from "./types.ts";

export interface Answered {
  result: AskResult;
  reply: Reply;
}

/**
 * A question as a chat user asks it: cleaned like every chat input (src/safety/input.ts), answered, and
 * rendered. The chat `ask` command and the CLI share this, so `cli ask --json` shows exactly
 * the reply a user would get.
 */
export function answerQuestion(answerer: Answerer, library: CaseLibrary, text: string): Answered {
  const clean = sanitize(text);
  if (!clean) return { result: { query: text, normalized: "", terms: [], total: 0, hits: [] }, reply: renderEmptyQuestion(library) };
  const result = answerer.ask(clean);
  return { result, reply: renderAnswer(result, library) };
}
