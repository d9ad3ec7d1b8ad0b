// PLACEHOLDER until the search/answer work lands: minimal rendering so the app runs end to end.
import type { CaseLibrary } from "../corpus/types.ts";
import { caseButtons, caseTitle, shorten } from "./cards.ts";
import { heading, para, reply, textReply } from "../reply/build.ts";
import type { Reply } from "../reply/types.ts";
import type { AskResult } from "./types.ts";

export function renderAnswer(result: AskResult, library: CaseLibrary): Reply {
  const top = result.hits[0];
  if (!top) return textReply("nomatch", `没有找到与“${result.query}”相关的案例。`);
  return reply("answer", [heading(caseTitle(top.case)), para(shorten(top.case.lead, 120)), para(top.passage.text)], {
    caseId: top.case.id,
    buttons: [caseButtons(top.case)],
  });
  void library;
}

export function renderEmptyQuestion(library: CaseLibrary): Reply {
  return textReply("info", `请输入问题或关键词，例如：${library.cases[0]?.practices[0] ?? "联络站"}`);
}
