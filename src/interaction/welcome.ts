import type { CaseLibrary } from "../corpus/types.ts";
import { heading, para, reply, textReply } from "../reply/build.ts";
import type { Reply } from "../reply/types.ts";
import type { AnsweringServices } from "../dispatch/types.ts";

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
    const examples = [practice ? `${at}${practice}是怎么做的？` : `${at}代表联络站怎么建？`, place ? `${at}${place}有什么经验？` : `${at}怎么激发代表履职活力？`];
    return reply("info", [
      heading("大家好，我是案例通"),
      para("我收录了各地人大的典型案例。在群里 @我 提问，或回复我的消息，我就会找出做法相近的单位。"),
      para("例如：\n", examples.join("\n")),
      para(`输入 ${word("help")} 查看全部命令。`),
    ]);
  }
  const examples: string[] = [];
  if (practice) examples.push(`“${practice}”是怎么做的？`);
  if (practice && place) examples.push(`${place}在激发代表活力方面有哪些做法？`);
  const lines = [
    `您好！我是案例通，收录了 ${services.library.cases.length} 个人大工作典型案例。直接提问即可，例如：`,
    ...examples.map((e) => `· ${e}`),
    services.registry.get("subscribe") ? `发送“${word("help")}”查看全部命令，发送“${word("subscribe")}”每周收到一个案例。` : `发送“${word("help")}”查看全部命令。`,
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
