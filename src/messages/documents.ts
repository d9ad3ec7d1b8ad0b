/**
 * What a user reads about a document they sent or linked: why it could not be read or fetched,
 * what to send instead, and the warnings of an upload's report. Part of the message catalog
 * (catalog.ts); a leaf like it.
 */

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
  garbled: "这个文件的文字编码无法可靠识别（解码后大量是乱码），无法收录。请在浏览器或记事本中打开，把正文复制到 Word 文档，或另存为 UTF-8 编码后再发送。",
  archive: "这是一个压缩包，不是 Word 文档。请解压后逐个发送 Word 文档（.docx）、PDF、网页（.html）或纯文本（.txt、.md）文件。",
} as const;

/** Warnings in an upload's report (extract-time, in Chinese like the refusals). */
export const EXTRACT_WARNINGS = {
  garbled: (encoding: string) => `文字编码按 ${encoding.toUpperCase()} 识别，但部分文字看起来仍是乱码。请核对标题和正文；如有乱码，请把正文复制到 Word 文档后重新发送。`,
  /** A file named for one format holding another: read as what it is (extract/index.ts). */
  misnamed: (ext: string, read: string) => `文件名为 .${ext}，${read}`,
  readAsPdf: "但内容是 PDF，已按 PDF 读取。",
  readAsDocx: "但内容是 Word 文档，已按 Word 文档读取。",
  readAsHtml: "但内容是网页，已按网页读取。",
  /** mammoth's messages an editor should see (extract/docx.ts). */
  docxPartly: (message: string) => `Word 文档的部分内容可能未读出：${message}`,
} as const;

/** The limit refusals, each naming its real cause (tests assert them). */
export const LIMIT_MESSAGES = {
  unpacked: (mb: number) => `这个文件解压后超过 ${mb} MB，无法收录。请拆分成较小的文件后再发送。`,
  zipEntries: (n: number) => `这个 Word 文档包含的部件超过 ${n} 个，结构异常，无法收录。请在 Word 或 WPS 中重新保存后再发送。`,
  paragraphs: (n: number) => `这个文件超过 ${n} 段，无法收录。请拆分成较小的文件后再发送。`,
  textChars: (chars: number) => `这个文件的文字超过 ${chars >= 10_000 ? `${Math.round(chars / 10_000)} 万` : `${chars} `}字，无法收录。请拆分成较小的文件后再发送。`,
  pdfPages: (pages: number, max: number) => `这个 PDF 共 ${pages} 页，超过 ${max} 页的上限，无法收录。请拆分成较小的文件后再发送。`,
  pdfText: "这个 PDF 解压后的文字内容过多，无法收录。请重新导出或拆分成较小的文件后再发送。",
  htmlBytes: (mb: number) => `这个网页文件超过 ${mb} MB，无法收录。请只保存文章正文，或把正文复制到 Word 文档后再发送。`,
  htmlDepth: (n: number) => `这个网页的标签嵌套超过 ${n} 层，结构异常，无法收录。请把正文复制到 Word 文档后再发送。`,
  htmlElements: (n: number) => `这个网页的元素超过 ${n} 个，结构过于复杂，无法收录。请把正文复制到 Word 文档后再发送。`,
  timeout: (seconds: number) => `读取这个文件超过 ${seconds} 秒仍未完成，已停止。文件可能过大或结构异常，请拆分或重新导出后再发送。`,
  memory: "读取这个文件所需的内存超过上限（解压后内容过大），已停止。请拆分成较小的文件后再发送。",
  crashed: "读取这个文件时读取程序意外退出，已停止。请把文件发给维护人员检查。",
} as const;

/** The formats the library reads, as the refusal of any other file names them. */
export const SUPPORTED_FORMATS_TEXT = "Word 文档（.docx）、PDF、网页（.html）或纯文本（.txt、.md）";

/** A file whose extension no extractor reads (.xlsx, .jpg …): the refusal names the extension. */
export const UNSUPPORTED_FORMAT = (extension: string) => `暂不支持 .${extension} 文件。请发送 ${SUPPORTED_FORMATS_TEXT}文件。`;

/** A file the reader failed on for no reason a refusal names (read-document.ts failureOf). */
export const READ_FAILED = "读取这个文件时出错，已跳过。请把文件发给维护人员检查。";

/** Why a linked document could not be downloaded (fetch-document.ts). */
export const FETCH_MESSAGES = {
  badUrl: "这不是有效的网址。请发送以 http:// 或 https:// 开头的完整链接。",
  scheme: "只能下载 http:// 或 https:// 开头的网址。",
  redirects: "这个网址跳转次数过多（超过 5 次），无法下载。请发送文章的最终地址。",
  timeout: (s: number) => `下载超时（${s} 秒内没有完成）。请稍后重试，或下载后直接发送文件。`,
  tooLarge: "网址上的文件超过 20 MB，无法下载。请压缩其中的图片或拆分文档后再发送。",
  status: (code: number) => `网站返回错误（HTTP ${code}），无法下载。请确认链接能在浏览器中打开。`,
  type: (type: string) => `这个网址的内容是 ${type}，不是网页、PDF、Word 文档或纯文本，无法收录。`,
  unknownType: "无法确定这个网址上的文件格式。请下载后直接发送 Word 文档（.docx）、PDF、网页（.html）或纯文本（.txt）文件。",
  network: "无法连接到这个网站。请确认网址正确、网站可以访问后重试。",
  refused: "出于安全原因，不能从这个地址下载。",
} as const;

/** A file set aside after its reader died on it twice (corpus/quarantine.ts). */
export const QUARANTINE_TEXT = {
  crashed: "上次读取这个文件时程序两次意外退出，已隔离，不再自动读取。请把文件发给维护人员检查。",
} as const;

/** Why the articles folder's scan left a file out (corpus/scan-articles.ts). */
export const SCAN_TEXT = {
  noArticlesDir: (dir: string) => `无法读取新闻稿目录 ${dir}，请检查 ARTICLES_DIR / DATA_DIR 的设置和权限。`,
  unreadable: "无法读取",
  duplicate: (of: string) => `与 ${of} 内容相同，未重复收录`,
  idConflict: (of: string, id: string) => `与 ${of} 的文章编号相同（${id}），未收录；请给其中一个改名`,
} as const;
