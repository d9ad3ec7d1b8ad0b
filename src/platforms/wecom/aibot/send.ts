import { generateReqId, type SendMsgBody, type TemplateCard, type WsFrame, type WsFrameHeaders } from "@wecom/aibot-node-sdk";
import type { Reply } from "../../../reply/types.ts";
import { renderWecomMarkdown, splitWecomMarkdown, WECOM_MARKDOWN_MAX_BYTES, WECOM_STREAM_MAX_BYTES } from "../markdown.ts";
import { buttonCard } from "./card.ts";

/** The part of the SDK client that sends; narrow so tests and the channel need no live socket. */
export interface AibotSender {
  readonly isConnected: boolean;
  replyStream(frame: WsFrameHeaders, streamId: string, content: string, finish?: boolean): Promise<WsFrame>;
  replyStreamWithCard(frame: WsFrameHeaders, streamId: string, content: string, finish?: boolean, options?: { templateCard?: TemplateCard }): Promise<WsFrame>;
  sendMessage(chatid: string, body: SendMsgBody): Promise<WsFrame>;
}

export interface SendOptions {
  commandWord?: (name: string) => string;
  /** Put command buttons into a template card (default) instead of "send this word" hints. */
  cards?: boolean;
  /** Hears about each button card sent (the feedback buttons update it in place later). */
  onCard?: (card: TemplateCard) => void;
}

/**
 * Answers a callback frame: one finished stream reply (up to 20480 bytes of markdown), with a
 * button card attached when the reply has command buttons. Anything beyond the stream limit
 * follows as ordinary markdown messages of at most 4096 bytes each.
 */
export async function replyToFrame(client: AibotSender, frame: WsFrameHeaders, chatId: string, reply: Reply, opts: SendOptions = {}): Promise<void> {
  const card = opts.cards === false ? undefined : buttonCard(reply);
  if (card) opts.onCard?.(card);
  const markdown = renderWecomMarkdown(reply, { commandHints: !card, commandWord: opts.commandWord, colors: false });
  const [first = "", ...rest] = splitWecomMarkdown(markdown || " ", WECOM_STREAM_MAX_BYTES);
  const streamId = generateReqId("stream");
  if (card && rest.length === 0) await client.replyStreamWithCard(frame, streamId, first, true, { templateCard: card });
  else await client.replyStream(frame, streamId, first, true);
  for (const part of rest) await sendMarkdown(client, chatId, part);
  if (card && rest.length > 0) await client.sendMessage(chatId, { msgtype: "template_card", template_card: card });
}

/** Proactive markdown (aibot_send_msg), split so that no message exceeds 4096 bytes. */
async function sendMarkdown(client: AibotSender, chatId: string, markdown: string): Promise<void> {
  for (const chunk of splitWecomMarkdown(markdown, WECOM_MARKDOWN_MAX_BYTES)) {
    await client.sendMessage(chatId, { msgtype: "markdown", markdown: { content: chunk } });
  }
}

/**
 * A reply as new messages in a chat (aibot_send_msg): markdown parts, then the button card when
 * `cards` is on. `skip` parts are assumed delivered already (a resumed push); returns how many
 * parts the reply has in all, and `onPart` hears about each one that went out.
 */
export async function sendReply(
  client: AibotSender,
  chatId: string,
  reply: Reply,
  opts: SendOptions & { skip?: number; onPart?: (delivered: number) => void } = {},
): Promise<number> {
  const card = opts.cards ? buttonCard(reply) : undefined;
  if (card) opts.onCard?.(card);
  const parts: SendMsgBody[] = splitWecomMarkdown(
    renderWecomMarkdown(reply, { commandHints: !card, commandWord: opts.commandWord, colors: false }) || " ",
    WECOM_MARKDOWN_MAX_BYTES,
  ).map((content) => ({ msgtype: "markdown", markdown: { content } }));
  if (card) parts.push({ msgtype: "template_card", template_card: card });
  for (let i = opts.skip ?? 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part) continue;
    await client.sendMessage(chatId, part);
    opts.onPart?.(i + 1);
  }
  return parts.length;
}
