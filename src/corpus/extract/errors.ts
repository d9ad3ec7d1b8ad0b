import { CasebotError } from "../../errors.ts";
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

/** Every user-visible text of the format extractors, in one place (tests assert them). */
export const UNREADABLE_MESSAGES = {
  scannedPdf: "这个 PDF 没有文字层（可能是扫描件），无法读取。请发送 Word 文档或可复制文字的 PDF。",
  encryptedPdf: "这个 PDF 设置了打开密码，无法读取。请取消密码后重新导出，再发送。",
  brokenPdf: "这个 PDF 文件已损坏或不完整，无法读取。请重新导出后再发送。",
  notPdf: "这个文件名为 .pdf，但内容不是 PDF。请确认文件后重新发送。",
  notDocx: "这个文件名为 .docx，但内容不是 Word 文档。请确认文件后重新发送。",
  legacyDoc: "这是旧版 Word（.doc）格式的文件，无法读取。请在 Word 或 WPS 中另存为 .docx 后再发送。",
  brokenDocx: "这个 Word 文档已损坏，无法读取。请在 Word 或 WPS 中重新保存后再发送。",
  emptyDocx: "这个 Word 文档里没有文字（可能只有图片），无法读取。请发送含文字的文档。",
  notHtml: "这个文件名为网页（.html），但内容不是网页。请确认文件后重新发送。",
  notText: "这个文件名为纯文本（.txt/.md），但内容不是文字。请确认文件后重新发送。",
  emptyHtml: "这个网页里没有找到正文，无法读取。请发送文章正文或 Word 文档。",
  empty: "文件是空的，请确认后重新发送。",
  tooLarge: "文件超过 20 MB，无法收录。请拆分文档（Word、PDF 可先压缩其中的图片）后再发送。",
  tooLargeWithImages: "文件超过 20 MB，无法收录。请压缩其中的图片或拆分文档后再发送。",
  tooLargeText: "文件超过 20 MB，无法收录。请把它拆分成几个较小的文本文件后再发送。",
  unknownFormat: "无法识别这个文件的格式。请发送 Word 文档（.docx）、PDF、网页（.html）或纯文本（.txt、.md）文件。",
  archive: "这是一个压缩包，不是 Word 文档。请解压后逐个发送 Word 文档（.docx）、PDF、网页（.html）或纯文本（.txt、.md）文件。",
} as const;

/** The formats the library reads, as the refusal of any other file names them. */
export const SUPPORTED_FORMATS_TEXT = "Word 文档（.docx）、PDF、网页（.html）或纯文本（.txt、.md）";

/** A file whose extension no extractor reads (.xlsx, .jpg …): the message names the extension. */
export function unsupportedFormat(fileName: string, extension: string): UnreadableDocumentError {
  return new UnreadableDocumentError(
    `${fileName}: unsupported file type .${extension}`,
    `暂不支持 .${extension} 文件。请发送 ${SUPPORTED_FORMATS_TEXT}文件。`,
  );
}

/**
 * A file over the size limit. What helps depends on the format: a Word file, PDF or saved page is
 * mostly its images; a text file has none, so it can only be split. Without a name (a download
 * refused before its name is known) both are said.
 */
export function tooLarge(fileName: string | undefined, detail: string): UnreadableDocumentError {
  const ext = fileName ? extensionOf(fileName) : "";
  const kind = ["txt", "md", "markdown", "text"].includes(ext) ? "tooLargeText" : ["docx", "pdf", "html", "htm"].includes(ext) ? "tooLargeWithImages" : "tooLarge";
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
