import { commandWord } from "../dispatch/registry.ts";
import type { CommandContext } from "../dispatch/types.ts";
import type { LibraryDocument } from "../corpus/collection-types.ts";
import { UserInputError } from "../errors.ts";
import { heading, para, reply, textReply } from "../reply/build.ts";
import type { Block, Reply } from "../reply/types.ts";
import { understoodBlocks } from "./upload-report.ts";
import { UPLOAD_TEXT } from "../messages/catalog.ts";
import { CORRECT_TEXT } from "../messages/catalog.ts";
import { EDIT_TEXT } from "../messages/corrections.ts";

/**
 * 更正 / /correct in chat: the same grammar as `cli correct` (corrections/edit.ts), for editors
 * in their private chat with the bot. Every change is stored beside the document and the live
 * library swapped before the reply, which shows the document as everyone is now answered from.
 */
export async function correctInChat(ctx: CommandContext, args: string): Promise<Reply> {
  if (!ctx.isEditor) return textReply("info", UPLOAD_TEXT.notEditorCommand);
  // Others in a group would read (and could not follow) the editor's back-and-forth.
  if (ctx.chat.type !== "private" && !ctx.capabilities.operator) return textReply("info", CORRECT_TEXT.privately);
  const newsletters = ctx.services.newsletters;
  if (!newsletters) return textReply("error", UPLOAD_TEXT.unavailable);
  const word = commandWord(ctx, "correct");
  // Loaded on demand: the grammar needs the unit grammar and the gazetteer, which a start-up from
  // a fresh cache never loads.
  const { parseEdit } = await import("../corpus/corrections/edit.ts");
  const [doc, ...words] = args.split(/\s+/).filter(Boolean);
  if (!doc) return textReply("info", `${CORRECT_TEXT.usageHead}\n\n${EDIT_TEXT.usage(word).replace(/\n/g, "\n\n")}`);
  try {
    const edit = parseEdit(words);
    if (edit.kind === "list") return reply("info", [...documentBlocks(await newsletters.document(doc)), para(CORRECT_TEXT.seeUsage(word))]);
    const report = await newsletters.correct(doc, edit, { by: `${ctx.chat.platform}:${ctx.user.id}`, now: ctx.now() });
    return reply("info", [...report.said.map((s) => para(s)), ...documentBlocks(report)]);
  } catch (err) {
    if (err instanceof UserInputError) return reply("error", [para(err.userMessage), para(CORRECT_TEXT.seeUsage(word))]);
    throw err;
  }
}

function documentBlocks({ file, article }: LibraryDocument): Block[] {
  const warnings = article.report.warnings.map((w) => para(`⚠ ${w}`));
  return [heading(CORRECT_TEXT.title(article.title)), para(CORRECT_TEXT.file(file, article.id)), ...understoodBlocks(article), ...warnings];
}
