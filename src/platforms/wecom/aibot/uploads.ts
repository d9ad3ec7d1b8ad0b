import { decryptFile } from "@wecom/aibot-node-sdk";
import type { ChatRef } from "../../../chat.ts";
import { MAX_DOCUMENT_BYTES } from "../../../corpus/collection.ts";
import { tooLarge } from "../../../corpus/extract/errors.ts";
import { nameFromDisposition } from "../../../corpus/fetch-document.ts";
import { CasebotError } from "../../../errors.ts";
import { UPLOAD_TEXT } from "../../../messages/catalog.ts";
import { linkOnly, receiveDocument, receiveLink, type UploadLogger } from "../../../interaction/uploads.ts";
import type { Reply } from "../../../reply/types.ts";
import { extractText, stripMention, wecomContext, type WecomIncomingOptions, type WecomMessageBody } from "../incoming.ts";

/** How a file message's file is fetched and decrypted (AES-256-CBC with the message's aeskey). */
export interface FileDownloader {
  downloadFile(url: string, aesKey?: string): Promise<{ buffer: Buffer; filename?: string }>;
}

/** The same bounds as a Telegram download (platforms/telegram/files.ts). */
export const WECOM_DOWNLOAD_TIMEOUT_MS = 30_000;
/** AES-256-CBC with PKCS#7 padding adds at most one 32-byte block (WeCom pads to 32). */
const PADDING_BYTES = 32;

export interface BoundedDownloadOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * The SDK's downloadFile reads the whole response with a 10 s timeout and no size cap; this one
 * streams it under the Telegram download's time and size limits (counted as the bytes arrive,
 * not trusted from a header), then decrypts it with the SDK's own decryptFile.
 */
export function boundedDownloader(opts: BoundedDownloadOptions = {}): FileDownloader {
  const maxBytes = opts.maxBytes ?? MAX_DOCUMENT_BYTES;
  return {
    async downloadFile(url, aesKey) {
      const res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? WECOM_DOWNLOAD_TIMEOUT_MS) });
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw new Error(`HTTP ${res.status}`);
      }
      const chunks: Uint8Array[] = [];
      let total = 0;
      for await (const chunk of res.body) {
        total += chunk.length;
        if (total > maxBytes + PADDING_BYTES) throw tooLarge(undefined, `wecom file download over ${maxBytes} bytes`);
        chunks.push(chunk);
      }
      const raw = Buffer.concat(chunks);
      const buffer = aesKey ? decryptFile(raw, aesKey) : raw;
      if (buffer.length > maxBytes) throw tooLarge(undefined, `wecom file download over ${maxBytes} bytes`);
      return { buffer, filename: nameFromDisposition(res.headers.get("content-disposition") ?? undefined) };
    },
  };
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
          if (err instanceof CasebotError) throw err;
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
