import type { ChatRef } from "../../../chat.ts";
import { CasebotError } from "../../../errors.ts";
import { UPLOAD_TEXT } from "../../../messages/catalog.ts";
import { linkOnly, receiveDocument, receiveLink, type UploadLogger } from "../../../interaction/uploads.ts";
import type { Reply } from "../../../reply/types.ts";
import { extractText, stripMention, wecomContext, type WecomIncomingOptions, type WecomMessageBody } from "../incoming.ts";

/** The SDK call that fetches a message's file and decrypts it (AES-256-CBC with the message's aeskey). */
export interface FileDownloader {
  downloadFile(url: string, aesKey?: string): Promise<{ buffer: Buffer; filename?: string }>;
}

/**
 * A file message (single chats only, by WeCom's rules): the URL is valid for five minutes, so an
 * editor's file is downloaded at once, through the SDK; the name comes with the download
 * (Content-Disposition). Who may send, and what is refused before downloading, is decided by
 * interaction/uploads.ts as on every platform.
 */
export async function fileMessageReply(
  client: FileDownloader,
  body: WecomMessageBody,
  chat: ChatRef,
  opts: WecomIncomingOptions,
  logger?: UploadLogger,
): Promise<Reply> {
  const ctx = wecomContext(body, chat, opts);
  const url = typeof body.file?.url === "string" ? body.file.url : undefined;
  const aesKey = typeof body.file?.aeskey === "string" ? body.file.aeskey : undefined;
  return receiveDocument(
    ctx,
    {
      async download() {
        if (!url) throw new CasebotError("wecom: file message without url", UPLOAD_TEXT.downloadFailed);
        try {
          const { buffer, filename } = await client.downloadFile(url, aesKey);
          return { bytes: new Uint8Array(buffer), fileName: filename };
        } catch (err) {
          // The SDK's axios error carries the signed URL; only its message goes on.
          throw new CasebotError(`wecom: file download failed: ${(err as Error)?.message ?? String(err)}`, UPLOAD_TEXT.downloadFailed);
        }
      },
    },
    logger,
  );
}

/** A single-chat text that is only a link: an editor sending a newsletter's address (as on Telegram). */
export function linkOf(body: WecomMessageBody): string | undefined {
  if (body.chattype === "group" || body.msgtype !== "text") return undefined;
  const text = extractText(body);
  return text === undefined ? undefined : linkOnly(stripMention(text));
}

export async function linkMessageReply(url: string, body: WecomMessageBody, chat: ChatRef, opts: WecomIncomingOptions, logger?: UploadLogger): Promise<Reply> {
  return receiveLink(wecomContext(body, chat, opts), url, logger);
}
