import type { CaseLibrary } from "../corpus/types.ts";
import { heading, para, reply, textReply } from "../reply/build.ts";
import type { Reply } from "../reply/types.ts";
import type { AnsweringServices } from "../dispatch/types.ts";
import { WELCOME_TEXT } from "../messages/catalog.ts";

export interface WelcomeOptions {
  /** "group": the bot was just added to a group; "private": someone opened a chat with it. */
  chat: "group" | "private";
  /** The bot's @name, which group examples start with. */
  mention?: string;
  /** How a command is invoked where the user is (/help, or the Chinese word 帮助). */
  commandWord(name: string): string;
}

/**
 * The one welcome, for every platform: who the bot is, two example questions taken from the corpus
 * (so they always have an answer) and how to see the commands. A group hears how to address the
 * bot there; a private chat is told it can just ask.
 */
export function welcome(services: AnsweringServices, opts: WelcomeOptions): Reply {
  const { practice, place } = exampleSources(services.library);
  const word = opts.commandWord;
  if (opts.chat === "group") {
    const at = opts.mention ? `@${opts.mention} ` : "";
    const T = WELCOME_TEXT.group;
    const examples = [practice ? T.practice(at, practice) : T.noPractice(at), place ? T.place(at, place) : T.noPlace(at)];
    return reply("info", [heading(T.heading), para(T.intro), para(T.examplesHead, examples.join("\n")), para(T.help(word("help")))]);
  }
  const T = WELCOME_TEXT.private;
  const examples: string[] = [];
  if (practice) examples.push(T.practice(practice));
  if (practice && place) examples.push(T.place(place));
  const lines = [
    T.intro(services.library.cases.length),
    ...examples.map((e) => `· ${e}`),
    services.registry.get("subscribe") ? T.helpAndSubscribe(word("help"), word("subscribe")) : T.help(word("help")),
  ];
  return textReply("info", lines.join("\n"));
}

/** A named practice of the first case that has one, and the place of a later case: two different units. */
function exampleSources(library: CaseLibrary): { practice?: string; place?: string } {
  const cases = library.cases;
  const at = cases.findIndex((c) => c.practices[0]);
  const practice = cases[at]?.practices[0];
  const place = cases.slice(at + 1).find((c) => c.place)?.place;
  return { practice, place };
}
