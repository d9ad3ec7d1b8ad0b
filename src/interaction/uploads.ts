import { commandWord } from "../dispatch/registry.ts";
import type { CommandContext } from "../dispatch/types.ts";
import { MAX_DOCUMENT_BYTES } from "../corpus/collection.ts";
import { tooLarge, unreadable, unsupportedFormat } from "../corpus/extract/errors.ts";
import { extensionOf, isSupportedFile } from "../corpus/extract/extensions.ts";
import { CasebotError } from "../errors.ts";
import { textReply } from "../reply/build.ts";
import type { Reply } from "../reply/types.ts";
import { uploadReply } from "./upload-report.ts";
import { UPLOAD_TEXT } from "../messages/catalog.ts";

/** What an adapter knows of a document before downloading it, and how to download it. */
export interface IncomingDocument {
  /** As sent (Telegram's file_name); WeCom names the file only in the download's headers. */
  fileName?: string;
  /** Bytes, when the platform says so before the download. */
  size?: number;
  /** How a refusal names it when there is no file name (a link's address). */
  label?: string;
  /** Fetches the bytes (called only once every check that needs no download has passed). */
  download(): Promise<{ bytes: Uint8Array; fileName?: string; contentType?: string; modifiedAt?: Date }>;
}

/** Logs what went wrong behind a refusal (the user sees only its Chinese message). */
export interface UploadLogger {
  warn(obj: object, msg: string): void;
}

/**
 * The one flow for a document sent in chat, on every platform. In order, so that nothing is
 * downloaded that will not be taken: editors only; private chats only; a size the platform
 * announced over 20 MB and a name no extractor reads are refused before the download. Then
 * the document is read completely and stored (collection.addDocument), and the live library
 * swapped before the report is returned — nothing in the library is touched when any step fails.
 */
export async function receiveDocument(ctx: CommandContext, doc: IncomingDocument, logger?: UploadLogger): Promise<Reply> {
  if (!ctx.isEditor) return textReply("info", UPLOAD_TEXT.notEditor);
  if (ctx.chat.type === "group") return textReply("info", UPLOAD_TEXT.sendPrivately);
  const newsletters = ctx.services.newsletters;
  if (!newsletters) return textReply("error", UPLOAD_TEXT.unavailable);
  let announced = doc.fileName ?? doc.label ?? "文件";
  let downloaded = false;
  try {
    if (doc.size !== undefined && doc.size > MAX_DOCUMENT_BYTES) throw tooLarge(doc.fileName, `${announced}: ${doc.size} bytes announced`);
    if (doc.fileName) refuseByName(doc.fileName);
    const got = await doc.download();
    // Nameless (a Telegram document without file_name, a WeCom download without a disposition): the collection names it by content.
    const fileName = doc.fileName ?? got.fileName ?? "";
    if (got.fileName && !doc.fileName) announced = got.fileName;
    refuseByName(fileName);
    downloaded = true;
    const report = await newsletters.add({ fileName, bytes: got.bytes, contentType: got.contentType, modifiedAt: got.modifiedAt ?? ctx.now() });
    return uploadReply(report, commandWord(ctx, "correct"));
  } catch (err) {
    logger?.warn({ err, file: announced }, "upload refused");
    // An unexpected failure after the download (a full disk) is not a failed download: resending would not help.
    const why = err instanceof CasebotError ? err.userMessage : downloaded ? UPLOAD_TEXT.storeFailed : UPLOAD_TEXT.downloadFailed;
    return textReply("error", UPLOAD_TEXT.refused(announced, why));
  }
}

/** A name no extractor reads is refused before anything is read (the old Word format with its own advice). */
function refuseByName(fileName: string): void {
  const ext = extensionOf(fileName);
  if (!ext || isSupportedFile(fileName)) return;
  throw ext === "doc" ? unreadable("legacyDoc", fileName, ".doc is not .docx") : unsupportedFormat(fileName, ext);
}

/** A message that is nothing but one http(s) link: an editor sending a newsletter's address. */
export function linkOnly(text: string): string | undefined {
  const t = text.trim();
  return /^https?:\/\/\S+$/i.test(t) ? t : undefined;
}

/** An editor's link: fetched with the download limits and address policy (Newsletters.fetch), then the same flow as a file. */
export async function receiveLink(ctx: CommandContext, url: string, logger?: UploadLogger): Promise<Reply> {
  return receiveDocument(
    ctx,
    {
      label: url,
      async download() {
        const newsletters = ctx.services.newsletters;
        if (!newsletters) throw new CasebotError("uploads are off", UPLOAD_TEXT.unavailable);
        const got = await newsletters.fetch(url);
        return { bytes: got.bytes, fileName: got.fileName, contentType: got.contentType, modifiedAt: got.modifiedAt };
      },
    },
    logger,
  );
}
