import type { TemplateCard, TemplateCardButton } from "@wecom/aibot-node-sdk";
import { randomBytes } from "node:crypto";
import { encodeAction } from "../../../interaction/actions.ts";
import type { Reply } from "../../../reply/types.ts";
import { CARD_TEXT } from "../../../messages/catalog.ts";

/** WeCom limits: at most 6 buttons, a key of at most 1024 bytes, a title of about 26 characters. */
const MAX_BUTTONS = 6;
const MAX_KEY_BYTES = 1024;
const TITLE_CHARS = 26;
const LABEL_CHARS = 10;

/**
 * A button_interaction card for the reply's command and paging buttons (查看全文, 其他单位), or
 * undefined when it has none: a card only where a click saves typing. Share buttons have no WeCom
 * counterpart and are left out. Keys come from the shared codec (src/interaction/actions.ts) at
 * WeCom's limit; a click comes back as template_card_event with the key.
 */
export function buttonCard(reply: Reply, taskId: string = newTaskId()): TemplateCard | undefined {
  const buttons: TemplateCardButton[] = [];
  for (const b of reply.buttons?.flat() ?? []) {
    const key = encodeAction(b.action, { maxBytes: MAX_KEY_BYTES });
    if (!key) continue;
    buttons.push({ text: buttonLabel(b.label), key, style: buttons.length === 0 ? 1 : 2 });
    if (buttons.length === MAX_BUTTONS) break;
  }
  if (buttons.length === 0) return undefined;
  const heading = reply.blocks.find((b) => b.kind === "heading");
  const title = heading && heading.kind === "heading" ? heading.spans.map((s) => s.text).join("") : CARD_TEXT.product;
  return {
    card_type: "button_interaction",
    main_title: { title: shorten(title, TITLE_CHARS), desc: CARD_TEXT.pressToContinue },
    button_list: buttons,
    task_id: taskId,
  };
}

/** Button texts should stay within 10 characters: "查看全文：某某单位" keeps the unit part. */
function buttonLabel(label: string): string {
  const chars = Array.from(label);
  if (chars.length <= LABEL_CHARS) return label;
  const tail = label.includes("：") ? label.slice(label.indexOf("：") + 1) : label;
  return shorten(tail, LABEL_CHARS);
}

/** task_id: unique per bot, only letters, digits and _-@, at most 128 bytes. */
export function newTaskId(): string {
  return `casebot_${Date.now()}_${randomBytes(6).toString("hex")}`;
}

function shorten(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join("") : chars.slice(0, max - 1).join("") + "…";
}
