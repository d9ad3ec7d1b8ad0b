import { CasebotError } from "../../errors.ts";
import { UNREADABLE_MESSAGES, UNSUPPORTED_FORMAT } from "../../messages/documents.ts";
import { extensionOf } from "./extensions.ts";

/**
 * A file that cannot be read into blocks: a scan without a text layer, a password, a broken or
 * mislabelled file. `userMessage` tells the sender, in Chinese, what to send instead; `message`
 * (English, for logs) says what was wrong with which file.
 */
export class UnreadableDocumentError extends CasebotError {
  constructor(message: string, userMessage: string, options?: ErrorOptions) {
    super(message, userMessage, options);
  }
}

/**
 * A document refused because reading it would cost more than its limits (limits.ts): too large
 * once unpacked, too many pages or paragraphs, too slow, too much memory, or a reader that died
 * on it. At start-up such a file is quarantined, not retried (scan-articles.ts).
 */
export class DocumentLimitError extends UnreadableDocumentError {}

/**
 * The reader thread failed on a document in a way no refusal names (a bug in a library, or ours,
 * that these bytes set off). Such a document is quarantined; an error raised before a document
 * reached the reader (a bug of the process, not of the file) is not, or one bad release would move
 * the whole library aside.
 */
export class ReaderThreadError extends Error {
  override name = "ReaderThreadError";
}

export function limitExceeded(fileName: string, detail: string, userMessage: string): DocumentLimitError {
  return new DocumentLimitError(`${fileName}: ${detail}`, userMessage);
}

/** A file whose extension no extractor reads (.xlsx, .jpg …): the message names the extension. */
export function unsupportedFormat(fileName: string, extension: string): UnreadableDocumentError {
  return new UnreadableDocumentError(
    `${fileName}: unsupported file type .${extension}`,
    UNSUPPORTED_FORMAT(extension),
  );
}

/**
 * A file over the size limit. What helps depends on the format: a Word file, PDF or saved page is
 * mostly its images; a text file has none, so it can only be split. Without a name (a download
 * refused before its name is known) both are said.
 */
export function tooLarge(fileName: string | undefined, detail: string): UnreadableDocumentError {
  const ext = fileName ? extensionOf(fileName) : "";
  const kind = ["txt", "md", "markdown", "text"].includes(ext)
    ? "tooLargeText"
    : ["docx", "pdf", "html", "htm"].includes(ext)
      ? "tooLargeWithImages"
      : "tooLarge";
  return unreadable(kind, fileName ?? "download", detail);
}

export function unreadable(
  kind: keyof typeof UNREADABLE_MESSAGES,
  fileName: string,
  detail: string,
  cause?: unknown,
): UnreadableDocumentError {
  return new UnreadableDocumentError(
    `${fileName}: ${detail}`,
    UNREADABLE_MESSAGES[kind],
    cause === undefined ? undefined : { cause },
  );
}
