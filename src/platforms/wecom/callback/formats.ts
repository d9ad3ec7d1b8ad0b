import { XMLBuilder, XMLParser } from "fast-xml-parser";
import type { EncryptedReply } from "../crypto.ts";
import type { WecomMessageBody } from "../incoming.ts";

/**
 * The wire formats of WeCom's encrypted callback, in both flavours:
 *
 * - AI bot (智能机器人, API mode): JSON envelope `{"encrypt": "..."}`; the plaintext is JSON with
 *   lower-case keys (msgid, chattype, from.userid, msgtype, text.content, response_url …); the
 *   passive reply is a JSON envelope `{encrypt, msgsignature, timestamp, nonce}`.
 * - Self-built app (自建应用): XML `<xml><Encrypt>…</Encrypt></xml>` (or the newer JSON variant with
 *   the same PascalCase fields); the plaintext has MsgId, FromUserName, MsgType, Content; the
 *   passive reply is the envelope in the same syntax as the request.
 */

export class CallbackFormatError extends Error {
  override name = "CallbackFormatError";
}

export type EnvelopeSyntax = "json" | "xml";

const parser = new XMLParser({
  ignoreAttributes: true,
  // Keep every value a string: MsgId is a 64-bit number that would lose digits as a JS number.
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
});
const builder = new XMLBuilder({ cdataPropName: "__cdata" });

/** Inline DTDs are the door to entity-expansion tricks; WeCom never sends one. */
function refuseDtd(text: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new CallbackFormatError("XML with a DTD is refused");
}

function parseXml(text: string): Record<string, unknown> {
  refuseDtd(text);
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch (err) {
    throw new CallbackFormatError(`malformed XML: ${(err as Error).message}`);
  }
  const root = (doc as { xml?: unknown } | undefined)?.xml;
  if (!root || typeof root !== "object") throw new CallbackFormatError("XML has no <xml> root element");
  return root as Record<string, unknown>;
}

/**
 * JSON.parse with 64-bit ids kept as strings: WeCom sends `"MsgId": 4561255354251345929`, which a
 * double would round. Only these keys are quoted; an escaped quote inside a string cannot match.
 */
export function parseJsonKeepingIds(text: string): unknown {
  const quoted = text.replace(/(?<!\\)"(MsgId|msgid|AgentID|agentid|CreateTime)"\s*:\s*(-?\d+)/g, '"$1":"$2"');
  try {
    return JSON.parse(quoted);
  } catch (err) {
    throw new CallbackFormatError(`malformed JSON: ${(err as Error).message}`);
  }
}

/** Finds the ciphertext in a POST body and remembers which syntax the reply must use. */
export function parseEnvelope(body: string, contentType = ""): { syntax: EnvelopeSyntax; encrypt: string } {
  const text = body.trim();
  if (text.startsWith("<") || /xml/i.test(contentType)) {
    const encrypt = parseXml(text).Encrypt;
    if (typeof encrypt !== "string" || encrypt === "") throw new CallbackFormatError("XML body has no <Encrypt>");
    return { syntax: "xml", encrypt };
  }
  const doc = parseJsonKeepingIds(text) as Record<string, unknown> | null;
  const encrypt = doc && typeof doc === "object" ? (doc.encrypt ?? doc.Encrypt) : undefined;
  if (typeof encrypt !== "string" || encrypt === "") throw new CallbackFormatError('JSON body has no "encrypt" field');
  return { syntax: "json", encrypt };
}

/** An AI-bot message (JSON, lower-case keys). */
export interface AibotMessage {
  kind: "aibot";
  body: WecomMessageBody & { response_url?: string; stream?: { id?: string } };
}

/** A self-built app message (XML or JSON, PascalCase keys), reduced to what we use. */
export interface AppMessage {
  kind: "app";
  /** Corp id the message was sent to (becomes FromUserName of the reply). */
  toUserName: string;
  fromUserName: string;
  msgType: string;
  msgId?: string;
  content?: string;
  event?: string;
}

export type CallbackMessage = AibotMessage | AppMessage;

export function parseMessage(plaintext: string): CallbackMessage {
  const text = plaintext.trim();
  const doc = text.startsWith("<") ? parseXml(text) : (parseJsonKeepingIds(text) as Record<string, unknown> | null);
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new CallbackFormatError("message is not an object");
  if ("MsgType" in doc || "FromUserName" in doc) {
    return {
      kind: "app",
      toUserName: str(doc.ToUserName) ?? "",
      fromUserName: str(doc.FromUserName) ?? "",
      msgType: str(doc.MsgType) ?? "",
      msgId: str(doc.MsgId) || undefined,
      content: str(doc.Content),
      event: str(doc.Event) || undefined,
    };
  }
  return { kind: "aibot", body: doc as AibotMessage["body"] };
}

function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return undefined;
}

/** A self-built app message in the neutral AI-bot shape, so incoming.ts can decode both alike. */
export function appToBody(m: AppMessage): WecomMessageBody {
  return {
    msgid: m.msgId,
    chattype: "single",
    from: { userid: m.fromUserName },
    msgtype: m.msgType,
    text: m.content !== undefined ? { content: m.content } : undefined,
  };
}

/** Plaintext of an AI-bot passive reply: a finished stream message whose content is markdown. */
export function aibotStreamReply(streamId: string, markdown: string): string {
  return JSON.stringify({ msgtype: "stream", stream: { id: streamId, finish: true, content: markdown } });
}

/** Plaintext of an AI-bot passive reply to the enter-chat event (only text is allowed there). */
export function aibotTextReply(content: string): string {
  return JSON.stringify({ msgtype: "text", text: { content } });
}

/** Plaintext of a self-built app passive text reply, in the syntax the message came in. */
export function appTextReply(m: AppMessage, content: string, createTime: number, syntax: "json" | "xml"): string {
  const fields = { ToUserName: m.fromUserName, FromUserName: m.toUserName, CreateTime: createTime, MsgType: "text" };
  if (syntax === "json") return JSON.stringify({ ...fields, Content: content });
  return builder.build({
    xml: {
      ToUserName: { __cdata: fields.ToUserName },
      FromUserName: { __cdata: fields.FromUserName },
      CreateTime: createTime,
      MsgType: { __cdata: "text" },
      Content: { __cdata: content },
    },
  }) as string;
}

/** The encrypted envelope WeCom expects as the HTTP response body. */
export function envelope(reply: EncryptedReply, syntax: EnvelopeSyntax): { body: string; contentType: string } {
  if (syntax === "json") {
    return {
      body: JSON.stringify({ encrypt: reply.encrypt, msgsignature: reply.msgsignature, timestamp: Number(reply.timestamp), nonce: reply.nonce }),
      contentType: "application/json; charset=utf-8",
    };
  }
  const body = builder.build({
    xml: {
      Encrypt: { __cdata: reply.encrypt },
      MsgSignature: { __cdata: reply.msgsignature },
      TimeStamp: reply.timestamp,
      Nonce: { __cdata: reply.nonce },
    },
  }) as string;
  return { body, contentType: "application/xml; charset=utf-8" };
}
